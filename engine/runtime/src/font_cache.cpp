#include "places/runtime/font_cache.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cache_bytes.hpp"
#include "places/core/mapped_file.hpp"
#include "places/core/version.hpp"
#include "places/render/embedded_font.hpp"
#include "places/runtime/import_cache.hpp"

namespace places::runtime {

namespace fs = std::filesystem;

namespace {

constexpr char kFontCacheMagic[8] = {'P', 'L', 'F', 'O', 'N', 'T', '0', '1'};

// What the renderer and the text layout take from an entry without checking
// again: an image every Vulkan device can hold (4096 is the least
// maxImageDimension2D the specification allows), finite metrics, and glyph
// quads of finite size that sample inside the atlas.
bool usable(const render::FontAtlas& atlas) {
    constexpr std::uint32_t kMaxSide = 4096;
    const auto finite = [](float v) { return std::isfinite(v); };
    const auto inAtlas = [](glm::vec2 uv) { return uv.x >= 0.0f && uv.x <= 1.0f && uv.y >= 0.0f && uv.y <= 1.0f; };
    if (atlas.width == 0 || atlas.height == 0 || atlas.width > kMaxSide || atlas.height > kMaxSide) return false;
    if (!(atlas.pixelsPerEm > 0.0f) || !finite(atlas.pixelsPerEm) || !finite(atlas.ascent) ||
        !finite(atlas.descent) || !finite(atlas.lineGap) || !finite(atlas.distanceRangeEm))
        return false;
    for (const render::Glyph& g : atlas.glyphs)
        if (!finite(g.advance) || !finite(g.offset.x) || !finite(g.offset.y) || !(g.size.x >= 0.0f) ||
            !(g.size.y >= 0.0f) || !finite(g.size.x) || !finite(g.size.y) || !inAtlas(g.uvMin) || !inAtlas(g.uvMax))
            return false;
    return true;
}

std::uint64_t keyOf(const render::FontAtlasOptions& options) {
    const std::span<const std::byte> ttf = render::embeddedFont();
    char parameters[96];
    std::snprintf(parameters, sizeof parameters, "\n%a %d\n", static_cast<double>(options.pixelsPerEm),
                  options.paddingPx);
    // The font's bytes hashed in place (not copied into the key twice first).
    const std::uint64_t font = cacheHash(std::string_view(reinterpret_cast<const char*>(ttf.data()), ttf.size()));
    return cacheHash(std::string(parameters) + kVersion + "\n" + render::kFontAtlasRevision, font);
}

}  // namespace

std::string encodeFontAtlasEntry(std::uint64_t key, const render::FontAtlas& atlas) {
    cache_bytes::Writer w;
    for (char c : kFontCacheMagic) w.u8(static_cast<std::uint8_t>(c));
    w.u64(key);
    w.u32(atlas.width);
    w.u32(atlas.height);
    w.f32(atlas.pixelsPerEm);
    w.f32(atlas.ascent);
    w.f32(atlas.descent);
    w.f32(atlas.lineGap);
    w.f32(atlas.distanceRangeEm);
    w.u32(atlas.fallback);
    w.u32(static_cast<std::uint32_t>(atlas.glyphs.size()));
    for (const render::Glyph& g : atlas.glyphs) {
        w.u32(static_cast<std::uint32_t>(g.codepoint));
        w.f32(g.advance);
        w.vec(g.offset);
        w.vec(g.size);
        w.vec(g.uvMin);
        w.vec(g.uvMax);
    }
    w.bytes(atlas.distance);
    return w.take();
}

std::optional<render::FontAtlas> decodeFontAtlasEntry(std::string_view bytes, std::uint64_t key) {
    cache_bytes::Reader r(bytes);
    for (char c : kFontCacheMagic)
        if (r.u8() != static_cast<std::uint8_t>(c)) return std::nullopt;
    if (r.u64() != key || !r.ok()) return std::nullopt;
    render::FontAtlas atlas;
    atlas.width = r.u32();
    atlas.height = r.u32();
    atlas.pixelsPerEm = r.f32();
    atlas.ascent = r.f32();
    atlas.descent = r.f32();
    atlas.lineGap = r.f32();
    atlas.distanceRangeEm = r.f32();
    atlas.fallback = r.u32();
    const std::uint32_t glyphs = r.count(40);
    atlas.glyphs.reserve(glyphs);
    for (std::uint32_t i = 0; i < glyphs && r.ok(); ++i) {
        render::Glyph g;
        g.codepoint = static_cast<char32_t>(r.u32());
        g.advance = r.f32();
        g.offset = r.vec<2>();
        g.size = r.vec<2>();
        g.uvMin = r.vec<2>();
        g.uvMax = r.vec<2>();
        atlas.glyphs.push_back(g);
    }
    atlas.distance = r.bytes();
    if (!r.ok() || !r.atEnd()) return std::nullopt;
    // What the text code relies on: a complete field, a fallback glyph, find()'s order.
    if (atlas.distance.size() != std::size_t{atlas.width} * atlas.height || atlas.fallback >= atlas.glyphs.size() ||
        std::adjacent_find(atlas.glyphs.begin(), atlas.glyphs.end(), [](const render::Glyph& a, const render::Glyph& b) {
            return a.codepoint >= b.codepoint;  // find() needs each codepoint once, in order
        }) != atlas.glyphs.end() ||
        !usable(atlas))
        return std::nullopt;
    return atlas;
}

Result<render::FontAtlas> cachedDefaultFontAtlas(const render::FontAtlasOptions& options, bool* hit) {
    if (hit) *hit = false;
    const fs::path folder = cache_bytes::cacheFolder();
    if (folder.empty()) return render::defaultFontAtlas(options);
    const std::uint64_t key = keyOf(options);
    char name[40];
    std::snprintf(name, sizeof name, "font-%016llx.atlas", static_cast<unsigned long long>(key));
    const fs::path entryPath = folder / name;

    std::error_code ec;
    if (fs::is_regular_file(entryPath, ec)) {
        if (auto file = MappedFile::open(entryPath.string()); file.value) {
            if (auto atlas = decodeFontAtlasEntry(std::string_view(file.value->chars(), file.value->size()), key)) {
                if (hit) *hit = true;
                Result<render::FontAtlas> result;
                result.value = std::move(*atlas);
                return result;
            }
        }
    }
    Result<render::FontAtlas> built = render::defaultFontAtlas(options);
    if (built.value && built.diagnostics.items().empty() && built.diagnostics.counters().empty())
        cache_bytes::replaceFile(entryPath, encodeFontAtlasEntry(key, *built.value));
    return built;
}

}  // namespace places::runtime
