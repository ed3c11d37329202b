#pragma once
// Ear clipping of one simple polygon without holes, in its plane coordinates
// (private to places_city; triangulate.cpp decides when to use it).
//
// Why not GLU for these too: GLU's sweep costs ~25,000 instructions and ~50
// small allocations per polygon (half of the CityJSON reader's time went to the
// 12 % of polygons with 5+ corners), while a ring of a dozen corners clips in
// a few hundred. GLU stays the general path: holes, crossings, touching
// corners, anything this function declines.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace places::city::detail {

// `uv`: the ring's corners (x = uv[i][0], y = uv[i][1]), counter-clockwise,
// without a closing duplicate. Appends n - 2 triangles (indices into `uv`,
// counter-clockwise; one fewer when the last is a sliver of collinear corners)
// to `indices` and returns true, or returns false and
// leaves `indices` unchanged when the ring is not strictly simple (edges that
// cross or touch, a corner on another edge, a spike folding back, up to a
// tolerance of 1e-9 of the squared extent) or too large (> kMaxEarClipCorners,
// where the O(n^2) checks stop being cheaper than GLU).
//
// Each step clips the ear of best shape (largest area over the sum of its
// squared edges), so thin fans are avoided where the ring allows.
inline constexpr std::size_t kMaxEarClipCorners = 64;
bool earClip(std::span<const std::array<double, 3>> uv, std::vector<std::uint32_t>& indices);

}  // namespace places::city::detail
