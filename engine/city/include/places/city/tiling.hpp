#pragma once
// Splits a City into a quadtree of square tiles, each with detail levels for
// distance, so a renderer can stream tiles and choose levels by screen-space
// error. Plain data in, plain data out.
#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/core/progress.hpp"

namespace places::city {

struct TilingOptions {
    double tileSize = 250.0;   // metres, edge of a leaf tile
};

// One detail level of a tile. Vertices are relative to the tile centre (float,
// local frame). Level 0 is full detail; higher levels are coarser.
struct TileLevel {
    float geometricError = 0.0f;              // metres: max deviation from full detail
    std::vector<glm::vec3> positions;         // relative to Tile::centre
    std::vector<glm::vec3> normals;
    std::vector<std::uint32_t> indices;
    std::vector<std::uint32_t> triangleBuilding;  // index into City::buildings
    std::vector<SurfaceType> triangleSurface;
};

struct Tile {
    std::uint32_t level = 0;      // quadtree depth (0 = root)
    std::int32_t x = 0, z = 0;    // grid coordinates at that depth
    glm::dvec3 centre{0.0};       // local frame
    Bounds bounds;                // local frame, of level 0 geometry
    std::int32_t parent = -1;     // index into TileSet::tiles
    std::vector<std::uint32_t> children;
    std::vector<TileLevel> levels;  // [0] = full detail
};

struct TileSet {
    double tileSize = 250.0;
    std::vector<Tile> tiles;  // [0] = root when non-empty
};

TileSet buildTiles(const City& city, const TilingOptions& options, ProgressSink& progress);

}  // namespace places::city
