#pragma once
// Cameras in the city's local frame (metres, Y up, x east, z south) and the
// view/projection matrices the renderer uses: Vulkan clip space (y down, depth
// 0..1), reversed Z with an infinite far plane (depth 1 at the near plane,
// 0 at infinity), which keeps depth precision over kilometres of city.
#include <array>
#include <cstdint>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

namespace places::render {

struct Camera {
    glm::vec3 position{0.0f};   // eye (centre between the eyes for stereo)
    float headingDeg = 0.0f;    // compass: 0 = north (-z), 90 = east (+x)
    float pitchDeg = 0.0f;      // + looks up
    float fovYDeg = 60.0f;      // vertical field of view
    float nearM = 0.5f;

    glm::vec3 forward() const;
    glm::vec3 right() const;
    glm::vec3 up() const;
};

struct EyeView {
    glm::mat4 view{1.0f};
    glm::mat4 projection{1.0f};
    glm::mat4 viewProjection{1.0f};
    glm::vec3 eye{0.0f};
};

// One view (mono) or two (stereo: [0] left, [1] right = gl_ViewIndex order).
struct FrameViews {
    std::array<EyeView, 2> eyes;
    std::uint32_t count = 1;
};

glm::mat4 reversedInfinitePerspective(float fovYRadians, float aspect, float nearM);

FrameViews monoViews(const Camera& camera, float aspect);
// Parallel eye axes, symmetric frusta, eyes ipdM apart along camera.right().
// A point at distance d straight ahead appears (width/2)/tan(fovX/2) * ipd/d
// pixels further right in the left eye's image than in the right eye's.
FrameViews stereoViews(const Camera& camera, float aspect, float ipdM = 0.064f);

}  // namespace places::render
