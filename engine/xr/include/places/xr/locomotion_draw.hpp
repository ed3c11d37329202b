#pragma once
// What locomotion shows, as renderer inputs (plain data, no GPU): the
// teleport arc as a dotted line of small cubes, the landing marker as a flat
// ring (green: valid, red: refused), and the menu's head-locked info card as
// world text. The models are added to the scene before its upload.
// Frame: the venue's local frame.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "places/render/frame_inputs.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/xr/locomotion.hpp"

namespace places::xr {

struct LocomotionModels {
    std::uint32_t arcDot = 0;   // a 4 cm cube, origin at its centre (drawn up to 3x larger along the arc)
    std::uint32_t marker = 0;   // a flat ring, radius 0.4 m, facing up, origin at its centre
};

// Appends the two models (material 0, white: the instance colour shows).
LocomotionModels addLocomotionModels(render::SceneGeometry& scene);

// The arc and marker of `frame` (nothing unless it is aiming), appended to `out`.
void appendLocomotionInstances(const LocomotionFrame& frame, const LocomotionModels& models,
                               std::vector<render::DynamicInstance>& out);

// The info card 1 m in front of the head, a little below eye level, facing
// it: `text` must outlive the frame call. Nothing while the menu is closed.
std::optional<render::WorldText> menuCard(const LocomotionFrame& frame, const StagePose& head,
                                          const std::string& text);

}  // namespace places::xr
