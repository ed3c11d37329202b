#pragma once
// Adapter from the city import's TileSet to selection nodes.
#include <vector>

#include "places/city/tiling.hpp"
#include "places/visibility/tile_selection.hpp"

namespace places::visibility {

// One node per tile, same indices. Node bounds are the tile's own bounds united
// with its subtree's, so culling a parent never hides a child that sticks out.
// `parentRefinement` says what a tile with children holds (Replace: a coarse
// version of its subtree; Add: only geometry of its own).
std::vector<TileNode> tileNodesFromTileSet(const city::TileSet& tiles,
                                           Refinement parentRefinement = Refinement::Replace);

}  // namespace places::visibility
