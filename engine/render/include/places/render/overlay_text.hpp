#pragma once
// Screen-space text for overlays (the stats of `places view`): triangles in
// normalised device coordinates, drawn last in the frame without depth. The
// glyphs come from stb_easy_font (a built-in bitmap font of quads); each line
// sits on an opaque dark panel so it stays readable over sky and city.
#include <cstdint>
#include <string_view>
#include <vector>

#include <glm/vec2.hpp>

namespace places::render {

struct OverlayVertex {
    glm::vec2 position{0.0f};      // NDC: x right, y down (Vulkan), [-1, 1]
    std::uint32_t colour = 0xffffffffu;  // sRGB RGBA8, R in the lowest byte
};

// Appends `text` (lines split at '\n') with its top-left corner at pixel
// (x, y) of a `width` x `height` target, glyphs scaled by `scale`.
void appendOverlayText(std::vector<OverlayVertex>& out, std::string_view text, float x, float y, float scale,
                       std::uint32_t width, std::uint32_t height);

}  // namespace places::render
