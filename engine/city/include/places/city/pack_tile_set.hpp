#pragma once
// A `.places` city pack as a TileSet: every tile and level of the pack
// (decoded and checked by PackReader), with the pack's tree. Loads all levels
// up front (no streaming yet). Pure data, no GPU: the renderer appends the
// result with addCityTiles. Errors (a corrupt blob) are reported with the
// pack's file and offset.
#include "places/city/pack.hpp"
#include "places/city/tiling.hpp"
#include "places/core/diagnostic.hpp"

namespace places::city {

// The pack's tiles as a TileSet (levels decoded).
Result<TileSet> tileSetFromPack(const PackReader& pack);

}  // namespace places::city
