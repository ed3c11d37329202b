#pragma once
// A `.places` city pack as renderer geometry: every tile and level of the pack
// (decoded and checked by PackReader) appended like addCityTiles, with the
// pack's tree as the selection nodes. Loads all levels up front (no streaming
// yet). Errors (a corrupt blob) are reported with the pack's file and offset.
#include "places/city/pack.hpp"
#include "places/core/diagnostic.hpp"
#include "places/render/scene_geometry.hpp"

namespace places::render {

// The pack's tiles as a TileSet (levels decoded), e.g. for addCityTiles.
Result<city::TileSet> tileSetFromPack(const city::PackReader& pack);

}  // namespace places::render
