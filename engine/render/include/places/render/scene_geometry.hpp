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
    std::vector<std::uint8_t> rgba;  // sRGB-encoded, width*height*4
};

struct Material {
    std::int32_t texture = -1;          // index into textures; -1 = plain (white)
    glm::vec4 baseColour{1.0f};         // linear factor, multiplies texture and vertex colour
};

struct Model {
    std::vector<std::uint32_t> submeshes;
    glm::vec3 boundsMin{0.0f}, boundsMax{0.0f};  // model space, over its submeshes
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
};

// Semantic colours of the city (sRGB RGBA8), distinct for roofs, walls, ground.
struct CityPalette {
    std::uint32_t roof = packRgba8(150, 62, 48);
    std::uint32_t wall = packRgba8(196, 186, 166);
    std::uint32_t ground = packRgba8(150, 150, 140);
    std::uint32_t other = packRgba8(190, 190, 196);
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
    std::uint32_t addModel(std::vector<std::uint32_t> submeshIndices);
    std::uint64_t triangleCount() const { return indices.size() / 3; }
};

// Appends every tile and level of `tiles`, coloured by surface type.
void addCityTiles(SceneGeometry& scene, const city::TileSet& tiles, const CityPalette& palette = {});

// A box (flat-shaded, outward normals) as a model, for tests and markers.
std::uint32_t addBoxModel(SceneGeometry& scene, const glm::vec3& halfExtent, std::uint32_t colour,
                          std::uint32_t material = 0);

}  // namespace places::render
