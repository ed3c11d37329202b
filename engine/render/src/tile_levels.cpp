#include "places/render/tile_levels.hpp"

namespace places::render {

void chooseTileLevels(std::span<const visibility::TileNode> nodes, const FrameViews& views, double viewportHeightPx,
                      visibility::Selection& selection, std::vector<TileLevelRef>& out,
                      double maxScreenSpaceErrorPx) {
    out.clear();
    visibility::SelectionOptions options;
    options.maxScreenSpaceError = maxScreenSpaceErrorPx;
    options.viewportHeight = viewportHeightPx;
    options.verticalFovDeg = views.verticalFovDeg;
    visibility::selectTiles(nodes, 0, views.selectionViews(), options, selection);
    for (const visibility::SelectedTile& t : selection.tiles) out.push_back({t.node, t.level});
}

}  // namespace places::render
