#pragma once
// C++ mirror of shaders/frame.glsl (std140 uniform block, std430 object table)
// and the vertex layout of scene.vert. Change both together.
#include <cstdint>

#include <glm/mat4x4.hpp>
#include <glm/vec4.hpp>

namespace places::render::detail {

struct ViewData {
    glm::mat4 viewProj;
    glm::mat4 invViewProj;
    glm::vec4 eye;
};

struct FrameUniform {
    ViewData views[2];
    glm::vec4 sunDirection;
    glm::vec4 sunColour;
    glm::vec4 skyZenith;
    glm::vec4 skyHorizon;
    glm::vec4 skyAmbient;
    glm::vec4 groundAmbient;
    glm::vec4 ground;
    glm::vec4 params;
    glm::mat4 sunViewProj;
    glm::vec4 shadow;
};
static_assert(sizeof(FrameUniform) == 2 * 144 + 8 * 16 + 64 + 16, "std140 layout of Frame");

struct ObjectData {
    glm::mat4 model;
    glm::mat4 normal;  // inverse transpose of model's upper 3x3 (non-uniform scale)
    glm::vec4 tint;
};
static_assert(sizeof(ObjectData) == 144, "std430 layout of ObjectData");

}  // namespace places::render::detail
