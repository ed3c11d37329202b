#include "places/render/demo_city.hpp"

#include <cmath>

#include <glm/geometric.hpp>

#include "places/assets/mip_chain.hpp"
#include "places/city/tiling.hpp"

namespace places::render {

namespace {

void addQuad(city::TileLevel& level, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d, city::SurfaceType type) {
    const glm::vec3 n = glm::normalize(glm::cross(b - a, c - a));
    const auto base = static_cast<std::uint32_t>(level.positions.size());
    for (const glm::vec3& p : {a, b, c, d}) {
        level.positions.push_back(p);
        level.normals.push_back(n);
    }
    for (std::uint32_t k : {0u, 1u, 2u, 0u, 2u, 3u}) level.indices.push_back(base + k);
    level.triangleSurface.push_back(type);
    level.triangleSurface.push_back(type);
    level.triangleBuilding.push_back(0);
    level.triangleBuilding.push_back(0);
}

// A box building at (x, z) relative to the tile centre: 4 walls and a roof.
void addBuilding(city::TileLevel& level, float x, float z, float w, float d, float h) {
    const glm::vec3 p0(x - w, 0, z - d), p1(x + w, 0, z - d), p2(x + w, 0, z + d), p3(x - w, 0, z + d);
    const glm::vec3 up(0, h, 0);
    addQuad(level, p0, p3, p3 + up, p0 + up, city::SurfaceType::Wall);
    addQuad(level, p3, p2, p2 + up, p3 + up, city::SurfaceType::Wall);
    addQuad(level, p2, p1, p1 + up, p2 + up, city::SurfaceType::Wall);
    addQuad(level, p1, p0, p0 + up, p1 + up, city::SurfaceType::Wall);
    addQuad(level, p0 + up, p3 + up, p2 + up, p1 + up, city::SurfaceType::Roof);
}

}  // namespace

city::TileSet makeDemoTiles(int tilesPerSide) {
    city::TileSet set;
    set.tileSize = 100.0;
    const double half = tilesPerSide * 50.0;
    // [0]: the root, a pure container (no levels) over the grid of leaves.
    set.tiles.emplace_back();
    for (int tz = 0; tz < tilesPerSide; ++tz) {
        for (int tx = 0; tx < tilesPerSide; ++tx) {
            city::Tile tile;
            tile.level = 1;
            tile.parent = 0;
            tile.x = tx;
            tile.z = tz;
            tile.centre = glm::dvec3(-half + 50.0 + tx * 100.0, 0.0, -half + 50.0 + tz * 100.0);
            city::TileLevel fine, coarse;
            addQuad(fine, {-48, 0.02f, -48}, {-48, 0.02f, 48}, {48, 0.02f, 48}, {48, 0.02f, -48},
                    city::SurfaceType::Ground);
            for (int b = 0; b < 4; ++b) {
                const float x = -25.0f + 50.0f * float(b % 2);
                const float z = -25.0f + 50.0f * float(b / 2);
                const float h = 8.0f + 6.0f * float((tx * 3 + tz * 5 + b * 7) % 5);
                addBuilding(fine, x, z, 12.0f, 9.0f, h);
                addBuilding(coarse, x, z, 12.0f, 9.0f, h);
            }
            fine.geometricError = 0.0f;
            coarse.geometricError = 2.0f;
            tile.bounds.add(tile.centre + glm::dvec3(-50, 0, -50));
            tile.bounds.add(tile.centre + glm::dvec3(50, 40, 50));
            tile.levels.push_back(std::move(fine));
            tile.levels.push_back(std::move(coarse));
            set.tiles[0].children.push_back(static_cast<std::uint32_t>(set.tiles.size()));
            set.tiles[0].bounds.add(tile.bounds);
            set.tiles.push_back(std::move(tile));
        }
    }
    return set;
}

SceneGeometry makeDemoScene(int tilesPerSide) {
    SceneGeometry scene;
    addCityTiles(scene, makeDemoTiles(tilesPerSide));

    Texture checker{"checker", 8, 8, {}};
    for (std::uint32_t y = 0; y < 8; ++y)
        for (std::uint32_t x = 0; x < 8; ++x) {
            const bool dark = ((x + y) % 2) != 0;
            const std::uint8_t c = dark ? 40 : 235;
            checker.rgba.vector().insert(checker.rgba.vector().end(), {c, dark ? std::uint8_t(40) : std::uint8_t(200), c, 255});
        }
    checker.mips = assets::buildMipChain(checker.width, checker.height, checker.rgba);
    scene.textures.push_back(std::move(checker));
    scene.materials.push_back({0, glm::vec4(1.0f)});
    scene.materials.push_back({-1, glm::vec4(0.9f, 0.2f, 0.1f, 1.0f)});  // plain red: a coloured material

    const std::uint32_t crate = addBoxModel(scene, glm::vec3(3.0f), packRgba8(255, 255, 255), 1);
    const std::uint32_t stage = addBoxModel(scene, glm::vec3(8.0f, 1.0f, 5.0f), packRgba8(255, 255, 255), 2);
    for (int i = 0; i < 3; ++i) {
        ModelInstance instance{crate, glm::mat4(1.0f)};
        instance.transform[3] = glm::vec4(-12.0f + 12.0f * float(i), 3.0f, 8.0f, 1.0f);
        scene.instances.push_back(instance);
    }
    ModelInstance stageInstance{stage, glm::mat4(1.0f)};
    stageInstance.transform[3] = glm::vec4(0.0f, 1.0f, -6.0f, 1.0f);
    scene.instances.push_back(stageInstance);
    return scene;
}

}  // namespace places::render
