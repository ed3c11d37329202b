// libFuzzer target for the font atlas cache reader (places/runtime/font_cache.hpp):
// entries are read from the user's cache folder, so any bytes must give either
// nullopt or an atlas the renderer and the text layout can use as it is (an
// image of 1..4096 texels a side, a complete field, a fallback glyph, glyphs
// in codepoint order with finite metrics and quads inside the atlas), and
// whose encoding decodes again to the same bytes.
// Seed: tests/fuzz/corpus/fuzz_font_cache/ (places_runtime_tests "[.write-seed]").
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "places/runtime/font_cache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace places;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The key follows the 8-byte magic; taking it from the input lets the
    // fuzzer past the key check to the rest of the reader.
    std::uint64_t key = 0;
    if (size >= 16) std::memcpy(&key, data + 8, sizeof key);
    const auto atlas = runtime::decodeFontAtlasEntry(bytes, key);
    if (!atlas) return 0;
    if (atlas->width == 0 || atlas->height == 0 || atlas->width > 4096 || atlas->height > 4096) __builtin_trap();
    if (atlas->distance.size() != std::size_t{atlas->width} * atlas->height) __builtin_trap();
    if (atlas->fallback >= atlas->glyphs.size()) __builtin_trap();
    for (std::size_t i = 0; i < atlas->glyphs.size(); ++i) {
        const render::Glyph& g = atlas->glyphs[i];
        if (i > 0 && !(atlas->glyphs[i - 1].codepoint < g.codepoint)) __builtin_trap();
        if (!std::isfinite(g.advance) || !(g.size.x >= 0.0f) || !(g.size.y >= 0.0f) || !std::isfinite(g.size.x) ||
            !std::isfinite(g.size.y))
            __builtin_trap();
        for (const float uv : {g.uvMin.x, g.uvMin.y, g.uvMax.x, g.uvMax.y})
            if (!(uv >= 0.0f && uv <= 1.0f)) __builtin_trap();
        if (atlas->find(g.codepoint) != &g) __builtin_trap();  // find() relies on the order
    }
    const std::string canonical = runtime::encodeFontAtlasEntry(key, *atlas);
    const auto again = runtime::decodeFontAtlasEntry(canonical, key);
    if (!again || runtime::encodeFontAtlasEntry(key, *again) != canonical) __builtin_trap();
    return 0;
}
