#include "places/visibility/tileset_nodes.hpp"

namespace places::visibility {
namespace {

// Post-order union of subtree bounds; depth-limited like the traversal.
city::Bounds subtreeBounds(const city::TileSet& tiles, std::uint32_t index, std::vector<TileNode>& nodes, int depth) {
    city::Bounds bounds = tiles.tiles[index].bounds;
    if (depth < 64) {
        for (std::uint32_t child : tiles.tiles[index].children) {
            if (child < tiles.tiles.size()) bounds.add(subtreeBounds(tiles, child, nodes, depth + 1));
        }
    }
    nodes[index].bounds = bounds;
    return bounds;
}

}  // namespace

std::vector<TileNode> tileNodesFromTileSet(const city::TileSet& tiles, Refinement parentRefinement) {
    std::vector<TileNode> nodes(tiles.tiles.size());
    for (std::size_t i = 0; i < tiles.tiles.size(); ++i) {
        const city::Tile& tile = tiles.tiles[i];
        TileNode& node = nodes[i];
        node.children = tile.children;
        node.refinement = tile.children.empty() ? Refinement::Replace : parentRefinement;
        // Level indices stay those of the tile; a tile whose levels are all
        // empty (an interior tile without content) is a pure container.
        bool hasContent = false;
        for (const city::TileLevel& level : tile.levels) hasContent = hasContent || !level.indices.empty();
        if (!hasContent) continue;
        for (const city::TileLevel& level : tile.levels) {
            node.levels.push_back({level.geometricError, static_cast<std::uint32_t>(level.indices.size() / 3)});
        }
    }
    if (!nodes.empty()) subtreeBounds(tiles, 0, nodes, 0);
    return nodes;
}

}  // namespace places::visibility
