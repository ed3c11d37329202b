// Scene format 3: props, spawns and zones placed "on the ground" get the
// terrain's height when the city is in (placeOnGround), here over a sloped
// synthetic terrain built as the import builds it (terrain triangles in a
// City's mesh, asked through city::GroundHeights).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "places/city/ground.hpp"
#include "places/scenes/scene_file.hpp"
#include "places/scenes/scene_ground.hpp"

using namespace places::scenes;

namespace {

const std::string kGroundScenePath = std::string(PLACES_SOURCE_DIR) + "/scenes/test.json";

// Local frame: the terrain rises 0.15 m per metre east and falls 0.05 m per
// metre north (z south), y = 3 + 0.15 x + 0.05 z, over x, z in [-100, 100].
double slopeY(double x, double z) { return 3.0 + 0.15 * x + 0.05 * z; }

places::city::GroundHeights slopedGround() {
    places::city::City city;
    auto& mesh = city.mesh;
    const int n = 20;  // 10 m cells
    for (int k = 0; k <= n; ++k)
        for (int i = 0; i <= n; ++i) {
            const double x = -100.0 + 10.0 * i, z = -100.0 + 10.0 * k;
            mesh.positions.push_back(glm::vec3(float(x), float(slopeY(x, z)), float(z)));
            mesh.normals.push_back(glm::vec3(0.0f, 1.0f, 0.0f));
        }
    const auto at = [&](int i, int k) { return std::uint32_t(k * (n + 1) + i); };
    for (int k = 0; k < n; ++k)
        for (int i = 0; i < n; ++i) {
            for (std::uint32_t v : {at(i, k), at(i, k + 1), at(i + 1, k), at(i + 1, k), at(i, k + 1), at(i + 1, k + 1)})
                mesh.indices.push_back(v);
            for (int t = 0; t < 2; ++t) {
                mesh.triangleBuilding.push_back(0);
                mesh.triangleSurface.push_back(places::city::SurfaceType::Terrain);
            }
        }
    return places::city::GroundHeights::fromCity(city);
}

// Origin at E 365760, N 5713580, H 52: local x = E - 365760, z = 5713580 - N.
const char* kOnGround = R"({
  "version": 3, "name": "slope",
  "origin": {"crs": "EPSG:25832", "east": 365760.0, "north": 5713580.0, "height": 52.0},
  "venues": [
    {"name": "deck", "asset": "../assets/venues/khronos/Box/Box.glb", "position": [365800.0, 5713560.0, "ground+0.6"]},
    {"name": "truck", "asset": "../assets/venues/khronos/Box/Box.glb", "position": {"local": [-30.5, "ground", 12.25]}},
    {"name": "fixed", "asset": "../assets/venues/khronos/Box/Box.glb", "position": [365770.0, 5713590.0, 60.0]},
    {"name": "far", "asset": "../assets/venues/khronos/Box/Box.glb", "position": [365960.0, 5713580.0, "ground"]}
  ],
  "spawns": [{"name": "gate", "position": [365733.3, 5713611.1, "ground"]}],
  "zones": [
    {"name": "stage", "kind": "stage", "shape": {"box": {"center": [365800.0, 5713560.0, "ground"], "size": [10, 8]}}},
    {"name": "booth", "kind": "booth", "shape": {"polygon": [
       {"local": [0, "ground", 0]}, {"local": [8, "ground", 0]}, {"local": [8, "ground", 6]}]}}
  ]
})";

}  // namespace

TEST_CASE("scene on a sloped ground: props, spawns and zone floors sit on the terrain") {
    auto r = parseScene(kOnGround, kGroundScenePath);
    INFO(r.diagnostics.firstError());
    REQUIRE(r.ok());
    Scene scene = std::move(*r.value);
    REQUIRE(scene.groundAnchors.size() == 6);  // deck, truck, far, gate, stage, booth
    CHECK(scene.zones[0].floorOnGround);
    // Before the city answers, the height is the origin's plus the offset.
    CHECK(scene.venues[0].placement.position.y == Approx(0.6));

    const places::city::GroundHeights ground = slopedGround();
    places::Diagnostics d;
    const GroundPlacement placed =
        placeOnGround(scene, [&](double x, double z) { return ground.heightAt(x, z); }, d);
    CHECK(placed.placed == 5);
    CHECK(placed.outside == 1);

    const auto onSlope = [](const glm::dvec3& p, double offset) {
        CAPTURE(p.x, p.y, p.z);
        CHECK(std::abs(p.y - offset - slopeY(p.x, p.z)) <= 0.05);
    };
    onSlope(scene.venues[0].placement.position, 0.6);  // (40, 20): 3 + 6 + 1 = 10, plus 0.6
    CHECK(scene.venues[0].placement.position.y == Approx(10.6).margin(1e-3));
    onSlope(scene.venues[1].placement.position, 0.0);
    CHECK(scene.venues[2].placement.position.y == Approx(8.0));  // a number stays a number
    onSlope(scene.spawns[0].position, 0.0);
    // The box zone's floor: the ground at its centre; the polygon's: its lowest point's.
    CHECK(scene.zones[0].floor == Approx(slopeY(40.0, 20.0)).margin(0.05));
    CHECK(scene.zones[1].floor == Approx(slopeY(0.0, 0.0)).margin(0.05));
    CHECK_FALSE(scene.zones[0].floorOnGround);
    CHECK(scene.zones[0].contains({40.0, slopeY(40.0, 20.0) + 1.0, 20.0}));

    // "far" (x = 200) lies outside the terrain: a counted warning at its path.
    CHECK(d.warningCount() == 1);
    CHECK(d.counter("position outside the terrain") == 1);
    REQUIRE(!d.items().empty());
    CHECK(d.items().front().where.pointer == "venues[3].position");
    CHECK(scene.venues[3].placement.position.y == Approx(0.0));
}

TEST_CASE("scene heights on the ground: version and syntax are checked") {
    const auto errorFor = [](std::string text, const std::string& from, const std::string& to) {
        const std::size_t at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        auto r = parseScene(text, kGroundScenePath);
        REQUIRE(r.diagnostics.hasErrors());
        return r.diagnostics.firstError();
    };
    CHECK_THAT(errorFor(kOnGround, "\"version\": 3", "\"version\": 2"), Catch::Contains("needs scene version 3"));
    CHECK_THAT(errorFor(kOnGround, "\"ground+0.6\"", "\"grund\""), Catch::Contains("venues[0].position[2]"));
    CHECK_THAT(errorFor(kOnGround, "\"ground+0.6\"", "\"ground+x\""), Catch::Contains("\"ground+N\""));
    CHECK_THAT(errorFor(kOnGround, "{\"local\": [8, \"ground\", 6]}", "{\"local\": [8, 1, 6]}"),
               Catch::Contains("every polygon point"));
    // Views are cameras, not things standing on the ground.
    CHECK_THAT(errorFor(kOnGround, "\"spawns\"",
                        "\"views\": [{\"name\": \"v\", \"position\": [365760.0, 5713480.0, \"ground\"]}], \"spawns\""),
               Catch::Contains("not supported here"));
}
