#pragma once
// The views of one frame, built from places_visibility's camera math (one
// definition of yaw/pitch, view and projection for culling, tile selection and
// drawing). Each eye carries both what the GPU needs (float matrices) and what
// culling needs (the double-precision frustum of places_visibility).
// Frame: the city's local frame (metres, Y up, x east, z south). Projection:
// Vulkan clip space, reverse-Z with an infinite far plane.
#include <array>
#include <cstdint>
#include <span>

#include <glm/gtc/quaternion.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "places/visibility/camera.hpp"
#include "places/visibility/tile_selection.hpp"

namespace places::render {

struct Camera {
    visibility::CameraPose pose;   // the eye; the point between the eyes for stereo
    double verticalFovDeg = 60.0;
    double nearPlane = 0.5;        // metres
};

struct EyeView {
    glm::mat4 viewProjection{1.0f};  // local frame -> clip
    glm::vec3 eye{0.0f};
};

// One view (mono) or two (stereo: [0] left, [1] right = gl_ViewIndex order).
struct FrameViews {
    std::array<EyeView, 2> eyes;
    std::array<visibility::SelectionView, 2> culling;  // same eyes, for places_visibility
    // What culling and level selection use: the eye itself (mono), or for a
    // stereo pair one frustum that holds both eyes' frusta (apex behind the
    // eyes, sides through the outer eye planes) with the midpoint as eye and
    // half the IPD as eyeRadius, so a stereo frame costs the CPU what a mono
    // one does.
    visibility::SelectionView combined;
    std::uint32_t count = 1;
    double verticalFovDeg = 60.0;

    std::span<const visibility::SelectionView> selectionViews() const { return {&combined, 1}; }
};

FrameViews monoViews(const Camera& camera, double aspect);
// Parallel eye axes, symmetric frusta, eyes `ipdM` apart along the camera's
// right (level, from the yaw). A point at distance d straight ahead appears
// (width/2)/tan(fovX/2) * ipd/d pixels further right in the left eye's image
// than in the right eye's.
FrameViews stereoViews(const Camera& camera, double aspect, double ipdM = 0.064);

// One headset eye in the local frame: its pose (orientation maps view axes,
// x right, y up, looking down -z, into the local frame) and its own,
// possibly asymmetric frustum (OpenXR's XrFovf angles, radians).
struct HeadsetEye {
    glm::dvec3 position{0.0};
    glm::dquat orientation{1.0, 0.0, 0.0, 0.0};
    visibility::FovProjection fov;
};
// Stereo views for a headset (reverse-Z, infinite far). Culling uses one
// frustum holding both: the union of the eyes' angles around the mean
// orientation, apex moved back until its sides pass the outer eyes (parallel
// eye axes, as in stereoViews; canted displays get a conservative apex).
FrameViews headsetViews(const std::array<HeadsetEye, 2>& eyes, double nearPlane);

}  // namespace places::render
