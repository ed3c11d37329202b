// The scenes in scenes/*.json: they load cleanly, every asset resolves and
// imports without warnings, and no prop, spawn point or camera stands inside a
// building of the real city data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "gml_footprints.hpp"
#include "places/scenes/scene_assets.hpp"
#include "places/scenes/scene_file.hpp"
#include "shipped_scene.hpp"

namespace fs = std::filesystem;
using namespace places::scenes;
using places::scenes::test::Footprint;
using places::scenes::test::loadShipped;

namespace {

using Polygon = std::vector<glm::dvec2>;

bool segmentsCross(glm::dvec2 a, glm::dvec2 b, glm::dvec2 c, glm::dvec2 d) {
    auto cross = [](glm::dvec2 o, glm::dvec2 p, glm::dvec2 q) {
        return (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x);
    };
    const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
    return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
}

bool inside(const Polygon& poly, glm::dvec2 p) {
    bool in = false;
    for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
        if ((poly[i].y > p.y) != (poly[j].y > p.y) &&
            p.x < (poly[j].x - poly[i].x) * (p.y - poly[i].y) / (poly[j].y - poly[i].y) + poly[i].x) {
            in = !in;
        }
    }
    return in;
}

bool overlap(const Polygon& a, const Polygon& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (std::size_t j = 0; j < b.size(); ++j) {
            if (segmentsCross(a[i], a[(i + 1) % a.size()], b[j], b[(j + 1) % b.size()])) return true;
        }
    }
    return inside(a, b[0]) || inside(b, a[0]);
}

// Footprint of an instanced asset in (E, N): its bounds' rectangle, placed,
// then grown by `margin` metres (after the placement: a scaled asset keeps a
// margin in metres, not in its own units).
Polygon footprint(const places::assets::AssetModel& model, const Venue& venue, const Scene& scene, double margin) {
    const places::assets::Bounds& b = model.bounds;
    const glm::dmat4 m = venue.placement.matrix();
    Polygon placed;
    const double x[4] = {b.min.x, b.max.x, b.max.x, b.min.x};
    const double z[4] = {b.min.z, b.min.z, b.max.z, b.max.z};
    for (int i = 0; i < 4; ++i) {
        const glm::dvec4 local = m * glm::dvec4(x[i], 0.0, z[i], 1.0);
        placed.push_back({scene.origin.origin.x + local.x, scene.origin.origin.y - local.z});
    }
    auto unit = [](glm::dvec2 d) { return glm::length(d) > 0.0 ? glm::normalize(d) : glm::dvec2(0.0); };
    const glm::dvec2 u = unit(placed[1] - placed[0]) * margin, v = unit(placed[3] - placed[0]) * margin;
    return {placed[0] - u - v, placed[1] + u - v, placed[2] + u + v, placed[3] - u + v};
}

Polygon point(const glm::dvec3& local, const Scene& scene, double margin) {
    const glm::dvec2 c{scene.origin.origin.x + local.x, scene.origin.origin.y - local.z};
    return {c + glm::dvec2(-margin, -margin), c + glm::dvec2(margin, -margin), c + glm::dvec2(margin, margin),
            c + glm::dvec2(-margin, margin)};
}

// Everything of `scene` that stands in (or within 2 m of) a building footprint.
std::vector<std::string> collisions(const Scene& scene) {
    std::vector<Footprint> buildings;
    for (const CitySource& city : scene.city) {
        REQUIRE(city.kind == CitySource::Kind::CityGml);
        std::vector<Footprint> f = places::scenes::test::readGroundFootprints(city.path);
        CHECK(f.size() > 100);
        buildings.insert(buildings.end(), f.begin(), f.end());
    }
    places::Result<SceneAssets> assets = loadSceneAssets(scene);
    INFO(assets.diagnostics.firstError());
    REQUIRE(assets.ok());
    CHECK(assets.diagnostics.warningCount() == 0);
    constexpr double kMargin = 2.0;  // metres of clearance
    std::vector<std::string> found;
    auto test = [&](const std::string& what, const Polygon& polygon) {
        for (const Footprint& building : buildings) {
            if (overlap(polygon, building.ring)) found.push_back(what + " overlaps building " + building.building);
        }
    };
    for (std::size_t i = 0; i < scene.venues.size(); ++i) {
        const auto& model = assets->models[static_cast<std::size_t>(assets->venueModel[i])];
        test("venue " + scene.venues[i].name, footprint(model, scene.venues[i], scene, kMargin));
    }
    for (const SpawnPoint& sp : scene.spawns) test("spawn " + sp.name, point(sp.position, scene, kMargin));
    for (const CameraView& v : scene.views) test("view " + v.name, point(v.position, scene, kMargin));
    for (const Zone& z : scene.zones) {
        Polygon outline;
        for (const glm::dvec2& p : z.outline) outline.push_back({scene.origin.origin.x + p.x, scene.origin.origin.y - p.y});
        test("zone " + z.name, outline);
    }
    return found;
}

void checkClearOfBuildings(const Scene& scene) {
    for (const std::string& collision : collisions(scene)) FAIL_CHECK(collision);
}

}  // namespace

TEST_CASE("the Gelsenkirchen festival scene is complete and clear of buildings") {
    const Scene scene = loadShipped("gelsenkirchen-festival.json");
    for (const char* view : {"overview", "stage", "crowd"}) CHECK(scene.findView(view) != nullptr);
    CHECK(scene.views.front().name == "overview");
    CHECK(scene.spawns.size() >= 2);
    CHECK(std::count_if(scene.zones.begin(), scene.zones.end(), [](const Zone& z) { return z.kind == ZoneKind::Stage; }) == 1);
    CHECK(std::count_if(scene.venues.begin(), scene.venues.end(), [](const Venue& v) {
              return fs::path(v.asset).filename() == "CesiumMilkTruck.glb";
          }) >= 3);
    CHECK(scene.sun.elevationDeg > 10.0);  // an evening sun, computed from the date
    CHECK(scene.sun.elevationDeg < 40.0);
    CHECK(scene.sun.azimuthDeg > 250.0);   // in the west
    const Zone* stage = scene.findZone("Main stage");
    REQUIRE(stage != nullptr);
    CHECK(stage->contains(scene.findView("crowd")->position));  // the crowd view is on the stage
    checkClearOfBuildings(scene);
}

TEST_CASE("the Resse career fair scene is complete and clear of buildings") {
    const Scene scene = loadShipped("career-fair.json");
    CHECK(scene.city.size() == 2);
    CHECK(scene.findView("overview") != nullptr);
    int booths = 0;
    for (const Zone& z : scene.zones) {
        if (z.kind != ZoneKind::Booth) continue;
        ++booths;
        CHECK_FALSE(z.exhibitor.empty());
    }
    CHECK(booths == 8);
    // Booths on both sides of the tile edge N = 5714000 (local z = 0).
    CHECK(std::any_of(scene.zones.begin(), scene.zones.end(), [](const Zone& z) { return z.kind == ZoneKind::Booth && z.outline[0].y < 0; }));
    CHECK(std::any_of(scene.zones.begin(), scene.zones.end(), [](const Zone& z) { return z.kind == ZoneKind::Booth && z.outline[0].y > 0; }));
    checkClearOfBuildings(scene);
}

TEST_CASE("the building check finds a prop placed inside a building") {
    // Building DENW48AL10006Mdq (tile 365_5713) covers E 365896-365940, N 5713541-5713580.
    const std::string json = R"({"version": 1, "name": "bad",
      "origin": {"crs": "EPSG:25832", "east": 365760.0, "north": 5713580.0, "height": 52.0},
      "city": ["../assets/city/citygml/LoD2_32_365_5713_1_NW.gml"],
      "venues": [{"asset": "../assets/venues/khronos/Box/Box.glb", "position": [365918.0, 5713560.0, 53.0]},
                 {"asset": "../assets/venues/khronos/Box/Box.glb", "position": [365780.0, 5713560.0, 53.0]}]})";
    places::Result<Scene> r = parseScene(json, std::string(PLACES_SOURCE_DIR) + "/scenes/bad.json");
    REQUIRE(r.ok());
    const std::vector<std::string> found = collisions(*r);
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0], Catch::Contains("(venues[0])") && Catch::Contains("DENW48AL10006Mdq"));
}
