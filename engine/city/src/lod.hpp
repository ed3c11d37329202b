#pragma once
// Building blocks of the detail levels (private to places_city). All take
// triangle soups relative to a tile centre and return finished TileLevels.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/tiling.hpp"

namespace places::city::lod {

// Unindexed triangles: corner i of triangle t is element 3t+i of the corner
// arrays; building and surface are per triangle.
struct TriangleSoup {
    std::vector<glm::vec3> corners;
    std::vector<glm::vec3> normals;  // per corner
    std::vector<std::uint32_t> building;
    std::vector<SurfaceType> surface;

    std::size_t triangleCount() const { return building.size(); }
    void reserve(std::size_t triangles);
    void append(const TriangleSoup& other);
};

// Welding as meshopt_generateVertexRemap does it (the same remap: ids in order
// of first use, corners equal bit for bit), specialised to a soup's streams.
// `remap` has one welded vertex id per corner; `firstCorner[v]` is the first
// corner that made vertex v. Key: Position = position and building; All =
// position, normal, building and surface.
enum class WeldKey : std::uint8_t { Position, All };
struct Weld {
    std::vector<std::uint32_t> remap;
    std::vector<std::uint32_t> firstCorner;
};
Weld weld(const TriangleSoup& soup, WeldKey key);

// Welds corners that are equal in position, normal, building and surface.
// Triangles keep the soup's order (polygon by polygon: cache-friendly for flat
// shading, see lod_mesh.cpp); vertices are numbered in order of first use.
TileLevel finishLevel(const TriangleSoup& soup, LevelKind kind, float geometricError);

// meshoptimizer simplification of one tile's full-detail soup. Vertices are
// welded per building only (buildings never merge); surface types of the result
// are re-derived from the flat normals (up = roof, down = ground, else wall).
// Returns the soup and the error the simplifier reports, in metres.
struct Simplified {
    TriangleSoup soup;
    float error = 0.0f;
};
Simplified simplify(const TriangleSoup& full, float targetError);

// LoD1 block of one building: the convex hull of its triangles' XZ extruded
// from the lowest point to the mean roof height (mid of the roof triangles'
// height range; the top when there is no roof). No bottom cap (never seen).
struct Block {
    TriangleSoup soup;
    float error = 0.0f;  // max(vertical, horizontal) deviation from the building, metres
    float size = 0.0f;   // largest of footprint diameter and height, metres
};
// `corners` and `surfaces` describe the building's triangles (3 corners each).
Block makeBlock(std::span<const glm::vec3> corners, std::span<const SurfaceType> surfaces,
                std::uint32_t building);

// The block's axis-aligned box: its footprint's XZ bounding rectangle from the
// block's bottom to its top (8 wall and 2 roof triangles). Deviates from the
// building by at most Block::size. Empty for an empty block.
TriangleSoup boxOf(const Block& block);

}  // namespace places::city::lod
