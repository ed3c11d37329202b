#pragma once
// A signed-distance-field glyph atlas rasterised from a TrueType font with
// stb_truetype (plain CPU data, no GPU; GpuTextResources uploads it). SDF
// glyphs stay crisp at any scale: the text shader thresholds the distance at
// the glyph edge and anti-aliases by its screen-space derivative.
// Coverage: printable ASCII, Latin-1 (umlauts, ß) and the typographic
// punctuation of U+2010..U+201E and U+2026 (en dash, quotes, ellipsis), the
// euro sign and the arrows U+2190..U+2193 (direction signs).
// Metrics are in ems (1 em = the font size), y up from the baseline.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include <glm/vec2.hpp>

#include "places/core/diagnostic.hpp"

namespace places::render {

struct Glyph {
    char32_t codepoint = 0;
    float advance = 0.0f;           // ems to the next pen position
    glm::vec2 offset{0.0f};         // ems: the quad's bottom-left corner from the pen on the baseline
    glm::vec2 size{0.0f};           // ems; 0 for blank glyphs (space)
    glm::vec2 uvMin{0.0f}, uvMax{0.0f};  // atlas coordinates of the quad (uvMin at the top-left)
};

struct FontAtlas {
    std::uint32_t width = 0, height = 0;
    std::vector<std::uint8_t> distance;  // width*height, 128 = on the edge, larger = inside
    std::vector<Glyph> glyphs;           // sorted by codepoint
    float pixelsPerEm = 0.0f;            // of the rasterisation
    float ascent = 0.0f, descent = 0.0f, lineGap = 0.0f;  // ems; descent negative
    float distanceRangeEm = 0.0f;        // ems from the edge to distance 0 (or 255) in the atlas
    std::uint32_t fallback = 0;          // glyphs[] index drawn for a missing codepoint ('?')

    const Glyph* find(char32_t codepoint) const;  // nullptr when not in the atlas
    float lineHeight() const { return ascent - descent + lineGap; }
};

struct FontAtlasOptions {
    float pixelsPerEm = 40.0f;   // rasterisation size: ~28 px capitals; larger costs atlas space
    int paddingPx = 5;           // distance field beyond the outline, each side
};

// `ttf`: the font file's bytes (one font, not a collection); `source` names it
// in diagnostics. Fails (no value, an error) when the bytes are no TrueType
// font or the font lacks '?'; each codepoint of the coverage the font lacks is
// counted ("font: missing glyph"), not an error.
Result<FontAtlas> buildFontAtlas(std::span<const std::uint8_t> ttf, std::string_view source,
                                 const FontAtlasOptions& options = {});
Result<FontAtlas> loadFontAtlas(const std::filesystem::path& ttfPath, const FontAtlasOptions& options = {});

// Names what buildFontAtlas makes of a font (coverage, packing, SDF
// parameters): change it whenever its output changes, so on-disk copies of
// atlases (places::runtime::cachedDefaultFontAtlas) made before are not used.
inline constexpr const char* kFontAtlasRevision = "sdf-1";

// The atlas of the built-in font (embedded_font.hpp: DejaVu Sans).
Result<FontAtlas> defaultFontAtlas(const FontAtlasOptions& options = {});

}  // namespace places::render
