#include "places/render/font_atlas.hpp"
#include "places/render/embedded_font.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <stb/stb_truetype.h>  // libstb.so holds the implementation

namespace places::render {

namespace {

// The atlas' coverage: printable ASCII, Latin-1, typographic punctuation, euro,
// and the arrows ←↑→↓ that direction signs use.
constexpr std::pair<char32_t, char32_t> kCoverage[] = {
    {0x20, 0x7e}, {0xa0, 0xff}, {0x2010, 0x201e}, {0x2026, 0x2026}, {0x20ac, 0x20ac}, {0x2190, 0x2193},
    {0xfffd, 0xfffd}};
constexpr std::uint32_t kAtlasWidth = 512;
// No more than this many pixels of atlas, whatever the options ask (bounded work).
constexpr std::uint64_t kMaxAtlasPixels = 4096ull * 4096ull;

struct Bitmap {
    char32_t codepoint;
    int width, height, xoff, yoff;
    unsigned char* pixels;  // owned by stb (stbtt_FreeSDF)
    float advance;
};

}  // namespace

const Glyph* FontAtlas::find(char32_t codepoint) const {
    const auto it = std::lower_bound(glyphs.begin(), glyphs.end(), codepoint,
                                     [](const Glyph& g, char32_t c) { return g.codepoint < c; });
    return it != glyphs.end() && it->codepoint == codepoint ? &*it : nullptr;
}

Result<FontAtlas> buildFontAtlas(std::span<const std::uint8_t> ttf, std::string_view source,
                                 const FontAtlasOptions& options) {
    Result<FontAtlas> result;
    const SourceLocation where{std::string(source)};
    stbtt_fontinfo info{};
    // stb_truetype trusts the offsets inside the file; check the table directory
    // fits before handing it over (a truncated file is the common bad input).
    if (ttf.size() < 12 || stbtt_GetNumberOfFonts(ttf.data()) != 1 ||
        stbtt_GetFontOffsetForIndex(ttf.data(), 0) != 0) {
        result.diagnostics.error(where, "not a single TrueType/OpenType font");
        return result;
    }
    const std::uint32_t tables = std::uint32_t{ttf[4]} << 8 | ttf[5];
    if (12 + std::size_t{tables} * 16 > ttf.size()) {
        result.diagnostics.error(where, "truncated font: table directory beyond the end of the file");
        return result;
    }
    for (std::uint32_t t = 0; t < tables; ++t) {
        const std::uint8_t* e = ttf.data() + 12 + t * 16;
        auto be32 = [](const std::uint8_t* p) {
            return std::uint64_t{p[0]} << 24 | std::uint64_t{p[1]} << 16 | std::uint64_t{p[2]} << 8 | std::uint64_t{p[3]};
        };
        const std::uint64_t offset = be32(e + 8), length = be32(e + 12);
        if (offset + length > ttf.size()) {
            SourceLocation at = where;
            at.byteOffset = 12 + t * 16;
            result.diagnostics.error(at, "truncated font: table '" + std::string(reinterpret_cast<const char*>(e), 4) +
                                             "' extends beyond the end of the file");
            return result;
        }
    }
    if (!stbtt_InitFont(&info, ttf.data(), 0)) {
        result.diagnostics.error(where, "not a TrueType font stb_truetype can read (no cmap, head or hhea table)");
        return result;
    }
    if (stbtt_FindGlyphIndex(&info, '?') == 0) {
        result.diagnostics.error(where, "the font has no '?' glyph (the fallback for missing characters)");
        return result;
    }

    FontAtlas atlas;
    atlas.pixelsPerEm = std::clamp(options.pixelsPerEm, 8.0f, 128.0f);
    const int padding = std::clamp(options.paddingPx, 1, 16);
    const float scale = stbtt_ScaleForMappingEmToPixels(&info, atlas.pixelsPerEm);
    const float toEm = scale / atlas.pixelsPerEm;
    int ascent = 0, descent = 0, lineGap = 0;
    stbtt_GetFontVMetrics(&info, &ascent, &descent, &lineGap);
    atlas.ascent = float(ascent) * toEm;
    atlas.descent = float(descent) * toEm;
    atlas.lineGap = float(lineGap) * toEm;
    atlas.distanceRangeEm = float(padding) / atlas.pixelsPerEm;

    // Rasterise every covered glyph: 128 on the outline, 0 at `padding` pixels outside.
    std::vector<Bitmap> bitmaps;
    for (const auto& [first, last] : kCoverage)
        for (char32_t c = first; c <= last; ++c) {
            if (stbtt_FindGlyphIndex(&info, int(c)) == 0) {
                result.diagnostics.count("font: missing glyph");
                continue;
            }
            Bitmap b{c, 0, 0, 0, 0, nullptr, 0.0f};
            int advance = 0, bearing = 0;
            stbtt_GetCodepointHMetrics(&info, int(c), &advance, &bearing);
            b.advance = float(advance) * toEm;
            b.pixels = stbtt_GetCodepointSDF(&info, scale, int(c), padding, 128, 128.0f / float(padding), &b.width,
                                             &b.height, &b.xoff, &b.yoff);
            bitmaps.push_back(b);
        }

    // Shelf packing, tallest first, kGap texels apart (and from the atlas'
    // edges, which the repeating sampler wraps): mip level 3, what a name tag
    // a few pixels high samples, still keeps neighbours a texel apart.
    std::vector<std::size_t> order(bitmaps.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return bitmaps[a].height != bitmaps[b].height ? bitmaps[a].height > bitmaps[b].height
                                                      : bitmaps[a].codepoint < bitmaps[b].codepoint;
    });
    std::vector<glm::ivec2> positions(bitmaps.size());
    constexpr int kGap = 8;
    int x = kGap, y = kGap, shelf = 0;
    for (std::size_t i : order) {
        const Bitmap& b = bitmaps[i];
        if (!b.pixels) continue;
        if (x + b.width + kGap > int(kAtlasWidth)) {
            x = kGap;
            y += shelf + kGap;
            shelf = 0;
        }
        positions[i] = {x, y};
        x += b.width + kGap;
        shelf = std::max(shelf, b.height);
    }
    std::uint32_t height = 1;
    while (height < std::uint32_t(y + shelf + kGap)) height *= 2;
    if (std::uint64_t{kAtlasWidth} * height > kMaxAtlasPixels) {
        for (Bitmap& b : bitmaps) stbtt_FreeSDF(b.pixels, nullptr);
        result.diagnostics.error(where, "glyph atlas larger than 4096x4096 at " +
                                            std::to_string(atlas.pixelsPerEm) + " pixels per em");
        return result;
    }
    atlas.width = kAtlasWidth;
    atlas.height = height;
    atlas.distance.assign(std::size_t{atlas.width} * atlas.height, 0);
    for (std::size_t i = 0; i < bitmaps.size(); ++i) {
        const Bitmap& b = bitmaps[i];
        Glyph g;
        g.codepoint = b.codepoint;
        g.advance = b.advance;
        if (b.pixels) {
            for (int row = 0; row < b.height; ++row)
                std::copy_n(b.pixels + std::size_t(row) * std::size_t(b.width), b.width,
                            atlas.distance.begin() +
                                std::ptrdiff_t((std::size_t(positions[i].y + row)) * atlas.width + std::size_t(positions[i].x)));
            stbtt_FreeSDF(b.pixels, nullptr);
            // stb's offsets: the bitmap's top-left from the pen, y down, in pixels.
            g.offset = glm::vec2(float(b.xoff), float(-b.yoff - b.height)) / atlas.pixelsPerEm;
            g.size = glm::vec2(float(b.width), float(b.height)) / atlas.pixelsPerEm;
            g.uvMin = glm::vec2(float(positions[i].x) / float(atlas.width), float(positions[i].y) / float(atlas.height));
            g.uvMax = glm::vec2(float(positions[i].x + b.width) / float(atlas.width),
                                float(positions[i].y + b.height) / float(atlas.height));
        }
        atlas.glyphs.push_back(g);
    }
    // Coverage ranges ascend, so the glyphs are already sorted by codepoint.
    atlas.fallback = static_cast<std::uint32_t>(atlas.find('?') - atlas.glyphs.data());
    result.value = std::move(atlas);
    return result;
}

Result<FontAtlas> loadFontAtlas(const std::filesystem::path& ttfPath, const FontAtlasOptions& options) {
    std::ifstream in(ttfPath, std::ios::binary);
    if (!in) {
        Result<FontAtlas> result;
        result.diagnostics.error({ttfPath.string()}, "cannot open the font file");
        return result;
    }
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return buildFontAtlas(bytes, ttfPath.string(), options);
}

Result<FontAtlas> defaultFontAtlas(const FontAtlasOptions& options) {
    const std::span<const std::byte> ttf = embeddedFont();
    return buildFontAtlas({reinterpret_cast<const std::uint8_t*>(ttf.data()), ttf.size()}, "DejaVu Sans (built in)",
                          options);
}

}  // namespace places::render
