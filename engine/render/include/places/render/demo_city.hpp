#pragma once
// A small synthetic city for render tests: a grid of tiles with box buildings
// (flat roofs, walls, a ground patch), two detail levels per tile, plus venue
// props (a textured box) on the ground plane. Deterministic.
#include "places/city/tiling.hpp"
#include "places/render/scene_geometry.hpp"

namespace places::render {

// A root (tiles[0], no geometry) over `tilesPerSide`^2 leaf tiles of 100 m,
// centred on the origin.
city::TileSet makeDemoTiles(int tilesPerSide = 2);

// Tiles + a few props (one textured with a checkerboard).
SceneGeometry makeDemoScene(int tilesPerSide = 2);

}  // namespace places::render
