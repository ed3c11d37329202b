// Where visitors arrive: never inside a prop or a building. The career fair's
// lounge spawn once stood in the lounge table, and the ring of arrivals around
// a spawn ignored seats, counters and walls.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <filesystem>
#include <limits>
#include <set>
#include <vector>
#include <string>
#include <utility>

#include <glm/gtc/matrix_transform.hpp>

#include "places/render/scene_geometry.hpp"
#include "places/runtime/avatar_presenter.hpp"
#include "places/runtime/desktop_camera.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/standing_room.hpp"
#include "places/runtime/view_start.hpp"
#include "shipped_render_scene.hpp"

using namespace places;
using runtime::obstructionAt;
using runtime::triangleOverlapsBox;

namespace {

// A scene of one box prop (half extents `half`) standing on the ground at
// (x, z), and a spawn at the origin.
runtime::RenderScene sceneWithBox(glm::vec3 half, double x, double z) {
    runtime::RenderScene scene;
    const std::uint32_t box = render::addBoxModel(scene.geometry, half, render::packRgba8(200, 200, 200));
    render::ModelInstance instance;
    instance.model = box;
    instance.transform = glm::translate(glm::mat4(1.0f), glm::vec3(float(x), half.y, float(z)));
    scene.geometry.instances.push_back(instance);
    scene.spawns.push_back({"spawn", glm::dvec3(0.0), 0.0});
    render::Camera overview;
    overview.pose.position = {0.0, 50.0, 50.0};
    scene.views.push_back({"overview", overview});
    return scene;
}

glm::dvec3 feetOf(const render::Camera& c) { return c.pose.position - glm::dvec3(0.0, runtime::kEyeHeightM, 0.0); }

}  // namespace

TEST_CASE("triangle and box overlap by separating axes", "[runtime][arrival]") {
    const glm::dvec3 c(0.0), h(1.0);
    // Through the box, beside it, touching a face, only its corner region.
    CHECK(triangleOverlapsBox(c, h, {-5, 0, -5}, {5, 0, -5}, {0, 0, 5}));
    CHECK_FALSE(triangleOverlapsBox(c, h, {-5, 2, -5}, {5, 2, -5}, {0, 2, 5}));
    CHECK(triangleOverlapsBox(c, h, {-5, 1, -5}, {5, 1, -5}, {0, 1, 5}));
    // Its plane cuts the box's corner region, the triangle itself does not
    // (only the edge axes separate it).
    CHECK_FALSE(triangleOverlapsBox(c, h, {1.5, 1.5, -3}, {3, -3, 1.5}, {1.2, 1.2, 3}));
    // A long thin sliver passing through the middle, vertices all outside.
    CHECK(triangleOverlapsBox(c, h, {-10, 0, 0.1}, {10, 0.01, 0}, {10, -0.01, 0}));
    // Degenerate (a line) outside.
    CHECK_FALSE(triangleOverlapsBox(c, h, {2, 2, 2}, {3, 3, 3}, {4, 4, 4}));
}

TEST_CASE("a prop where a visitor stands obstructs, a floor or a prop beside does not", "[runtime][arrival]") {
    // A table 0.84 m high at (3, 0): a visitor at (3, 0) is inside it, one at
    // (3, 0.9) is 0.35 m from its edge.
    runtime::RenderScene table = sceneWithBox({0.8f, 0.42f, 0.45f}, 3.0, 0.0);
    const auto inside = obstructionAt(table.geometry, {3.0, 0.0, 0.0});
    REQUIRE(inside);
    CHECK(inside->kind == runtime::Obstruction::Kind::Prop);
    CHECK(inside->index == 0);
    CHECK_FALSE(obstructionAt(table.geometry, {3.0, 0.0, 0.9}));
    CHECK(obstructionAt(table.geometry, {3.0, 0.0, 0.6}));  // 0.15 m from its edge: the body's half width is 0.25
    // A rug 2 cm high underfoot: not in the way.
    runtime::RenderScene rug = sceneWithBox({5.0f, 0.01f, 5.0f}, 0.0, 0.0);
    CHECK_FALSE(obstructionAt(rug.geometry, {1.0, 0.0, 1.0}));
    // The same box lifted over the head (a light bar at 2.5 m): not in the way.
    rug.geometry.instances[0].transform = glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, 2.5f, 0.0f));
    CHECK_FALSE(obstructionAt(rug.geometry, {1.0, 0.0, 1.0}));
}

TEST_CASE("a building of the city obstructs where its tile places it", "[runtime][arrival]") {
    // A city tile whose vertices are stored relative to its centre (100, 0, 100),
    // as addCityTiles stores them: a 10 m box standing there.
    runtime::RenderScene scene = sceneWithBox({0.01f, 0.01f, 0.01f}, -500.0, -500.0);
    const std::uint32_t model = render::addBoxModel(scene.geometry, {5.0f, 5.0f, 5.0f}, render::packRgba8(1, 2, 3));
    render::CityTileGeometry tile;
    tile.centre = {100.0f, 5.0f, 100.0f};
    tile.boundsMin = {95.0f, 0.0f, 95.0f};
    tile.boundsMax = {105.0f, 10.0f, 105.0f};
    tile.levels = {scene.geometry.models[model].submeshes().front()};
    tile.levelErrors = {0.0f};
    scene.geometry.tiles.push_back(tile);
    const auto inside = obstructionAt(scene.geometry, {100.0, 0.0, 100.0});
    REQUIRE(inside);
    CHECK(inside->kind == runtime::Obstruction::Kind::City);
    CHECK(inside->index == 0);
    CHECK(obstructionAt(scene.geometry, {101.0, 0.0, 103.0}));        // inside, 2 m from its walls: the roof overhead
    CHECK_FALSE(obstructionAt(scene.geometry, {106.0, 0.0, 100.0}));  // beside its wall
    CHECK_FALSE(obstructionAt(scene.geometry, {0.0, 0.0, 0.0}));      // where the box is in tile coordinates
}

TEST_CASE("arrivals step around a prop on the ring", "[runtime][arrival]") {
    // Where participant 5 would arrive without props, then a table put there.
    const runtime::RenderScene empty = sceneWithBox({0.01f, 0.01f, 0.01f}, 100.0, 100.0);
    const glm::dvec3 own = feetOf(runtime::arrivalSpot(empty, "", 5));
    CHECK(std::hypot(own.x, own.z) == Approx(2.0 + 0.75 * std::sqrt(5.0)).margin(1e-9));
    const runtime::RenderScene scene = sceneWithBox({0.8f, 0.42f, 0.8f}, own.x, own.z);
    REQUIRE(obstructionAt(scene.geometry, own));
    const render::Camera moved = runtime::arrivalSpot(scene, "", 5);
    CHECK_FALSE(obstructionAt(scene.geometry, feetOf(moved)));
    CHECK(glm::distance(feetOf(moved), own) > 0.5);
    // Still around the spawn, facing it.
    const double r = std::hypot(feetOf(moved).x, feetOf(moved).z);
    CHECK(r >= 2.0 - 1e-9);
    CHECK(r <= 2.0 + 0.75 * std::sqrt(5.0) + 7.5 + 1e-9);
    const double towardsSpawn = std::fmod(glm::degrees(std::atan2(-feetOf(moved).x, feetOf(moved).z)) + 360.0, 360.0);
    CHECK(std::fmod(std::abs(moved.pose.yawDeg - towardsSpawn) + 1e-6, 360.0) == Approx(0.0).margin(1e-3));
    // Others keep their own spots.
    CHECK(glm::distance(feetOf(runtime::arrivalSpot(scene, "", 6)), feetOf(runtime::arrivalSpot(empty, "", 6))) < 1e-9);
}

TEST_CASE("people who arrive together stand apart", "[runtime][arrival]") {
    const runtime::RenderScene empty = sceneWithBox({0.01f, 0.01f, 0.01f}, 1000.0, 1000.0);
    std::vector<glm::dvec3> spots;
    for (std::uint32_t id = 0; id < runtime::kArrivalSpots; ++id) spots.push_back(feetOf(runtime::arrivalSpot(empty, "", id)));
    double nearest = 1e9, farthest = 0.0;
    for (std::size_t i = 0; i < spots.size(); ++i) {
        farthest = std::max(farthest, std::hypot(spots[i].x, spots[i].z));
        for (std::size_t j = i + 1; j < spots.size(); ++j) nearest = std::min(nearest, glm::distance(spots[i], spots[j]));
    }
    CHECK(nearest > 1.3);  // on rings of a fixed radius, ids 144 apart stood 4 cm apart
    CHECK(farthest < 17.5);
    // After kArrivalSpots the spots come round again.
    CHECK(glm::distance(feetOf(runtime::arrivalSpot(empty, "", 7)),
                        feetOf(runtime::arrivalSpot(empty, "", 7 + runtime::kArrivalSpots))) < 1e-9);
}

TEST_CASE("shipped scenes: spawns and the first 200 arrivals have room to stand", "[runtime][arrival]") {
    for (const char* name : runtime::test::kShippedScenes) {
        CAPTURE(name);
        auto loaded = runtime::test::loadShippedRenderScene(name);
        INFO(loaded.diagnostics.firstError());
        REQUIRE(loaded.value);
        // No spawn warning: each spawn has room.
        for (const auto& d : loaded.diagnostics.items()) CHECK(d.message.find("stands where a visitor arrives") == std::string::npos);
        const runtime::RenderScene& scene = *loaded.value;
        REQUIRE_FALSE(scene.geometry.instances.empty());
        for (const scenes::SpawnPoint& spawn : scene.spawns) {
            CAPTURE(spawn.name);
            CHECK_FALSE(obstructionAt(scene.geometry, spawn.position));
        }
        // The same spawns and ground without any geometry: where everyone
        // would stand if nothing were in the way.
        runtime::RenderScene bare;
        bare.spawns = scene.spawns;
        bare.views = scene.views;
        bare.ground = scene.ground;
        std::set<std::pair<long, long>> spots, bareSpots;
        int movedAside = 0;
        for (std::uint32_t id = 1; id <= 200; ++id) {
            CAPTURE(id);
            const glm::dvec3 feet = feetOf(runtime::arrivalSpot(scene, "", id));
            const glm::dvec3 own = feetOf(runtime::arrivalSpot(bare, "", id));
            CHECK_FALSE(obstructionAt(scene.geometry, feet));
            spots.insert({std::lround(feet.x * 10), std::lround(feet.z * 10)});
            bareSpots.insert({std::lround(own.x * 10), std::lround(own.z * 10)});
            if (glm::distance(feet, own) > 1e-6) ++movedAside;
        }
        UNSCOPED_INFO(movedAside << " of 200 moved aside");
        // Stepping aside may land near another's spot now and then, not pile people up.
        CHECK(spots.size() + 4 >= bareSpots.size());
        CHECK(bareSpots.size() == 200);
    }
}

TEST_CASE("a visitor walking into a table stops at it and walks round it", "[runtime][arrival][walk]") {
    // The table 1.6 x 0.9 m at (3, 0); the visitor starts at the origin looking east.
    const runtime::RenderScene scene = sceneWithBox({0.8f, 0.42f, 0.45f}, 3.0, 0.0);
    runtime::DesktopCamera camera;
    render::Camera start;
    start.pose = {{0.0, runtime::kEyeHeightM, 0.0}, 90.0, 0.0};
    camera.jumpTo(start);
    runtime::WalkSettings walk;
    walk.eyeHeightM = runtime::kEyeHeightM;
    camera.walkOnGround({}, walk);
    camera.keepClear([&scene](const glm::dvec3& feet) { return obstructionAt(scene.geometry, feet).has_value(); });
    const double frame = 1.0 / 60.0;
    for (int i = 0; i < 300; ++i) camera.move({0.0, 0.0, 1.0}, 1.4 * frame);
    const glm::dvec3 eye = camera.camera().pose.position;
    CHECK(eye.x <= 3.0 - 0.8 - 0.25);  // the body's edge at the table's
    CHECK(eye.x > 3.0 - 0.8 - 0.25 - 1.4 * frame - 1e-6);
    CHECK(camera.stepsBlocked() > 0);
    CHECK_FALSE(obstructionAt(scene.geometry, eye - glm::dvec3(0.0, runtime::kEyeHeightM, 0.0)));
    // Ahead and to the right (south): along the table's edge, then past it.
    for (int i = 0; i < 300; ++i) camera.move(glm::normalize(glm::dvec3(1.0, 0.0, 1.0)), 1.4 * frame);
    CHECK(camera.camera().pose.position.x > 4.0);
    CHECK(camera.camera().pose.position.z > 0.45 + 0.25);
}

TEST_CASE("shipped scenes: visitors walking from every spawn never end up in a prop or a building",
          "[runtime][arrival][walk]") {
    std::uint64_t blockedEverywhere = 0;
    for (const char* name : runtime::test::kShippedScenes) {
        CAPTURE(name);
        auto loaded = runtime::test::loadShippedRenderScene(name);
        REQUIRE(loaded.value);
        const runtime::RenderScene& scene = *loaded.value;
        for (const scenes::SpawnPoint& spawn : scene.spawns) {
            // Eight headings, 25 m each at walking pace in 30 Hz frames.
            for (int heading = 0; heading < 8; ++heading) {
                CAPTURE(spawn.name, heading);
                runtime::DesktopCamera camera;
                render::Camera start;
                start.pose = {spawn.position + glm::dvec3(0.0, runtime::kEyeHeightM, 0.0), 45.0 * heading, 0.0};
                camera.jumpTo(start);
                runtime::WalkSettings walk;
                walk.eyeHeightM = runtime::kEyeHeightM;
                runtime::GroundAt ground;
                if (scene.ground && !scene.ground->empty())
                    ground = [terrain = scene.ground](double x, double z) { return terrain->heightAt(x, z); };
                camera.walkOnGround(std::move(ground), walk);
                camera.keepClear([&scene](const glm::dvec3& feet) { return obstructionAt(scene.geometry, feet).has_value(); });
                int inside = 0;
                for (int frame = 0; frame < 540; ++frame) {
                    camera.move({0.0, 0.0, 1.0}, 1.4 / 30.0);
                    const glm::dvec3 eye = camera.camera().pose.position;
                    inside += obstructionAt(scene.geometry, {eye.x, camera.feetY(), eye.z}) ? 1 : 0;
                }
                CHECK(inside == 0);
                blockedEverywhere += camera.stepsBlocked();
            }
        }
    }
    // Somewhere on the way there was something to stop at (booths, seats, walls).
    CHECK(blockedEverywhere > 0);
}

TEST_CASE("shipped scenes: every zone has room to stand in, booths and portal gates mostly", "[runtime][arrival][walk]") {
    // Walking visitors are kept out of props now: a zone they cannot stand in
    // (a booth's queue, a portal's gate) would be one they cannot use.
    for (const char* name : runtime::test::kShippedScenes) {
        CAPTURE(name);
        auto loaded = runtime::test::loadShippedRenderScene(name);
        REQUIRE(loaded.value);
        const runtime::RenderScene& scene = *loaded.value;
        REQUIRE_FALSE(scene.zones.empty());
        for (const scenes::Zone& zone : scene.zones) {
            CAPTURE(zone.name);
            glm::dvec2 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
            for (const glm::dvec2& p : zone.outline) {
                lo = glm::min(lo, p);
                hi = glm::max(hi, p);
            }
            int inside = 0, free = 0;
            for (double x = lo.x + 0.5; x < hi.x; x += 1.0)
                for (double z = lo.y + 0.5; z < hi.y; z += 1.0) {
                    const glm::dvec3 feet(x, zone.floor, z);
                    if (!zone.contains(feet + glm::dvec3(0.0, 0.1, 0.0))) continue;
                    ++inside;
                    free += obstructionAt(scene.geometry, feet) ? 0 : 1;
                }
            REQUIRE(inside > 0);
            CHECK(free > 0);
            const bool gate = std::any_of(scene.portals.begin(), scene.portals.end(),
                                          [&](const scenes::Portal& p) { return p.zone == zone.name; });
            if (zone.kind == scenes::ZoneKind::Booth || gate) CHECK(free * 2 >= inside);
        }
    }
}

TEST_CASE("a spawn inside a prop is a load warning that names the prop", "[runtime][arrival]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(PLACES_BINARY_DIR) / "runtime-test-output" / "spawn-in-prop";
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(fs::path(PLACES_SOURCE_DIR) / "assets/venues/khronos/Box/Box.glb", dir / "Box.glb");
    {
        // Two 1 m crates on the ground; the spawn "start" stands in the second.
        std::ofstream out(dir / "scene.json");
        out << R"({"version": 3, "name": "Crates",
          "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0},
          "venues": [{"name": "far crate", "asset": "Box.glb", "position": [20, 0, 0.5]},
                     {"name": "crate", "asset": "Box.glb", "position": [0, 0, 0.5]}],
          "spawns": [{"name": "start", "position": [0, 0, 0]}, {"name": "clear", "position": [5, 0, 0]}]})";
    }
    const auto loaded = runtime::loadRenderScene((dir / "scene.json").string());
    INFO(loaded.diagnostics.firstError());
    REQUIRE(loaded.value);
    std::vector<const Diagnostic*> spawnWarnings;
    for (const Diagnostic& d : loaded.diagnostics.items())
        if (d.message.find("stands where a visitor arrives") != std::string::npos) spawnWarnings.push_back(&d);
    REQUIRE(spawnWarnings.size() == 1);
    CHECK(spawnWarnings[0]->severity == Severity::Warning);
    CHECK(spawnWarnings[0]->where.pointer == "/spawns/0");
    CHECK(spawnWarnings[0]->message.find("spawn \"start\": the venue prop \"crate\" (venues[1])") != std::string::npos);
}
