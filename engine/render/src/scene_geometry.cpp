#include "places/render/scene_geometry.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

#include "places/city/tiling.hpp"
#include "places/visibility/tileset_nodes.hpp"

namespace places::render {

std::uint32_t SceneGeometry::addSubmesh(std::span<const Vertex> meshVertices,
                                        std::span<const std::uint32_t> meshIndices, std::uint32_t material) {
    assert(material < materials.size());
    Submesh s;
    s.firstIndex = static_cast<std::uint32_t>(indices.size());
    s.indexCount = static_cast<std::uint32_t>(meshIndices.size());
    s.vertexOffset = static_cast<std::int32_t>(vertices.size());
    s.material = material;
    s.boundsMin = glm::vec3(std::numeric_limits<float>::max());
    s.boundsMax = glm::vec3(std::numeric_limits<float>::lowest());
    for (const Vertex& v : meshVertices) {
        s.boundsMin = glm::min(s.boundsMin, v.position);
        s.boundsMax = glm::max(s.boundsMax, v.position);
    }
    if (meshVertices.empty()) s.boundsMin = s.boundsMax = glm::vec3(0.0f);
    vertices.insert(vertices.end(), meshVertices.begin(), meshVertices.end());
    indices.insert(indices.end(), meshIndices.begin(), meshIndices.end());
    submeshes.push_back(s);
    return static_cast<std::uint32_t>(submeshes.size() - 1);
}

std::uint32_t SceneGeometry::addSubmeshLevel(std::uint32_t full, std::span<const std::uint32_t> levelIndices) {
    assert(full < submeshes.size());
    Submesh s = submeshes[full];
    s.firstIndex = static_cast<std::uint32_t>(indices.size());
    s.indexCount = static_cast<std::uint32_t>(levelIndices.size());
    indices.insert(indices.end(), levelIndices.begin(), levelIndices.end());
    submeshes.push_back(s);
    return static_cast<std::uint32_t>(submeshes.size() - 1);
}

void SceneGeometry::addModelLevel(std::uint32_t model, std::vector<std::uint32_t> submeshIndices,
                                  float geometricError) {
    Model& m = models[model];
    assert(submeshIndices.size() == m.submeshes().size());
    assert(geometricError >= m.levelErrors.back());
    m.levels.push_back(std::move(submeshIndices));
    m.levelErrors.push_back(geometricError);
}

std::uint32_t Texture::firstLevelWithin(std::uint32_t maxSize) const {
    std::uint32_t level = 0;
    while (level + 1 < levelCount() && std::max(levelWidth(level), levelHeight(level)) > maxSize) ++level;
    return level;
}

std::uint32_t SceneGeometry::addModel(std::vector<std::uint32_t> submeshIndices) {
    Model m;
    m.boundsMin = glm::vec3(std::numeric_limits<float>::max());
    m.boundsMax = glm::vec3(std::numeric_limits<float>::lowest());
    for (std::uint32_t s : submeshIndices) {
        m.boundsMin = glm::min(m.boundsMin, submeshes[s].boundsMin);
        m.boundsMax = glm::max(m.boundsMax, submeshes[s].boundsMax);
    }
    if (submeshIndices.empty()) m.boundsMin = m.boundsMax = glm::vec3(0.0f);
    m.levels.push_back(std::move(submeshIndices));
    m.levelErrors.push_back(0.0f);
    models.push_back(std::move(m));
    return static_cast<std::uint32_t>(models.size() - 1);
}

namespace {

std::uint32_t surfaceColour(city::SurfaceType type, const CityPalette& palette) {
    switch (type) {
        case city::SurfaceType::Roof: return palette.roof;
        case city::SurfaceType::Wall: return palette.wall;
        case city::SurfaceType::Ground: return palette.ground;
        case city::SurfaceType::Terrain: return palette.terrain;
        default: return palette.other;
    }
}

// Distinct top-level buildings among a level's triangles (terrain: false),
// or distinct terrain pieces (terrain: true). Terrain records share the
// building table (a kind of their own) but are not buildings.
std::uint32_t countRecords(const city::TileLevel& level, std::span<const std::uint32_t> roots,
                           std::vector<std::uint32_t>& scratch, bool terrain) {
    scratch.clear();
    for (std::size_t t = 0; t < level.triangleBuilding.size(); ++t) {
        const bool isTerrain =
            t < level.triangleSurface.size() && level.triangleSurface[t] == city::SurfaceType::Terrain;
        if (isTerrain != terrain) continue;
        const std::uint32_t b = level.triangleBuilding[t];
        scratch.push_back(b < roots.size() ? roots[b] : b);
    }
    std::sort(scratch.begin(), scratch.end());
    return static_cast<std::uint32_t>(std::unique(scratch.begin(), scratch.end()) - scratch.begin());
}

}  // namespace

void addCityTiles(SceneGeometry& scene, const city::TileSet& tiles, const CityPalette& palette,
                  std::span<const std::uint32_t> buildingRoots) {
    std::vector<Vertex> vertices;  // reused per level
    std::vector<std::uint32_t> scratch;
    const std::size_t firstTile = scene.tiles.size();
    for (const city::Tile& tile : tiles.tiles) {
        CityTileGeometry geometry;
        geometry.centre = glm::vec3(tile.centre);
        if (!tile.bounds.empty()) {
            geometry.boundsMin = glm::vec3(tile.bounds.min);
            geometry.boundsMax = glm::vec3(tile.bounds.max);
        } else {
            geometry.boundsMin = geometry.boundsMax = geometry.centre;
        }
        for (const city::TileLevel& level : tile.levels) {
            vertices.assign(level.positions.size(), Vertex{});
            for (std::size_t i = 0; i < level.positions.size(); ++i) {
                vertices[i].position = level.positions[i];
                if (i < level.normals.size()) vertices[i].normal = level.normals[i];
            }
            // Flat-shaded meshes: a vertex belongs to one polygon, so any of its
            // triangles gives its surface type.
            for (std::size_t t = 0; t < level.indices.size() / 3; ++t) {
                const std::uint32_t colour = t < level.triangleSurface.size()
                                                 ? surfaceColour(level.triangleSurface[t], palette)
                                                 : palette.other;
                for (std::size_t k = 0; k < 3; ++k) vertices[level.indices[3 * t + k]].colour = colour;
            }
            geometry.levels.push_back(scene.addSubmesh(vertices, level.indices, 0));
            geometry.levelErrors.push_back(level.geometricError);
            geometry.levelBuildings.push_back(countRecords(level, buildingRoots, scratch, false));
            geometry.levelTerrainPieces.push_back(countRecords(level, buildingRoots, scratch, true));
        }
        // A building lies in exactly one leaf (the tiler groups its parts).
        if (tile.leaf() && !geometry.levelBuildings.empty()) geometry.subtreeBuildings = geometry.levelBuildings.front();
        scene.tiles.push_back(std::move(geometry));
    }
    // Children come after their parents: summing backwards fills every subtree.
    for (std::size_t i = tiles.tiles.size(); i-- > 0;) {
        const std::int32_t parent = tiles.tiles[i].parent;
        if (parent >= 0 && static_cast<std::size_t>(parent) < i)
            scene.tiles[firstTile + static_cast<std::size_t>(parent)].subtreeBuildings +=
                scene.tiles[firstTile + i].subtreeBuildings;
    }
    scene.tileNodes = visibility::tileNodesFromTileSet(tiles);
}

std::uint32_t addBoxModel(SceneGeometry& scene, const glm::vec3& e, std::uint32_t colour, std::uint32_t material) {
    std::vector<Vertex> vertices;
    std::vector<std::uint32_t> indices;
    // Each face: normal axis, and two tangent axes u, v with u x v = normal.
    const glm::vec3 normals[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (const glm::vec3& n : normals) {
        const glm::vec3 u = std::abs(n.y) > 0.5f ? glm::vec3(1, 0, 0) : glm::vec3(-n.z, 0, n.x);
        const glm::vec3 v = glm::cross(n, u);
        const auto base = static_cast<std::uint32_t>(vertices.size());
        const glm::vec2 corners[4] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (const glm::vec2& c : corners)
            vertices.push_back({(n + u * c.x + v * c.y) * e, n, (c + 1.0f) * 0.5f, colour});
        // u x v = n, so the corners run counter-clockwise seen from outside.
        for (std::uint32_t k : {0u, 1u, 2u, 0u, 2u, 3u}) indices.push_back(base + k);
    }
    return scene.addModel({scene.addSubmesh(vertices, indices, material)});
}

}  // namespace places::render
