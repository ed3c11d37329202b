#pragma once
// What the renderer draws, as plain CPU data (no GPU): one vertex/index array
// for the whole scene (city tile levels, venue meshes; the ground plane is
// drawn analytically with the sky, see Lighting),
// addressed by submeshes, plus materials, textures, models and placed
// instances. Built once per scene, uploaded once by GpuScene. Unit-testable.
// Coordinates: the city's local frame (metres, Y up, x east, z south).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "places/assets/asset_model.hpp"
#include "places/visibility/tile_selection.hpp"

namespace places::city {
struct TileSet;
}

namespace places::render {

// 36 bytes; `colour` is sRGB-encoded RGBA8 (R in the lowest byte).
struct Vertex {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f};
    glm::vec2 uv{0.0f};
    std::uint32_t colour = 0xffffffffu;
};

constexpr std::uint32_t packRgba8(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
    return std::uint32_t{r} | std::uint32_t{g} << 8 | std::uint32_t{b} << 16 | std::uint32_t{a} << 24;
}

struct Submesh {
    std::uint32_t firstIndex = 0;
    std::uint32_t indexCount = 0;
    std::int32_t vertexOffset = 0;  // added to each index
    std::uint32_t material = 0;
    glm::vec3 boundsMin{0.0f}, boundsMax{0.0f};  // model space
    std::uint32_t triangles() const { return indexCount / 3; }
};

struct Texture {
    std::string name;
    std::uint32_t width = 0, height = 0;
    assets::PixelBytes rgba;  // sRGB-encoded, width*height*4 (borrowed from the asset cache, or owned)
    // Levels 1.. of the mip chain down to 1x1 (assets::buildMipChain), prepared
    // by the asset import; GpuScene uploads exactly these levels (no chain: a
    // single-level texture that aliases when minified).
    std::vector<assets::ImageLevel> mips;

    std::uint32_t levelCount() const { return 1 + static_cast<std::uint32_t>(mips.size()); }
    std::uint32_t levelWidth(std::uint32_t level) const { return level == 0 ? width : mips[level - 1].width; }
    std::uint32_t levelHeight(std::uint32_t level) const { return level == 0 ? height : mips[level - 1].height; }
    std::span<const std::uint8_t> levelPixels(std::uint32_t level) const {
        return level == 0 ? rgba.span() : mips[level - 1].rgba.span();
    }
    // The first level whose larger side is at most `maxSize` (the smallest level when none is).
    std::uint32_t firstLevelWithin(std::uint32_t maxSize) const;
};

struct Material {
    std::int32_t texture = -1;          // index into textures; -1 = plain (white)
    glm::vec4 baseColour{1.0f};         // linear factor, multiplies texture and vertex colour
};

// A model's detail levels: levels[0] is full detail; a coarser level lists one
// submesh per full-detail submesh, in the same order (submesh k of any level is
// drawn with object k: the instance transform and the material tint).
struct Model {
    std::vector<std::vector<std::uint32_t>> levels;  // never empty
    std::vector<float> levelErrors;                  // model units, per level: [0] = 0, non-decreasing
    glm::vec3 boundsMin{0.0f}, boundsMax{0.0f};      // model space, over its full-detail submeshes

    const std::vector<std::uint32_t>& submeshes() const { return levels.front(); }
};

struct ModelInstance {
    std::uint32_t model = 0;
    glm::mat4 transform{1.0f};  // model -> local frame; rotation, translation, any (invertible) scale
};

// One city tile: its detail levels as submeshes ([0] = full detail) drawn at
// `centre` (tile vertices are stored relative to it for float precision).
struct CityTileGeometry {
    glm::vec3 centre{0.0f};
    glm::vec3 boundsMin{0.0f}, boundsMax{0.0f};  // local frame
    std::vector<std::uint32_t> levels;           // submesh per level; may be empty (no geometry)
    std::vector<float> levelErrors;              // metres, per level (the pack's geometric errors)
    // Buildings (top-level: a building with its parts counts once) per level,
    // drawn when that level is; and in this tile's subtree at full detail,
    // which a drawn level stands for (FrameStats::buildingsDrawn / InView).
    std::vector<std::uint32_t> levelBuildings;
    std::uint32_t subtreeBuildings = 0;
    // Terrain pieces (relief or derived ground, ObjectKind::Terrain) per
    // level: counted apart from buildings (FrameStats::terrainPiecesDrawn).
    std::vector<std::uint32_t> levelTerrainPieces;
};

// Semantic colours of the city (sRGB RGBA8), distinct for roofs, walls, ground.
struct CityPalette {
    std::uint32_t roof = packRgba8(150, 62, 48);
    std::uint32_t wall = packRgba8(196, 186, 166);
    std::uint32_t ground = packRgba8(150, 150, 140);
    std::uint32_t other = packRgba8(190, 190, 196);
    // Relief (TIN terrain) once the pack carries it as its own kind (issue #13,
    // item 2): a dry-grass green, darker than walls and lighter than the sky
    // pass's ground plane, so streets and slopes read as ground, not roof.
    std::uint32_t terrain = packRgba8(128, 146, 96);
};

struct SceneGeometry {
    std::vector<Vertex> vertices;
    std::vector<std::uint32_t> indices;
    std::vector<Submesh> submeshes;
    std::vector<Material> materials{Material{}};  // [0]: plain, for the city
    std::vector<Texture> textures;
    std::vector<Model> models;
    std::vector<ModelInstance> instances;
    std::vector<CityTileGeometry> tiles;  // same order as the TileSet's tiles
    // The tiles as places_visibility selection nodes (same indices, [0] = root).
    std::vector<visibility::TileNode> tileNodes;

    // Appends a mesh as one submesh; indices are relative to `vertices`.
    std::uint32_t addSubmesh(std::span<const Vertex> meshVertices, std::span<const std::uint32_t> meshIndices,
                             std::uint32_t material);
    // A coarser version of submesh `full`: other indices into its vertices,
    // same material and bounds (a simplified mesh never leaves its original's box).
    std::uint32_t addSubmeshLevel(std::uint32_t full, std::span<const std::uint32_t> levelIndices);
    std::uint32_t addModel(std::vector<std::uint32_t> submeshIndices);
    // Appends a coarser level to `model` (one submesh per full-detail one;
    // `geometricError` in model units, not below the previous level's).
    void addModelLevel(std::uint32_t model, std::vector<std::uint32_t> submeshIndices, float geometricError);
    std::uint64_t triangleCount() const { return indices.size() / 3; }
};

// Appends every tile and level of `tiles`, coloured by surface type.
// `buildingRoots[b]` is the top-level building of building (or part) b, for
// the building counts; empty: every id is a building of its own.
void addCityTiles(SceneGeometry& scene, const city::TileSet& tiles, const CityPalette& palette = {},
                  std::span<const std::uint32_t> buildingRoots = {});

// A box (flat-shaded, outward normals) as a model, for tests and markers.
std::uint32_t addBoxModel(SceneGeometry& scene, const glm::vec3& halfExtent, std::uint32_t colour,
                          std::uint32_t material = 0);

}  // namespace places::render
