#pragma once
// Which tiles to draw, and at which detail level, for one frame: frustum
// culling plus screen-space error (SSE), as in 3D Tiles / cesium-native.
//
//   sse(level) = geometricError(level) * viewportHeight / (2 * distance * tan(fovY / 2))
//
// in pixels, with `distance` from the eye to the tile's bounds (0 inside).
// A level is acceptable when sse <= maxScreenSpaceError. Each visible tile gets
// its coarsest acceptable level. One selection serves several views (the two
// eyes of a headset): a tile is visible when it meets any view's frustum, and
// its distance is that of the nearest eye, so both eyes draw the same set.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/visibility/frustum.hpp"

namespace places::visibility {

// How a node's own levels relate to its children (3D Tiles' `refine`).
enum class Refinement : std::uint8_t {
    // The node's levels approximate its whole subtree (HLOD): draw the node OR
    // its children. Levels with geometricError 0 are never chosen for a node
    // with children: the children give that detail with finer culling.
    Replace,
    // The node's levels hold its own geometry only: draw it AND traverse children.
    Add,
};

struct TileNodeLevel {
    float geometricError = 0.0f;  // metres; levels ordered fine -> coarse (non-decreasing)
    std::uint32_t triangles = 0;  // for statistics only
};

struct TileNode {
    city::Bounds bounds;                 // local frame; must enclose the children's bounds
    std::vector<TileNodeLevel> levels;   // empty = no content of its own (pure container)
    std::vector<std::uint32_t> children; // indices into the node list
    Refinement refinement = Refinement::Replace;
};

struct SelectionView {
    glm::dvec3 eye{0.0};  // local frame
    Frustum frustum;
    // Metres: the eyes this view stands for lie within this distance of `eye`
    // (a stereo pair culled as one view: half the IPD). Distances for level
    // choice are taken eyeRadius closer, so never coarser than for either eye.
    double eyeRadius = 0.0;
};

// Pixels; cesium-native's default. City tiles and venue props share it (see level_selection.hpp).
inline constexpr double kDefaultMaxScreenSpaceErrorPx = 16.0;

struct SelectionOptions {
    double maxScreenSpaceError = kDefaultMaxScreenSpaceErrorPx;  // pixels. VR may raise it.
    double viewportHeight = 720.0;      // pixels (per eye)
    double verticalFovDeg = 60.0;       // of the views; the widest when they differ
};

// viewportHeight / (2 tan(fovY / 2)): the screen-space error in pixels of one
// metre of geometric error seen from one metre away.
double screenSpaceErrorFactor(const SelectionOptions& options);

// geometricError * factor / distance in pixels: 0 for an exact level (error <= 0),
// +inf for an inexact one at distance 0 (the eye inside the bounds).
double screenSpaceError(double geometricError, double distance, double factor);

struct SelectedTile {
    std::uint32_t node = 0;
    std::uint32_t level = 0;
    double distance = 0.0;          // metres, nearest eye to the bounds
    double screenSpaceError = 0.0;  // pixels, of the chosen level (inf when distance 0 and error > 0)
};

struct Selection {
    std::vector<SelectedTile> tiles;  // in traversal order (depth first, parents first)
    std::uint32_t visited = 0;        // nodes tested
    std::uint32_t culled = 0;         // nodes rejected by all frusta (their subtrees not visited)
    std::uint64_t triangles = 0;      // sum over the selected levels
};

// Traverses from `root`. Nodes must form a tree (asserted in debug builds by
// bounded recursion depth). Empty `nodes` or `views` gives an empty selection.
// Writes into `out`, whose previous content is replaced: `out.tiles` keeps its
// capacity, so a renderer that passes the same Selection every frame allocates
// nothing once the largest selection has been seen.
void selectTiles(std::span<const TileNode> nodes, std::uint32_t root, std::span<const SelectionView> views,
                 const SelectionOptions& options, Selection& out);

// The same, into a new Selection (tools and tests; a frame loop uses the above).
Selection selectTiles(std::span<const TileNode> nodes, std::uint32_t root, std::span<const SelectionView> views,
                      const SelectionOptions& options);

// Indices of `bounds` that meet any view's frustum (asset instances, any list
// of local-frame boxes). Order is preserved.
std::vector<std::uint32_t> cullBounds(std::span<const city::Bounds> bounds, std::span<const SelectionView> views);

}  // namespace places::visibility
