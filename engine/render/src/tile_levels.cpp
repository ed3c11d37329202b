#include "places/render/tile_levels.hpp"

namespace places::render {

visibility::Selection chooseTileLevels(std::span<const visibility::TileNode> nodes, const FrameViews& views,
                                       double viewportHeightPx, std::vector<TileLevelRef>& out,
                                       double maxScreenSpaceErrorPx) {
    out.clear();
    visibility::SelectionOptions options;
    options.maxScreenSpaceError = maxScreenSpaceErrorPx;
    options.viewportHeight = viewportHeightPx;
    options.verticalFovDeg = views.verticalFovDeg;
    visibility::Selection selection = visibility::selectTiles(nodes, 0, views.selectionViews(), options);
    for (const visibility::SelectedTile& t : selection.tiles) out.push_back({t.node, t.level});
    return selection;
}

}  // namespace places::render
