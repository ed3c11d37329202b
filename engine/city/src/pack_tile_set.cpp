#include "places/city/pack_tile_set.hpp"

namespace places::city {

Result<TileSet> tileSetFromPack(const PackReader& pack) {
    Result<TileSet> result;
    TileSet set;
    set.tileSize = pack.summary().tileSize;
    set.depth = pack.summary().quadtreeDepth;
    set.gridOrigin = pack.summary().gridOrigin;
    set.tiles.resize(pack.tileCount());
    for (std::size_t t = 0; t < pack.tileCount(); ++t) {
        const PackTileInfo info = pack.tile(t);
        Tile& tile = set.tiles[t];
        tile.level = info.depth;
        tile.x = info.x;
        tile.z = info.z;
        tile.centre = info.centre;
        tile.bounds = info.bounds;
        tile.parent = info.parent;
        tile.children = info.children;
        for (std::uint32_t l = 0; l < info.levelCount; ++l) {
            const PackLevelInfo levelInfo = pack.level(info.firstLevel + l);
            auto data = pack.levelData(info.firstLevel + l);
            result.diagnostics.append(data.diagnostics);
            if (!data.value) return result;
            tile.levels.push_back(toTileLevel(*data.value, levelInfo));
        }
    }
    result.value = std::move(set);
    return result;
}

}  // namespace places::city
