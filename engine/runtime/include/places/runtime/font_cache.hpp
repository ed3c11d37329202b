#pragma once
// The built-in font's glyph atlas through a disk cache: rasterising its ~220
// signed-distance-field glyphs (stb_truetype, brute force per texel) costs
// ~90 ms of CPU, about a tenth of a warm `places render` of a scene with
// signs, and gives the same atlas on every start.
//
// Where: the asset cache's folder (asset_cache.hpp), file font-KEY.atlas.
// Key: FNV-1a 64 of the embedded font's bytes, the options, the Places version
// and render::kFontAtlasRevision, so a changed font, option or rasteriser
// names another entry. Only atlases built without any diagnostic are stored.
//
// File layout (private; anything else is a miss and the atlas is rebuilt),
// little endian field by field:
//   "PLFONT01"  u64 key
//   u32 width, u32 height, f32 pixelsPerEm, f32 ascent, f32 descent,
//   f32 lineGap, f32 distanceRangeEm, u32 fallback
//   u32 glyphCount, per glyph: u32 codepoint, f32 advance, vec2 offset,
//       vec2 size, vec2 uvMin, vec2 uvMax
//   u32 n + n bytes distance (n = width * height)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "places/core/diagnostic.hpp"
#include "places/render/font_atlas.hpp"

namespace places::runtime {

// render::defaultFontAtlas(options) through the cache. `hit` (optional) tells
// whether the cache answered. Cache failures never fail: the atlas is built.
Result<render::FontAtlas> cachedDefaultFontAtlas(const render::FontAtlasOptions& options = {}, bool* hit = nullptr);

// The cache file's bytes for an atlas under `key`, and back (exposed for
// tests). Decoding returns nullopt for anything that is not a complete,
// consistent entry of this format with this key.
std::string encodeFontAtlasEntry(std::uint64_t key, const render::FontAtlas& atlas);
std::optional<render::FontAtlas> decodeFontAtlasEntry(std::string_view bytes, std::uint64_t key);

}  // namespace places::runtime
