#pragma once
// Text placed in the world (name tags above avatars, later signs): a UTF-8
// string anchored at a local-frame point with a size in metres, either facing
// the viewer (an upright billboard that turns about the vertical) or with a
// fixed orientation. Drawn by the renderer's text pipeline from a
// signed-distance-field glyph atlas (font_atlas.hpp) with depth test (text
// hides behind buildings) and alpha blending, after the opaque geometry.
#include <string_view>

#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

namespace places::render {

struct WorldText {
    std::string_view text;     // UTF-8; '\n' breaks lines; must outlive the frame call
    glm::vec3 anchor{0.0f};    // local frame: the bottom centre of the text block
    float emHeightM = 0.25f;   // the font size: one em in metres (line height is ~1.16 em)
    glm::vec4 colour{1.0f};    // linear RGBA; alpha fades the text (0: not drawn)
    glm::vec4 outline{0.0f, 0.0f, 0.0f, 1.0f};  // linear RGBA of the glyph outline (legible on any background)
    bool billboard = true;     // faces the viewer, stays upright
    // Orientation without billboard: the text's right and up directions (unit, local frame).
    glm::vec3 right{1.0f, 0.0f, 0.0f};
    glm::vec3 up{0.0f, 1.0f, 0.0f};
};

}  // namespace places::render
