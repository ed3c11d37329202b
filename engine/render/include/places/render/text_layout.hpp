#pragma once
// Text layout as pure functions: UTF-8 decoding and string -> glyph quads in
// ems, and world text -> textured triangles in the local frame. No GPU: the
// renderer uploads the vertices each frame.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "places/render/font_atlas.hpp"
#include "places/render/world_text.hpp"

namespace places::render {

struct Utf8Decoded {
    std::u32string codepoints;
    std::uint32_t invalidSequences = 0;  // each replaced by U+FFFD (then drawn as the fallback glyph)
};
// Strict UTF-8 (RFC 3629): overlong forms, surrogates, values above U+10FFFF
// and truncated sequences are invalid; decoding resumes at the next byte.
Utf8Decoded decodeUtf8(std::string_view text);

struct GlyphQuad {
    glm::vec2 min{0.0f}, max{0.0f};      // ems, x right, y up; the block's bottom centre is (0, 0)
    glm::vec2 uvMin{0.0f}, uvMax{0.0f};  // uvMin is the top-left texel corner
};

struct TextLayout {
    std::vector<GlyphQuad> quads;       // one per visible glyph (none for spaces)
    glm::vec2 size{0.0f};               // ems: widest line x number of lines' height
    std::uint32_t lines = 0;
    std::uint32_t missingGlyphs = 0;    // codepoints not in the atlas, drawn as its fallback
    std::uint32_t invalidSequences = 0; // bad UTF-8, drawn as the fallback
};
// Lines (split at '\n') are centred on x = 0 and stacked upwards, the last
// line's descent at y = 0. Bounded: at most kMaxTextGlyphs glyphs are laid out
// (the rest are counted as missing).
inline constexpr std::size_t kMaxTextGlyphs = 4096;
TextLayout layoutText(const FontAtlas& font, std::string_view utf8);

// 36 bytes, the text pipeline's vertex.
struct TextVertex {
    glm::vec3 position{0.0f};   // local frame
    glm::vec2 uv{0.0f};
    std::uint32_t colour = 0;   // linear RGBA8 fill (R lowest byte)
    std::uint32_t outline = 0;  // linear RGBA8 outline
};

struct TextBuildStats {
    std::uint32_t texts = 0;          // drawn (alpha > 0, non-empty)
    std::uint32_t glyphs = 0;
    std::uint32_t missingGlyphs = 0;
    std::uint32_t invalidSequences = 0;
};
// Appends two triangles per glyph of every text. `viewer`: the eye billboards
// face (they turn about the vertical axis only, so text stays upright).
TextBuildStats appendTextTriangles(std::vector<TextVertex>& out, const FontAtlas& font,
                                   std::span<const WorldText> texts, const glm::vec3& viewer);

// Pixel height of `heightM` seen from `distanceM` straight ahead in a
// viewport `viewportHeightPx` tall with vertical field of view `fovDeg`.
double projectedHeightPx(double heightM, double distanceM, double viewportHeightPx, double fovDeg);

}  // namespace places::render
