#pragma once
// Splits a City into a quadtree of square tiles, each with detail levels for
// distance, so a renderer can stream tiles and choose levels by screen-space
// error. Plain data in, plain data out.
//
// Assignment: buildings stay whole. Every triangle belongs to its top-level
// building (parts follow their parent), and each top-level building goes to
// the one leaf that contains the XZ centre of its triangles' bounding box. A
// leaf's geometry may therefore reach over its square (by at most half a
// building); Tile::bounds is the true extent, use it for culling.
//
// Grid: leaves are `tileSize` squares aligned to multiples of `tileSize` in the
// local frame (so with an origin on a km corner, 250 m tiles nest in the NRW km
// grid). The root is the smallest power-of-two square of leaves covering the
// city. Only nodes with geometry below them exist (sparse quadtree).
//
// Levels (TileLevel::kind):
//   leaves:   [0] Full (every input triangle, error 0),
//             [1] Simplified (meshoptimizer, per building, when it saves >= 20 %),
//             [2] Blocks (LoD1: per building the convex hull of its footprint
//                 extruded from its lowest point to its mean roof height).
//   interior: [0] Blocks of all descendants merged into one mesh (HLOD), every
//             building kept (buildings smaller than the node's error budget,
//             side / 32, as their footprint box; only objects without a block,
//             flat or linear ones, left out, adding their size to the error),
//             so a whole-city view is one draw per node and shows every building.
// Terrain pieces (ObjectKind::Terrain, ground.hpp) are grouped like buildings
// but their "block" is their own triangles (simplified when a piece has more
// than 2,048), so coarse and merged levels keep the ground under the blocks.
// Within a tile, geometric error strictly increases and triangle count strictly
// decreases with the level index; a node's error is >= every child's coarsest
// error, so refining by screen-space error is monotone.
//
// Budget reasoning (Gelsenkirchen festival scene, three 1 km LoD2 tiles, ~25 k
// triangles): 250 m leaves give ~40 leaf tiles; drawing all of them at full
// detail is ~40 draws and 25 k triangles, far inside 100 draws / 1 M triangles;
// HLOD nodes let a far view draw a handful of nodes instead of every leaf.
#include <cstdint>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/core/progress.hpp"

namespace places::city {

struct TilingOptions {
    double tileSize = 250.0;         // metres, edge of a leaf tile
    bool simplifiedLevel = true;     // build the meshoptimizer level of leaves
    float simplifyError = 0.5f;      // metres, target error of that level
    // Threads building blocks and tiles (0 = one per hardware thread). The
    // tiles do not depend on it: every job writes only its own building or tile.
    unsigned threads = 0;
};

enum class LevelKind : std::uint8_t { Full = 0, Simplified = 1, Blocks = 2, Merged = 3 };
const char* toString(LevelKind kind);

// One detail level of a tile. Vertices are relative to Tile::centre (float,
// local frame axes). Level 0 of a leaf is full detail; higher levels are
// coarser. Every vertex is used only by triangles of one building and one
// surface type, so per-vertex attributes (as in the pack) equal the
// per-triangle ones. Triangles are not reordered for the vertex cache: they
// stay polygon by polygon in source order (the simplified level in
// meshopt_simplify's order), within 0.7 % of a reordering's vertex reuse (see
// lod_mesh.cpp); vertices are in first-use order.
struct TileLevel {
    LevelKind kind = LevelKind::Full;
    float geometricError = 0.0f;              // metres: max deviation from full detail
    std::vector<glm::vec3> positions;         // relative to Tile::centre
    std::vector<glm::vec3> normals;           // unit
    std::vector<std::uint32_t> indices;       // 3 per triangle
    std::vector<std::uint32_t> triangleBuilding;  // index into City::buildings
    std::vector<SurfaceType> triangleSurface;

    std::size_t triangleCount() const { return indices.size() / 3; }
};

struct Tile {
    std::uint32_t level = 0;      // quadtree depth (0 = root)
    std::int32_t x = 0, z = 0;    // grid coordinates at that depth (x east, z south)
    // Local frame. XZ = centre of the tile's square; Y = middle of its geometry's
    // height range, so centre-relative float positions stay small.
    glm::dvec3 centre{0.0};
    Bounds bounds;                // local frame; a node's bounds contain its descendants'
    std::int32_t parent = -1;     // index into TileSet::tiles
    std::vector<std::uint32_t> children;
    std::vector<TileLevel> levels;  // [0] = finest level of this node

    bool leaf() const { return children.empty(); }
};

struct TileSet {
    double tileSize = 250.0;
    std::uint32_t depth = 0;      // depth of the leaves
    glm::dvec2 gridOrigin{0.0};   // local XZ of the root square's min corner
    std::vector<Tile> tiles;      // [0] = root when non-empty; parents before children
};

TileSet buildTiles(const City& city, const TilingOptions& options, ProgressSink& progress);

}  // namespace places::city
