// Sign text fitted to its face as plain data (sign_layout.hpp): line breaking,
// the largest size that fits, umlauts, ß and dashes mapping to glyphs of the
// bundled font (no fallback boxes), limits. No GPU.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "places/render/font_atlas.hpp"
#include "places/render/sign_layout.hpp"

using namespace places::render;

namespace {

const FontAtlas& font() {
    static const FontAtlas atlas = [] {
        auto result = defaultFontAtlas();
        REQUIRE(result.ok());
        return std::move(*result.value);
    }();
    return atlas;
}

// Every quad lies inside the face less its margin (sign space: metres about the centre).
void requireInsideFace(const SignLayout& l, float width, float height) {
    const float margin = kSignMargin * std::min(width, height);
    // A glyph's quad carries the distance field's padding beyond its outline.
    const float tolerance = (font().distanceRangeEm + 0.02f) * l.emHeightM;
    for (const GlyphQuad& q : l.glyphs.quads) {
        REQUIRE(q.min.x >= -0.5f * width + margin - tolerance);
        REQUIRE(q.max.x <= 0.5f * width - margin + tolerance);
        REQUIRE(q.min.y >= -0.5f * height + margin - tolerance);
        REQUIRE(q.max.y <= 0.5f * height - margin + tolerance);
    }
}

}  // namespace

TEST_CASE("the stage sign breaks into balanced lines and every umlaut and dash has its glyph", "[render][sign]") {
    const std::string text = "Ausbildungsmesse Gelsenkirchen \xe2\x80\x93 B\xc3\xbchne";  // en dash, ü
    const SignLayout l = layoutSign(font(), text, 7.0f, 1.0f);
    CHECK(l.missingGlyphs == 0);
    CHECK(l.invalidSequences == 0);
    CHECK(l.truncated == 0);
    CHECK_FALSE(l.wordsBroken);
    // One line of 38 characters would need a smaller font than two lines
    // filling the height; the two are balanced (not "...Gelsenkirchen –" / "Bühne").
    CHECK(l.lines == 2);
    CHECK(l.text == "Ausbildungsmesse\nGelsenkirchen \xe2\x80\x93 B\xc3\xbchne");
    // The height is what limits: two lines fill it (less the margins).
    const float inner = 1.0f - 2.0f * kSignMargin * 1.0f;
    CHECK(l.sizeM.y == Approx(inner).epsilon(0.01));
    CHECK(l.sizeM.x <= 7.0f - 2.0f * kSignMargin);
    // Every visible character is a quad (spaces are none): 38 - 3 spaces.
    CHECK(l.glyphs.quads.size() == 35);
    requireInsideFace(l, 7.0f, 1.0f);
    // Centred on the face.
    float minY = 1e9f, maxY = -1e9f;
    for (const GlyphQuad& q : l.glyphs.quads) minY = std::min(minY, q.min.y), maxY = std::max(maxY, q.max.y);
    CHECK(minY + maxY == Approx(0.0f).margin(0.3f * l.emHeightM));

    // A longer, lower face: one line at a larger size than two would allow.
    const SignLayout wide = layoutSign(font(), text, 8.0f, 0.8f);
    CHECK(wide.lines == 1);
    CHECK(wide.emHeightM > (0.8f - 2.0f * kSignMargin * 0.8f) / (2.0f * font().lineHeight()));
    requireInsideFace(wide, 8.0f, 0.8f);
}

TEST_CASE("a wide sign keeps the text on one line, as large as the height allows", "[render][sign]") {
    const SignLayout l = layoutSign(font(), "Stra\xc3\x9f" "e", 10.0f, 1.0f);  // ß
    CHECK(l.lines == 1);
    CHECK(l.missingGlyphs == 0);
    CHECK(l.emHeightM == Approx((1.0f - 2.0f * kSignMargin) / font().lineHeight()));
    requireInsideFace(l, 10.0f, 1.0f);
}

TEST_CASE("a narrow sign shrinks the font until the longest word fits", "[render][sign]") {
    const SignLayout l = layoutSign(font(), "Ausbildungsmesse", 1.0f, 2.0f);
    CHECK(l.lines == 1);
    CHECK_FALSE(l.wordsBroken);
    CHECK(l.sizeM.x == Approx(1.0f - 2.0f * kSignMargin).epsilon(0.01));
    requireInsideFace(l, 1.0f, 2.0f);
}

TEST_CASE("explicit line breaks are kept and each line is centred", "[render][sign]") {
    const SignLayout l = layoutSign(font(), "Halle 1\n\xe2\x86\x92 B\xc3\xbchne", 4.0f, 2.0f);  // arrow, ü
    CHECK(l.lines == 2);
    CHECK(l.missingGlyphs == 0);  // the arrow is in the atlas
    CHECK(l.text == "Halle 1\n\xe2\x86\x92 B\xc3\xbchne");
    requireInsideFace(l, 4.0f, 2.0f);
}

TEST_CASE("too much text is cut at the limits with an ellipsis, and counted", "[render][sign]") {
    std::string many;
    for (int i = 0; i < 200; ++i) many += "Wort ";
    const SignLayout l = layoutSign(font(), many, 2.0f, 0.5f);
    CHECK(l.truncated > 0);
    CHECK(l.lines <= kMaxSignLines);
    CHECK(l.text.size() >= 3);
    CHECK(l.text.substr(l.text.size() - 3) == "\xe2\x80\xa6");  // …
    requireInsideFace(l, 2.0f, 0.5f);

    // One very long word shrinks the font rather than being split.
    const SignLayout whole = layoutSign(font(), std::string(60, 'W'), 0.5f, 2.0f);
    CHECK_FALSE(whole.wordsBroken);
    CHECK(whole.lines == 1);
    requireInsideFace(whole, 0.5f, 2.0f);
    // Many long words on a small face: split between letters and cut, never overflowing.
    std::string longWords;
    for (int i = 0; i < 30; ++i) longWords += std::string(20, 'W') + " ";
    const SignLayout broken = layoutSign(font(), longWords, 0.5f, 0.5f);
    CHECK(broken.wordsBroken);
    CHECK(broken.truncated > 0);
    CHECK(broken.lines == kMaxSignLines);
    requireInsideFace(broken, 0.5f, 0.5f);
}

TEST_CASE("missing glyphs and bad UTF-8 are counted, empty text draws nothing", "[render][sign]") {
    const SignLayout l = layoutSign(font(), "Ok \xe4\xb8\x80 \xff", 4.0f, 1.0f);  // a CJK character, a bad byte
    CHECK(l.missingGlyphs == 1);
    CHECK(l.invalidSequences == 1);
    const SignLayout empty = layoutSign(font(), "  \n ", 4.0f, 1.0f);
    CHECK(empty.emHeightM == 0.0f);
    CHECK(empty.glyphs.quads.empty());
    CHECK(encodeUtf8(U"B\u00fchne \u2013 \u00df") == "B\xc3\xbchne \xe2\x80\x93 \xc3\x9f");
}
