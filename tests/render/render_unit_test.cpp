// CPU-side parts of the renderer: cameras, frusta, scene geometry. No GPU.
#include <catch2/catch.hpp>

#include <glm/gtc/matrix_transform.hpp>

#include "places/render/camera.hpp"
#include "places/render/frustum.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/render/demo_city.hpp"

using namespace places::render;

TEST_CASE("camera heading is a compass bearing in the local frame", "[render][camera]") {
    Camera c;
    c.headingDeg = 0.0f;  // north = -z
    CHECK(c.forward().z == Approx(-1.0f));
    c.headingDeg = 90.0f;  // east = +x
    CHECK(c.forward().x == Approx(1.0f));
    CHECK(c.right().z == Approx(1.0f).margin(1e-6));  // facing east, right is south
    c.pitchDeg = 30.0f;
    CHECK(c.forward().y == Approx(0.5f));
    CHECK(c.up().y > 0.0f);
}

TEST_CASE("reversed infinite projection maps near to depth 1 and far to 0", "[render][camera]") {
    const glm::mat4 p = reversedInfinitePerspective(glm::radians(60.0f), 1.0f, 0.5f);
    auto depth = [&](float z) {
        const glm::vec4 clip = p * glm::vec4(0, 0, z, 1);
        return clip.z / clip.w;
    };
    CHECK(depth(-0.5f) == Approx(1.0f));
    CHECK(depth(-1000.0f) == Approx(0.0005f));
    CHECK(depth(-1e7f) < 1e-6f);
    // Up in view space is up on screen, which in Vulkan clip space is -y.
    const glm::vec4 clip = p * glm::vec4(0, 1, -2, 1);
    CHECK(clip.y < 0.0f);
}

TEST_CASE("frustum keeps what is ahead and culls what is behind or aside", "[render][frustum]") {
    Camera c;
    c.position = {0, 2, 0};
    const FrameViews views = monoViews(c, 16.0f / 9.0f);
    const Frustum f = Frustum::fromViewProjection(views.eyes[0].viewProjection);
    CHECK(f.intersectsBox({-1, 0, -11}, {1, 4, -9}));      // ahead
    CHECK_FALSE(f.intersectsBox({-1, 0, 9}, {1, 4, 11}));  // behind
    CHECK_FALSE(f.intersectsBox({200, 0, -11}, {210, 4, -9}));  // far to the right
    CHECK(f.intersectsBox({-1, 0, -1e6f}, {1, 4, -1e6f + 2}));  // no far plane
    CHECK(f.intersectsSphere({0, 2, -5}, 1.0f));
    CHECK_FALSE(f.intersectsSphere({0, 2, 5}, 1.0f));
    CHECK_FALSE(f.intersectsSphere({0, 2, -0.1f}, 0.05f));  // in front of the near plane
}

TEST_CASE("stereo eyes sit one IPD apart along the camera's right", "[render][camera]") {
    Camera c;
    c.position = {10, 2, 5};
    c.headingDeg = 90.0f;
    const FrameViews v = stereoViews(c, 1.0f, 0.064f);
    REQUIRE(v.count == 2);
    CHECK(glm::distance(v.eyes[0].eye, v.eyes[1].eye) == Approx(0.064f));
    CHECK(v.eyes[1].eye.z > v.eyes[0].eye.z);  // facing east, the right eye is to the south
}

TEST_CASE("city tiles become coloured submeshes, one per level", "[render][geometry]") {
    const auto tiles = makeDemoTiles(2);
    SceneGeometry scene;
    const CityPalette palette;
    addCityTiles(scene, tiles, palette);
    REQUIRE(scene.tiles.size() == 4);
    for (std::size_t t = 0; t < 4; ++t) {
        REQUIRE(scene.tiles[t].levels.size() == 2);
        const Submesh& fine = scene.submeshes[scene.tiles[t].levels[0]];
        CHECK(fine.triangles() == tiles.tiles[t].levels[0].indices.size() / 3);
        CHECK(scene.tiles[t].centre.x == Approx(tiles.tiles[t].centre.x));
    }
    // Roofs, walls and ground keep their semantic colours.
    std::size_t roof = 0, wall = 0, ground = 0;
    for (const Vertex& v : scene.vertices) {
        roof += v.colour == palette.roof;
        wall += v.colour == palette.wall;
        ground += v.colour == palette.ground;
    }
    CHECK(roof > 0);
    CHECK(wall > roof);
    CHECK(ground > 0);
    CHECK(roof + wall + ground == scene.vertices.size());
    // Indices address the submesh's own vertices.
    for (const Submesh& s : scene.submeshes)
        for (std::uint32_t i = 0; i < s.indexCount; ++i)
            CHECK(scene.indices[s.firstIndex + i] + std::uint32_t(s.vertexOffset) < scene.vertices.size());
}

TEST_CASE("models take the bounds of their submeshes", "[render][geometry]") {
    SceneGeometry scene;
    const std::uint32_t box = addBoxModel(scene, {1, 2, 3}, packRgba8(255, 0, 0));
    CHECK(scene.models[box].boundsMin == glm::vec3(-1, -2, -3));
    CHECK(scene.models[box].boundsMax == glm::vec3(1, 2, 3));
    CHECK(scene.submeshes[scene.models[box].submeshes[0]].triangles() == 12);
}
