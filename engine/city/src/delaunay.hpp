#pragma once
// 2D Delaunay triangulation (Bowyer-Watson), private to places_city: the
// derived ground (derived_ground.cpp) triangulates building footprint points
// so that every footprint vertex lies exactly on the ground surface.
//
// Cost: points are inserted in a grid-sorted order and located by walking
// from the last new triangle, so a cavity is found in a few steps; expected
// O(n log n)-ish, measured ~0.1 s for 100 k points (docs/performance-pack.md).
// Predicates are plain double arithmetic: callers pass deduplicated points
// (the ground snaps them to 5 cm at least), and cocircular corners (every
// rectangular footprint) are resolved by the strict incircle test.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <glm/common.hpp>
#include <glm/vec2.hpp>

namespace places::city::detail {

// Triangles over indices into `points`, counter-clockwise in (x, y). Points
// closer than 1e-9 of the extent to an earlier one are left out (no triangle
// uses them). Fewer than 3 points, or all collinear: no triangles.
std::vector<std::array<std::uint32_t, 3>> delaunay(std::span<const glm::dvec2> points);

}  // namespace places::city::detail
