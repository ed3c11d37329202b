#pragma once
// Puts what a scene placed "on the ground" (version 3, GroundAnchor in
// scene.hpp) onto the terrain of its city, once the city is loaded: props'
// origins, spawns' feet and zones' floors (booths stand in zones) get the
// terrain's height at their (x, z) plus the offset written. Plain data: the
// terrain arrives as a height function (places::city::GroundHeights in the
// client, anything in tests).
#include <functional>
#include <optional>

#include "places/core/diagnostic.hpp"
#include "places/scenes/scene.hpp"

namespace places::scenes {

// Local y of the terrain at local (x, z); nullopt outside the terrain.
using GroundHeightAt = std::function<std::optional<double>(double x, double z)>;

struct GroundPlacement {
    std::size_t placed = 0;   // anchors given the terrain's height
    std::size_t outside = 0;  // anchors outside the terrain: kept at the origin's height plus their offset
};

// Resolves every anchor of `scene` (then clears the zones' floorOnGround).
// A point outside the terrain is a warning at its JSON path, counted as
// "position outside the terrain"; a zone's floor takes the lowest of its
// points that lie on the terrain.
GroundPlacement placeOnGround(Scene& scene, const GroundHeightAt& ground, Diagnostics& diagnostics);

}  // namespace places::scenes
