#pragma once
// The text of a sign fitted to its face, as pure functions (no GPU): words
// wrapped into lines and the font size chosen so the block fills the face
// (less a margin) as large as it can without breaking a word, centred. The
// result is a WorldText-ready string ('\n' between lines) with its size in
// metres and its glyph quads in sign space; the renderer draws it with the
// world-text pipeline (SDF, crisp at any distance).
#include <cstdint>
#include <string>
#include <string_view>

#include <glm/vec2.hpp>

#include "places/render/font_atlas.hpp"
#include "places/render/text_layout.hpp"

namespace places::render {

// Documented limits (docs/formats/scene.md): longer texts are cut and end in
// an ellipsis, counted in SignLayout::truncated.
inline constexpr std::size_t kMaxSignCharacters = 400;  // codepoints
inline constexpr std::uint32_t kMaxSignLines = 12;
// The margin between the text block and the face's edge, each side, as a
// share of the face's smaller side.
inline constexpr float kSignMargin = 0.08f;

struct SignLayout {
    std::string text;           // UTF-8 lines joined by '\n' (WorldText::text)
    float emHeightM = 0.0f;     // the font size that fits (WorldText::emHeightM); 0: nothing to draw
    glm::vec2 sizeM{0.0f};      // the text block: widest line x lines' height, metres
    std::uint32_t lines = 0;
    // Glyph quads in sign space: metres, x right and y up from the face's
    // centre (the block is centred on it).
    TextLayout glyphs;
    bool wordsBroken = false;       // a word longer than the face's width was split
    std::uint32_t truncated = 0;    // codepoints dropped by the limits or the face's size
    std::uint32_t missingGlyphs = 0;
    std::uint32_t invalidSequences = 0;
};

// `widthM` x `heightM`: the face the text may use (before the margin).
SignLayout layoutSign(const FontAtlas& font, std::string_view utf8, float widthM, float heightM);

// UTF-8 of codepoints (the inverse of decodeUtf8 for valid input).
std::string encodeUtf8(std::u32string_view codepoints);

}  // namespace places::render
