#pragma once
// One frame's OpenXR readings (the synced controller state and the located
// eyes) as locomotion's plain input. Types only, no OpenXR calls.
// The right hand aims the teleport arc along its aim pose's -Z; the right
// stick turns, the left stick moves (xr_actions.hpp has the bindings).
#include <array>

#include "places/xr/locomotion.hpp"
#include "places/xr/xr_actions.hpp"
#include "places/xr/xr_session.hpp"

namespace places::xr {

StagePose stagePose(const XrPosef& pose);

// The head: midway between the eyes, with the left eye's orientation (the
// eyes of PRIMARY_STEREO share one orientation on every runtime we know).
StagePose headPose(const std::array<EyeView, 2>& eyes);

// `previousDisplayTime`: the last frame's predicted display time (0 on the
// first frame: one display period is assumed).
LocomotionInput locomotionInput(const ControllerState& pad, const FrameTiming& timing, XrTime previousDisplayTime);

}  // namespace places::xr
