#include "places/render/city_pack_geometry.hpp"

namespace places::render {

Result<city::TileSet> tileSetFromPack(const city::PackReader& pack) {
    Result<city::TileSet> result;
    city::TileSet set;
    set.tileSize = pack.summary().tileSize;
    set.depth = pack.summary().quadtreeDepth;
    set.gridOrigin = pack.summary().gridOrigin;
    set.tiles.resize(pack.tileCount());
    for (std::size_t t = 0; t < pack.tileCount(); ++t) {
        const city::PackTileInfo info = pack.tile(t);
        city::Tile& tile = set.tiles[t];
        tile.level = info.depth;
        tile.x = info.x;
        tile.z = info.z;
        tile.centre = info.centre;
        tile.bounds = info.bounds;
        tile.parent = info.parent;
        tile.children = info.children;
        for (std::uint32_t l = 0; l < info.levelCount; ++l) {
            const city::PackLevelInfo levelInfo = pack.level(info.firstLevel + l);
            auto data = pack.levelData(info.firstLevel + l);
            result.diagnostics.append(data.diagnostics);
            if (!data.value) return result;
            tile.levels.push_back(city::toTileLevel(*data.value, levelInfo));
        }
    }
    result.value = std::move(set);
    return result;
}

}  // namespace places::render
