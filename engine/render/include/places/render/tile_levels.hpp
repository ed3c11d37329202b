#pragma once
// Which city tile levels to draw this frame: places_visibility's frustum +
// screen-space-error selection over the scene's tile nodes, one traversal for
// all views of the frame (both eyes draw the same set).
#include <span>
#include <vector>

#include "places/render/frame_views.hpp"
#include "places/render/renderer.hpp"
#include "places/visibility/tile_selection.hpp"

namespace places::render {

// `nodes[0]` is the root (SceneGeometry::tileNodes); node i is tile i.
// `viewportHeightPx`: per eye. Fills `selection` (the traversal's result and
// counters) and `out` (what the renderer draws); both are overwritten and keep
// their capacity, so a frame loop that passes the same two allocates nothing
// in the steady state.
void chooseTileLevels(std::span<const visibility::TileNode> nodes, const FrameViews& views, double viewportHeightPx,
                      visibility::Selection& selection, std::vector<TileLevelRef>& out,
                      double maxScreenSpaceErrorPx = visibility::kDefaultMaxScreenSpaceErrorPx);

}  // namespace places::render
