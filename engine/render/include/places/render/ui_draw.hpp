#pragma once
// A 2D user interface frame as plain data (no GPU): textured, coloured
// triangles in normalised device coordinates, grouped into commands that each
// clip to a pixel rectangle. The panel of `places view` (Dear ImGui) is
// converted into this form, so the renderer needs no ImGui and tests can build
// and inspect UI frames without a device. One texture: the font atlas (its
// texel (0, 0) region is white, so untextured shapes sample white there).
#include <cstdint>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

namespace places::render {

struct UiVertex {
    glm::vec2 position{0.0f};            // NDC: x right, y down (Vulkan), [-1, 1]
    glm::vec2 uv{0.0f};                  // into the font atlas
    std::uint32_t colour = 0xffffffffu;  // sRGB RGBA8, R in the lowest byte
};

struct UiCommand {
    std::uint32_t firstIndex = 0;
    std::uint32_t indexCount = 0;
    std::int32_t vertexOffset = 0;
    glm::vec4 clip{0.0f};  // pixels: x0, y0, x1, y1 (top-left origin)
};

struct UiDrawList {
    std::vector<UiVertex> vertices;
    std::vector<std::uint32_t> indices;
    std::vector<UiCommand> commands;

    bool empty() const { return commands.empty(); }
    void clear() {
        vertices.clear();
        indices.clear();
        commands.clear();
    }
};

// The atlas the UI's uv coordinates point into: RGBA8, linear alpha coverage
// in A and white RGB (so vertex colours pass through unchanged).
struct UiFontAtlas {
    std::uint32_t width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
};

}  // namespace places::render
