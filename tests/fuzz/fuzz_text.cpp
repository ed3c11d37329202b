// libFuzzer target for world-text layout: any bytes as a name tag or sign
// (names come from other participants: untrusted). Decoding must yield only
// valid scalar values (at most one per byte), layout must stay bounded and
// every quad must lie inside the block it reports. The font is the bundled
// one (a trusted asset: stb_truetype is not hardened against hostile fonts).
// Seeds: tests/fuzz/corpus/fuzz_text/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "places/render/font_atlas.hpp"
#include "places/render/text_layout.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace places::render;
    static const FontAtlas font = [] {
        auto atlas = loadFontAtlas(PLACES_FUZZ_FONT);
        if (!atlas.ok()) __builtin_trap();
        return std::move(*atlas.value);
    }();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Utf8Decoded decoded = decodeUtf8(text);
    if (decoded.codepoints.size() > size) __builtin_trap();
    for (char32_t c : decoded.codepoints)
        if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) __builtin_trap();
    const TextLayout layout = layoutText(font, text);
    if (layout.quads.size() > kMaxTextGlyphs) __builtin_trap();
    const float slack = 1.0f;  // ems: glyph padding and overhangs beyond the advance
    for (const GlyphQuad& q : layout.quads)
        if (q.min.x < -layout.size.x * 0.5f - slack || q.max.x > layout.size.x * 0.5f + slack ||
            q.min.y < -slack || q.max.y > layout.size.y + slack)
            __builtin_trap();
    return 0;
}
