#pragma once
// Helpers shared by the pack tests: a small tiled city and its encoded pack.
#include <cstddef>
#include <vector>

#include "places/city/pack.hpp"
#include "places/city/tiling.hpp"
#include "synthetic_city.hpp"

namespace places::city::test {

struct PackedCity {
    City city;
    TileSet tiles;
    std::vector<std::byte> bytes;
};

inline PackedCity packedCity(bool zstd, SyntheticOptions synthetic = {}, double tileSize = 100.0) {
    PackedCity p;
    p.city = makeSyntheticCity(synthetic);
    NullProgress progress;
    TilingOptions tiling;
    tiling.tileSize = tileSize;
    p.tiles = buildTiles(p.city, tiling, progress);
    PackOptions options;
    options.zstd = zstd;
    options.skipped = {{"skipped: degenerate polygon", 3}, {"salvaged: non-planar polygon", 2}};
    auto encoded = encodePack(p.city, p.tiles, options);
    if (encoded.value) p.bytes = std::move(*encoded.value);
    return p;
}

}  // namespace places::city::test
