#pragma once
// Which detail level of one placed object (a venue prop instance) to draw: the
// coarsest whose screen-space error stays within the budget, by the same
// formula and pixel threshold as the city tiles (tile_selection.hpp):
//
//   sse(level) = levelError * errorScale * screenSpaceErrorFactor / distance
//
// `distance` is that of the nearest eye to the object's local-frame bounds, so
// in stereo one choice serves both eyes (no eye sees a different mesh).
// Pure functions: the renderer calls them per visible instance and frame.
#include <cstdint>
#include <span>

#include <glm/mat4x4.hpp>

#include "places/city/city_model.hpp"
#include "places/visibility/tile_selection.hpp"

namespace places::visibility {

struct LevelChoice {
    std::uint32_t level = 0;
    double screenSpaceError = 0.0;  // pixels, of the chosen level
};

// `levelErrors`: per level, fine -> coarse (non-decreasing), in the object's
// own units; level 0 is usually exact (0). `errorScale` converts them to metres
// (placementScale of the object's transform). `distance`: metres, >= 0.
// When no level is within budget (the eye inside the bounds, a huge error),
// the finest level (0) is chosen. Empty `levelErrors` gives level 0.
LevelChoice chooseLevel(std::span<const float> levelErrors, double errorScale, double distance,
                        const SelectionOptions& options);

// Metres from the nearest view's eye to `bounds`, less that view's eyeRadius (0 inside;
// +inf without views).
double nearestEyeDistance(std::span<const SelectionView> views, const city::Bounds& bounds);

// The largest factor by which `transform` stretches a length (the longest
// column of its linear part; exact for rotation x scale, an upper bound with
// shear): a geometric error in the object's units times this is one in metres.
double placementScale(const glm::mat4& transform);

}  // namespace places::visibility
