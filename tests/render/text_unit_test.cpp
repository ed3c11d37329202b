// World text as plain data: UTF-8 decoding, the SDF glyph atlas of the bundled
// font, layout (umlauts, ß, en dash, missing glyphs), billboards, and the
// pixel height of a name tag at 10 m. No GPU.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <glm/geometric.hpp>

#include "places/render/avatar_instances.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/text_layout.hpp"

using namespace places::render;

namespace {

const FontAtlas& bundledFont() {
    static const FontAtlas atlas = [] {
        auto result = loadFontAtlas(PLACES_ASSETS_DIR "/fonts/DejaVuSans.ttf");
        REQUIRE(result.ok());
        return std::move(*result.value);
    }();
    return atlas;
}

std::vector<std::uint8_t> fontBytes() {
    std::ifstream in(PLACES_ASSETS_DIR "/fonts/DejaVuSans.ttf", std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("UTF-8 decoding: Latin-1, en dash, and every kind of bad sequence", "[render][text]") {
    const Utf8Decoded good = decodeUtf8("B\xc3\xbchne \xe2\x80\x93 \xc3\x9f \xf0\x9f\x98\x80");
    CHECK(good.invalidSequences == 0);
    CHECK(good.codepoints == std::u32string{U'B', 0xfc, U'h', U'n', U'e', U' ', 0x2013, U' ', 0xdf, U' ', 0x1f600});

    CHECK(decodeUtf8("\xff").invalidSequences == 1);                // not a lead byte
    CHECK(decodeUtf8("\xc0\xaf").invalidSequences == 1);            // overlong '/'
    CHECK(decodeUtf8("\xed\xa0\x80").invalidSequences == 1);        // a surrogate
    CHECK(decodeUtf8("\xf4\x90\x80\x80").invalidSequences == 1);    // above U+10FFFF
    const Utf8Decoded truncated = decodeUtf8("a\xe2\x80");          // cut short at the end
    CHECK(truncated.invalidSequences == 1);
    CHECK(truncated.codepoints == std::u32string{U'a', 0xfffd});
    const Utf8Decoded resumed = decodeUtf8("\xe2\x80x");            // bad continuation: resumes at 'x'
    CHECK(resumed.codepoints == std::u32string{0xfffd, U'x'});
}

TEST_CASE("the bundled font's SDF atlas covers Latin-1 and the en dash", "[render][text]") {
    const FontAtlas& font = bundledFont();
    CHECK(font.width == 512);
    CHECK(font.height >= 256);
    for (char32_t c : {U'A', U'z', char32_t(0xe4), char32_t(0xf6), char32_t(0xfc), char32_t(0xc4), char32_t(0xdf),
                       char32_t(0x2013), char32_t(0xe9), char32_t(0xb7)})
        CHECK(font.find(c) != nullptr);
    CHECK(font.find(0x65e5) == nullptr);  // CJK: not in the atlas
    // A distance field: the middle of 'I' is inside (> 128), the atlas corner outside.
    const Glyph* i = font.find(U'I');
    REQUIRE(i);
    const glm::vec2 centre = (i->uvMin + i->uvMax) * 0.5f;
    const auto at = [&](glm::vec2 uv) {
        return font.distance[std::size_t(uv.y * float(font.height)) * font.width + std::size_t(uv.x * float(font.width))];
    };
    CHECK(at(centre) > 160);
    CHECK(at(i->uvMin + glm::vec2(0.5f / float(font.width))) < 100);
    CHECK(font.ascent > 0.7f);
    CHECK(font.descent < -0.1f);
}

TEST_CASE("bad font files give a clear error, not a crash", "[render][text]") {
    const std::vector<std::uint8_t> garbage(64, 0x5a);
    const auto g = buildFontAtlas(garbage, "garbage.ttf");
    CHECK_FALSE(g.value);
    CHECK(g.diagnostics.firstError().find("garbage.ttf") != std::string::npos);

    std::vector<std::uint8_t> bytes = fontBytes();
    REQUIRE(bytes.size() > 100000);
    bytes.resize(bytes.size() / 2);  // tables beyond the end
    const auto t = buildFontAtlas(bytes, "half.ttf");
    CHECK_FALSE(t.value);
    CHECK(t.diagnostics.firstError().find("truncated font") != std::string::npos);
    CHECK(t.diagnostics.firstError().find("half.ttf@byte") != std::string::npos);

    const auto missing = loadFontAtlas("no-such-font.ttf");
    CHECK_FALSE(missing.value);
    CHECK(missing.diagnostics.firstError().find("cannot open") != std::string::npos);
}

TEST_CASE("layout: umlauts, ß and the en dash need no fallback, missing glyphs are counted", "[render][text]") {
    const FontAtlas& font = bundledFont();
    const TextLayout stage = layoutText(font, "Ausbildungsmesse Gelsenkirchen \xe2\x80\x93 B\xc3\xbchne");
    CHECK(stage.missingGlyphs == 0);
    CHECK(stage.invalidSequences == 0);
    CHECK(stage.lines == 1);
    CHECK(stage.quads.size() == 35u);  // 38 codepoints less 3 spaces
    // Centred on x = 0.
    float lo = 1e9f, hi = -1e9f;
    for (const GlyphQuad& q : stage.quads) lo = std::min(lo, q.min.x), hi = std::max(hi, q.max.x);
    CHECK(lo + hi == Approx(0.0f).margin(0.1f));

    const TextLayout mixed = layoutText(font, "Gr\xc3\xb6\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac \xff");
    CHECK(mixed.missingGlyphs == 2);
    CHECK(mixed.invalidSequences == 1);
    CHECK(mixed.quads.size() == 5 + 2 + 1);  // each fallback is drawn as '?'

    const TextLayout two = layoutText(font, "Anna\nHost");
    CHECK(two.lines == 2);
    CHECK(two.size.y == Approx(2.0f * font.lineHeight()));
    // Stacked upwards: the first line's glyphs lie above the second's.
    CHECK(two.quads.front().min.y > two.quads.back().max.y - font.lineHeight() * 0.5f);
    CHECK(layoutText(font, "").quads.empty());
}

TEST_CASE("a name tag is legible at 10 m: capitals >= 10 px at 1280x720, 60 deg", "[render][text][avatar]") {
    const FontAtlas& font = bundledFont();
    const AvatarBudget budget;
    const TextLayout h = layoutText(font, "H");
    REQUIRE(h.quads.size() == 1);
    // The quad carries the distance-field padding on each side.
    const float capEm = (h.quads[0].max.y - h.quads[0].min.y) - 2.0f * font.distanceRangeEm;
    CHECK(capEm == Approx(0.729f).margin(0.03f));  // DejaVu Sans' cap height
    const double capPx = projectedHeightPx(double(capEm * budget.tagEmHeightM), 10.0, 720.0, 60.0);
    CHECK(capPx >= 10.0);
    CHECK(capPx < 20.0);  // and not a billboard the size of a person
    CHECK(projectedHeightPx(1.0, 10.0, 720.0, 60.0) == Approx(720.0 / (20.0 * std::tan(glm::radians(30.0)))));
}

TEST_CASE("world text: billboards face the viewer upright, fixed text keeps its orientation", "[render][text]") {
    const FontAtlas& font = bundledFont();
    WorldText tag;
    tag.text = "Anna";
    tag.anchor = {10.0f, 2.0f, 0.0f};
    tag.emHeightM = 0.5f;
    std::vector<TextVertex> v;
    const glm::vec3 viewer(10.0f, 1.6f, 8.0f);  // south of the tag
    const TextBuildStats s = appendTextTriangles(v, font, std::span(&tag, 1), viewer);
    CHECK(s.texts == 1);
    CHECK(s.glyphs == 4);
    REQUIRE(v.size() == 4 * 6);
    // Facing the viewer: every vertex in the plane through the anchor perpendicular to the view.
    for (const TextVertex& x : v) CHECK(x.position.z == Approx(0.0f).margin(1e-5));
    // Reading left to right as seen by the viewer (x grows to the viewer's right: east).
    CHECK(v.front().position.x < v.back().position.x);
    // Upright and above the anchor (the block's bottom centre).
    for (const TextVertex& x : v) CHECK(x.position.y >= 2.0f - 1e-4f);

    // From the east: the text turns to face east.
    v.clear();
    appendTextTriangles(v, font, std::span(&tag, 1), glm::vec3(20.0f, 2.0f, 0.0f));
    for (const TextVertex& x : v) CHECK(x.position.x == Approx(10.0f).margin(1e-5));

    // Fixed orientation: a sign on a wall facing south whatever the viewer.
    WorldText sign = tag;
    sign.billboard = false;
    v.clear();
    appendTextTriangles(v, font, std::span(&sign, 1), glm::vec3(20.0f, 2.0f, 0.0f));
    for (const TextVertex& x : v) CHECK(x.position.z == Approx(0.0f).margin(1e-5));

    // Faded out or empty: nothing.
    WorldText gone = tag;
    gone.colour.a = 0.0f;
    WorldText empty = tag;
    empty.text = "";
    v.clear();
    const WorldText none[] = {gone, empty};
    CHECK(appendTextTriangles(v, font, none, viewer).texts == 0);
    CHECK(v.empty());
}
