// Booth props (booth_props.hpp): each booth with a zone becomes a default
// booth inside its zone, turned to the aisle, with its logo and company signs;
// a booth without a zone yields a counted warning; `model` replaces the counter.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "places/assets/import.hpp"
#include "places/scenes/booth_props.hpp"
#include "places/scenes/scene_file.hpp"

namespace fs = std::filesystem;
using namespace places::scenes;

namespace {

const std::string kBoothScenePath = std::string(PLACES_SOURCE_DIR) + "/scenes/booth-test.json";

// Booth zones: "East" 6 x 4 m at local (20, 0, 0); "Turned" 6 x 4 m turned by
// 90 degrees (4 m east-west, 6 m north-south) at (-20, 0, 10); a spawn at the origin.
std::string boothScene(const std::string& booths) {
    return R"({"version": 2, "name": "t", "venue": "t",
  "origin": {"crs": "EPSG:25832", "east": 365760.0, "north": 5713580.0, "height": 52.0},
  "spawns": [{"name": "in", "position": {"local": [0, 0, 0]}}],
  "zones": [
    {"name": "East", "kind": "booth", "shape": {"box": {"center": {"local": [20, 0, 0]}, "size": [6, 4]}}},
    {"name": "Turned", "kind": "booth", "shape": {"box": {"center": {"local": [-20, 0, 10]}, "size": [6, 4], "yaw": 90}}}
  ],
  "booths": )" + booths + "}";
}

Scene parsed(const std::string& booths) {
    auto r = parseScene(boothScene(booths), kBoothScenePath);
    INFO(r.diagnostics.firstError());
    REQUIRE(r.ok());
    return *r.value;
}

const BoothKitPart* kitPart(const std::string& asset) {
    static const std::vector<BoothKitPart> kit = boothKit();
    for (const BoothKitPart& p : kit) {
        if (fs::path(asset).filename() == fs::path(p.file).filename()) return &p;
    }
    return nullptr;
}

// The eight corners of a kit part's bounds, placed.
std::vector<glm::dvec3> placedCorners(const Venue& v) {
    const BoothKitPart* part = kitPart(v.asset);
    REQUIRE(part != nullptr);
    const glm::dvec3 lo = part->baseCentre - glm::dvec3(part->size.x / 2.0, 0.0, part->size.z / 2.0);
    const glm::dvec3 hi = lo + part->size;
    std::vector<glm::dvec3> out;
    const glm::dmat4 m = v.placement.matrix();
    for (int i = 0; i < 8; ++i) {
        const glm::dvec3 c{(i & 1) ? hi.x : lo.x, (i & 2) ? hi.y : lo.y, (i & 4) ? hi.z : lo.z};
        out.push_back(glm::dvec3(m * glm::dvec4(c, 1.0)));
    }
    return out;
}

double compassYaw(double yaw) { return std::fmod(yaw + 720.0, 360.0); }

}  // namespace

TEST_CASE("a booth with a zone gets a default booth inside it, turned to the aisle, with its signs") {
    Scene scene = parsed(R"([{"id": "b1", "zone": "East", "company": "Ruhr Robotics GmbH",
                              "logo": "../assets/fair/logos/ruhr-robotics.png"}])");
    auto props = expandBooths(scene);
    INFO(props.diagnostics.firstError());
    REQUIRE(props.ok());
    CHECK(props.diagnostics.warningCount() == 0);
    const Zone& zone = *scene.findZone("East");
    REQUIRE(props->venues.size() >= 8);
    bool counter = false, screen = false;
    for (const Venue& v : props->venues) {
        INFO(v.name);
        CHECK(v.entry == "booths[0]");
        CHECK(fs::exists(v.asset));
        counter |= fs::path(v.asset).filename() == "kitchenBar.fbx";
        screen |= fs::path(v.asset).filename() == "televisionModern.fbx";
        // Every part stands within the zone's outline and on its floor or above.
        for (const glm::dvec3& c : placedCorners(v)) {
            CHECK(zone.contains({c.x, 0.5, c.z}));
            CHECK(c.y >= -1e-6);
        }
    }
    CHECK(counter);
    CHECK(screen);
    // The aisle: the middle of the booth zones, (0, 5), lies west of East, so
    // the booth's front is its west side and its signs look west (270).
    REQUIRE(props->signs.size() == 2);
    const Sign* logo = nullptr;
    const Sign* name = nullptr;
    for (const Sign& s : props->signs) (s.image.empty() ? name : logo) = &s;
    REQUIRE(logo != nullptr);
    REQUIRE(name != nullptr);
    CHECK(name->text == "Ruhr Robotics GmbH");
    CHECK(fs::path(logo->image).filename() == "ruhr-robotics.png");
    for (const Sign* s : {logo, name}) {
        CHECK(compassYaw(s->yawDeg) == Approx(270.0).margin(1e-6));
        CHECK(zone.contains({s->position.x, 0.5, s->position.z}));
        CHECK(s->position.x > 20.0);  // on the back wall, the east half
    }
    CHECK(name->position.y > logo->position.y);  // the name above the logo
}

TEST_CASE("facing turns a booth, a turned zone keeps its parts inside, model replaces the counter") {
    SECTION("facing south") {
        Scene scene = parsed(R"([{"id": "b1", "zone": "East", "company": "A", "facing": 180}])");
        auto props = expandBooths(scene);
        REQUIRE(props.ok());
        REQUIRE(props->signs.size() == 1);  // no logo: only the name
        CHECK(compassYaw(props->signs[0].yawDeg) == Approx(180.0).margin(1e-6));
        CHECK(props->signs[0].position.z < 0.0);  // the back wall is the zone's north side
    }
    SECTION("a zone turned by 90 degrees") {
        Scene scene = parsed(R"([{"id": "t", "zone": "Turned", "company": "B", "facing": 90}])");
        auto props = expandBooths(scene);
        REQUIRE(props.ok());
        const Zone& zone = *scene.findZone("Turned");
        for (const Venue& v : props->venues) {
            INFO(v.name);
            for (const glm::dvec3& c : placedCorners(v)) {
                CHECK(c.x >= -22.0 - 1e-6);
                CHECK(c.x <= -18.0 + 1e-6);
                CHECK(c.z >= 7.0 - 1e-6);
                CHECK(c.z <= 13.0 + 1e-6);
            }
        }
        CHECK(zone.contains({props->signs[0].position.x, 0.5, props->signs[0].position.z}));
        CHECK(compassYaw(props->signs[0].yawDeg) == Approx(90.0).margin(1e-6));
    }
    SECTION("model") {
        Scene scene = parsed(R"([{"id": "b1", "zone": "East", "company": "A", "model": "../assets/venues/kenney/building-small-a.glb"}])");
        auto props = expandBooths(scene);
        REQUIRE(props.ok());
        int models = 0, bars = 0;
        for (const Venue& v : props->venues) {
            models += fs::path(v.asset).filename() == "building-small-a.glb" ? 1 : 0;
            bars += fs::path(v.asset).filename() == "kitchenBar.fbx" ? 1 : 0;
        }
        CHECK(models == 1);
        CHECK(bars == 0);
    }
}

TEST_CASE("a booth without a zone yields no props and a counted warning") {
    Scene scene = parsed(R"([{"id": "b1", "company": "A"}, {"id": "b2", "zone": "East", "company": "B"}])");
    auto props = expandBooths(scene);
    REQUIRE(props.ok());
    CHECK(props.diagnostics.warningCount() == 1);
    CHECK(props.diagnostics.counters().at("booth without zone") == 1);
    CHECK(props.diagnostics.items().at(0).where.pointer == "booths[0]");
    for (const Venue& v : props->venues) CHECK(v.entry == "booths[1]");
    REQUIRE(props->signs.size() == 1);
    CHECK(props->signs[0].text == "B");

    // addBoothProps appends to the scene what expandBooths made.
    const std::size_t venues = scene.venues.size();
    const places::Diagnostics d = addBoothProps(scene);
    CHECK(d.warningCount() == 1);
    CHECK(scene.venues.size() == venues + props->venues.size());
    CHECK(scene.signs.size() == 1);
}

TEST_CASE("a scene without the assets folder beside it gets an error at the booth, not a crash") {
    const fs::path dir = fs::temp_directory_path() / "places_booth_props_no_assets";
    fs::create_directories(dir);
    auto r = parseScene(boothScene(R"([{"id": "b1", "zone": "East", "company": "A"}])"), (dir / "s.json").string());
    REQUIRE(r.ok());
    auto props = expandBooths(*r.value);
    REQUIRE(props.diagnostics.errorCount() == 1);
    CHECK(props.diagnostics.items().at(0).where.pointer == "booths[0]");
    CHECK_THAT(props.diagnostics.firstError(), Catch::Contains("Box.glb"));
    CHECK(props->venues.empty());
}

TEST_CASE("a bad booth facing is an error at its JSON path") {
    auto r = parseScene(boothScene(R"([{"id": "b1", "zone": "East", "company": "A", "facing": "north"}])"), kBoothScenePath);
    REQUIRE(r.diagnostics.errorCount() == 1);
    CHECK(r.diagnostics.items().at(0).where.pointer == "booths[0].facing");
    auto out = parseScene(boothScene(R"([{"id": "b1", "zone": "East", "company": "A", "facing": 400}])"), kBoothScenePath);
    REQUIRE(out.diagnostics.errorCount() == 1);
    CHECK(out.diagnostics.items().at(0).where.pointer == "booths[0].facing");
}

TEST_CASE("the default booth's recorded bounds are those of the shipped assets") {
    for (const BoothKitPart& part : boothKit()) {
        INFO(part.file);
        auto model = places::assets::importAsset(std::string(PLACES_ASSETS_DIR) + "/" + part.file);
        REQUIRE(model.ok());
        const places::assets::Bounds& b = model->bounds;
        CHECK(b.size().x == Approx(part.size.x).margin(0.01));
        CHECK(b.size().y == Approx(part.size.y).margin(0.01));
        CHECK(b.size().z == Approx(part.size.z).margin(0.01));
        CHECK(b.centre().x == Approx(part.baseCentre.x).margin(0.01));
        CHECK(b.min.y == Approx(part.baseCentre.y).margin(0.01));
        CHECK(b.centre().z == Approx(part.baseCentre.z).margin(0.01));
    }
}

TEST_CASE("the shipped career fair's booths all face the central aisle with logo and name") {
    auto r = loadScene(std::string(PLACES_SOURCE_DIR) + "/scenes/career-fair.json");
    REQUIRE(r.ok());
    auto props = expandBooths(*r.value);
    INFO(props.diagnostics.firstError());
    REQUIRE(props.ok());
    CHECK(props.diagnostics.warningCount() == 0);
    REQUIRE(props->signs.size() == 2 * r.value->booths.size());
    for (const Sign& s : props->signs) {
        INFO(s.name);
        // North row (z < 0) looks south (180) to the aisle at z = 0, the south row north.
        CHECK(compassYaw(s.yawDeg) == Approx(s.position.z < 0.0 ? 180.0 : 0.0).margin(1e-6));
        CHECK(std::abs(s.position.z) > 8.0);  // on the back wall, behind the queue area
    }
}
