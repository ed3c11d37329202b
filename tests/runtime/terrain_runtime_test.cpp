// The client on the real Gelsenkirchen tiles' terrain (derived ground, issue
// #13): the shipped scenes' spawns stand on the ground drawn under them, and
// the import cache keeps imports with and without derived ground apart.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "places/city/pack.hpp"
#include "places/runtime/import_cache.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/scenes/scene_file.hpp"
#include "places/scenes/scene_ground.hpp"
#include "shipped_render_scene.hpp"

namespace fs = std::filesystem;
using namespace places;

// Both shipped venues lie on open land without buildings (Berger Feld west
// of the Parkstadion; the fair's square in Resse), where the derived ground
// has no triangles (it leaves out edges over 250 m rather than invent land
// between distant buildings): there the spawns stand on the ground plane the
// renderer draws at the scene's origin height, which the scenes chose as the
// ground there. A spawn over the terrain must stand on the terrain.
TEST_CASE("shipped scenes: every spawn stands on the ground drawn under it", "[runtime][ground]") {
    for (const char* name : runtime::test::kShippedScenes) {
        CAPTURE(name);
        auto loaded = runtime::test::loadShippedRenderScene(name);
        INFO(loaded.diagnostics.firstError());
        REQUIRE(loaded.value);
        const runtime::RenderScene& scene = *loaded.value;
        REQUIRE(scene.ground);
        REQUIRE(scene.ground->triangleCount() > 1000);  // the tiles' derived ground is there
        REQUIRE(!scene.spawns.empty());
        for (const scenes::SpawnPoint& spawn : scene.spawns) {
            CAPTURE(spawn.name, spawn.position.x, spawn.position.y, spawn.position.z);
            const auto terrain = scene.ground->heightAt(spawn.position.x, spawn.position.z);
            const double ground = terrain.value_or(double(scene.lighting.groundHeightM));
            CAPTURE(terrain.has_value(), ground);
            CHECK(std::abs(spawn.position.y - ground) <= 0.5);
        }
        CHECK(loaded.diagnostics.counter("position outside the terrain") == 0);
    }
}

TEST_CASE("scene positions on the ground sit on the real derived ground of tile 365_5713", "[runtime][ground]") {
    auto festival = runtime::test::loadShippedRenderScene("gelsenkirchen-festival.json");
    REQUIRE(festival.value);
    const city::GroundHeights& ground = *festival.value->ground;
    // The festival's origin, so both share the local frame; east of the
    // festival the ground is derived from the houses' footprints (51-54 m).
    // Each position is within 25 m of a house (a spot 49 m from the nearest
    // one is open land since the ground leaves out triangles with a
    // circumcircle over 60 m).
    const char* text = R"({
      "version": 3, "name": "on the real ground",
      "origin": {"crs": "EPSG:25832", "verticalCrs": "EPSG:7837", "east": 365760.0, "north": 5713580.0, "height": 52.0},
      "venues": [{"name": "box", "asset": "../assets/venues/khronos/Box/Box.glb", "position": [365900.0, 5713500.0, "ground+0.5"]}],
      "spawns": [{"name": "a", "position": [365900.0, 5713560.0, "ground"]},
                 {"name": "b", "position": [365900.0, 5713620.0, "ground"]}]
    })";
    auto parsed = scenes::parseScene(text, std::string(PLACES_SOURCE_DIR) + "/scenes/ground-test.json");
    INFO(parsed.diagnostics.firstError());
    REQUIRE(parsed.value);
    scenes::Scene scene = std::move(*parsed.value);
    Diagnostics d;
    const auto placed = scenes::placeOnGround(
        scene, [&](double x, double z) { return ground.heightAt(x, z); }, d);
    for (const auto& item : d.items()) UNSCOPED_INFO(item.format());  // which position, if one misses
    CHECK(placed.placed == 3);
    CHECK(d.warningCount() == 0);
    const glm::dvec3 box = scene.venues[0].placement.position;
    CHECK(std::abs(box.y - 0.5 - *ground.heightAt(box.x, box.z)) <= 0.05);
    for (const scenes::SpawnPoint& spawn : scene.spawns) {
        CAPTURE(spawn.name);
        CHECK(std::abs(spawn.position.y - *ground.heightAt(spawn.position.x, spawn.position.z)) <= 0.05);
        CHECK(std::abs(spawn.position.y) < 3.0);  // 49-55 m: near the origin's 52 m
    }
}

TEST_CASE("import cache: imports with and without derived ground are separate entries", "[runtime][cache][ground]") {
    const fs::path cache = fs::path(PLACES_BINARY_DIR) / "runtime-test-output" / "ground-cache";
    fs::remove_all(cache);
    ::setenv("PLACES_IMPORT_CACHE", cache.c_str(), 1);
    const std::vector<std::string> input{std::string(PLACES_SOURCE_DIR) +
                                         "/assets/city/citygml/LoD2_32_370_5714_1_NW.gml"};
    CHECK(runtime::importCacheKey(input, std::nullopt, {true}) != runtime::importCacheKey(input, std::nullopt, {false}));
    const auto withGround = runtime::importCached(input, std::nullopt, {true});
    const auto bare = runtime::importCached(input, std::nullopt, {false});
    ::unsetenv("PLACES_IMPORT_CACHE");
    INFO(withGround.diagnostics.firstError() + bare.diagnostics.firstError());
    REQUIRE(withGround.value);
    REQUIRE(bare.value);
    CHECK_FALSE(withGround.value->hit);
    CHECK_FALSE(bare.value->hit);  // not the pack with ground
    CHECK(withGround.value->packPath != bare.value->packPath);
    const auto terrain = [](const std::string& path) {
        auto pack = city::PackReader::open(path);
        REQUIRE(pack.value);
        return pack.value->summary().import.terrainObjects;
    };
    CHECK(terrain(withGround.value->packPath) > 0);
    CHECK(terrain(bare.value->packPath) == 0);
}
