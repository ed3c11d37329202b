#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "places/scenes/scene_assets.hpp"
#include "places/scenes/scene_file.hpp"

namespace fs = std::filesystem;
using namespace places::scenes;

namespace {

// A scene file in the repository's scenes/ folder, so relative asset paths
// resolve like those of the shipped scenes.
const std::string kScenePath = std::string(PLACES_SOURCE_DIR) + "/scenes/test.json";

const char* kMinimal = R"({
  "version": 1, "name": "t",
  "origin": {"crs": "EPSG:25832", "east": 365760.0, "north": 5713580.0, "height": 52.0},
  "venues": [
    {"asset": "../assets/venues/khronos/Box/Box.glb", "position": [365770.0, 5713600.0, 55.0], "rotation": 90, "scale": 2},
    {"asset": "../assets/venues/khronos/Box/Box.glb", "position": {"local": [1, 2, 3]},
     "rotation": {"quaternion": [0, 0, 0, 1]}, "scale": [1, 2, 3]}
  ],
  "views": [{"name": "v", "position": [365760.0, 5713480.0, 152.0], "lookAt": [365760.0, 5713580.0, 52.0]}]
})";

// kMinimal with `from` replaced by `to` (the test's single defect).
std::string variant(const std::string& from, const std::string& to) {
    std::string s = kMinimal;
    const std::size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

// The single diagnostic of `severity` must sit at `pointer` and contain `text`.
void requireOne(const places::Diagnostics& d, places::Severity severity, const std::string& pointer,
                const std::string& text) {
    INFO(d.firstError());
    int found = 0;
    for (const places::Diagnostic& item : d.items()) {
        if (item.severity != severity) continue;
        ++found;
        CHECK(item.where.pointer == pointer);
        CHECK_THAT(item.message, Catch::Contains(text));
    }
    CHECK(found == 1);
}

}  // namespace

TEST_CASE("a minimal scene resolves positions, rotations and views") {
    places::Result<Scene> r = parseScene(kMinimal, kScenePath);
    INFO(r.diagnostics.firstError());
    REQUIRE(r.ok());
    CHECK(r.diagnostics.warningCount() == 0);
    const Scene& s = *r;
    REQUIRE(s.venues.size() == 2);
    CHECK(s.venues[0].placement.position == glm::dvec3(10.0, 3.0, -20.0));
    CHECK(fs::path(s.venues[0].asset).filename() == "Box.glb");
    CHECK(fs::exists(s.venues[0].asset));
    CHECK(s.venues[0].placement.scale == glm::dvec3(2.0));
    CHECK(s.venues[1].placement.position == glm::dvec3(1, 2, 3));
    CHECK(s.venues[1].placement.scale == glm::dvec3(1, 2, 3));
    CHECK(s.venues[0].name != s.venues[1].name);
    const CameraView* v = s.findView("v");
    REQUIRE(v != nullptr);
    CHECK(v->yawDeg == Approx(0.0));     // looking north
    CHECK(v->pitchDeg == Approx(-45.0)); // 100 m down over 100 m
    CHECK(v->verticalFovDeg == 60.0);
    CHECK(s.origin.origin == glm::dvec3(365760.0, 5713580.0, 52.0));
}

TEST_CASE("scene errors name the JSON path and what is wrong") {
    SECTION("missing asset file") {
        const std::string json = variant(R"("asset": "../assets/venues/khronos/Box/Box.glb", "position": {"local")",
                                         R"("asset": "stage.glb", "position": {"local")");
        places::Result<Scene> r = parseScene(json, kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "venues[1].asset", "file not found: stage.glb");
        CHECK(r.diagnostics.firstError() == kScenePath + " (venues[1].asset): error: file not found: stage.glb");
    }
    SECTION("wrong type") {
        places::Result<Scene> r = parseScene(variant(R"("scale": 2})", R"("scale": "big"})"), kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "venues[0].scale", "expected an array of 3 numbers, got string");
    }
    SECTION("out of range") {
        places::Result<Scene> r = parseScene(variant(R"("name": "v", "position")", R"("name": "v", "fov": 190, "position")"), kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "views[0].fov", "out of range");
    }
    SECTION("missing required field") {
        places::Result<Scene> r = parseScene(variant(R"("crs": "EPSG:25832", )", ""), kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "origin.crs", "missing required field");
    }
    SECTION("local metres where CRS coordinates belong") {
        places::Result<Scene> r = parseScene(variant("[365770.0, 5713600.0, 55.0]", "[10, 20, 0]"), kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "venues[0].position", "km from the origin");
    }
    SECTION("duplicate names") {
        places::Result<Scene> r = parseScene(
            variant(R"("views": [)", R"("views": [{"name": "v", "position": {"local": [0, 2, 0]}}, )"), kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "views[1].name", "duplicate name 'v'");
    }
    SECTION("sun needs one complete form") {
        places::Result<Scene> r = parseScene(variant(R"("views")", R"("sun": {"azimuth": 100, "elevation": 95}, "views")"), kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "sun.elevation", "out of range");
        r = parseScene(variant(R"("views")", R"("sun": {"time": "2024-07-13T21:30", "latitude": 51, "longitude": 7}, "views")"), kScenePath);
        requireOne(r.diagnostics, places::Severity::Error, "sun.time", "ISO 8601");
    }
    SECTION("malformed JSON gives line and column") {
        places::Result<Scene> r = parseScene("{\n  \"version\": 1,\n  \"name\": }", kScenePath);
        CHECK_FALSE(r.value.has_value());
        REQUIRE(r.diagnostics.items().size() == 1);
        CHECK(r.diagnostics.items()[0].where.line == 3);
        CHECK(r.diagnostics.items()[0].where.column > 9);
        CHECK_THAT(r.diagnostics.firstError(), Catch::Contains("malformed JSON"));
    }
}

TEST_CASE("unknown fields are warnings, not errors") {
    places::Result<Scene> r = parseScene(variant(R"("scale": 2})", R"("scale": 2, "colour": "red"})"), kScenePath);
    CHECK(r.ok());
    requireOne(r.diagnostics, places::Severity::Warning, "venues[0].colour", "unknown field");
    CHECK(r.diagnostics.counter("unknown field") == 1);
}

TEST_CASE("a missing texture is a warning of the scene, an unreadable asset an error") {
    const fs::path dir = fs::path(PLACES_BINARY_DIR) / "test-scratch" / "scenes" / "assets";
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(std::string(PLACES_ASSETS_DIR) + "/venues/kenney/building-small-a.glb", dir / "kiosk.glb");
    std::ofstream(dir / "broken.glb") << "not a model";
    const std::string scene = R"({"version": 1, "name": "t",
      "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0},
      "venues": [{"asset": "kiosk.glb", "position": {"local": [0, 0, 0]}},
                 {"asset": "kiosk.glb", "position": {"local": [5, 0, 0]}},
                 {"asset": "broken.glb", "position": {"local": [9, 0, 0]}}]})";
    places::Result<Scene> r = parseScene(scene, (dir / "scene.json").string());
    REQUIRE(r.ok());

    places::Result<SceneAssets> assets = loadSceneAssets(*r);
    REQUIRE(assets.value);
    CHECK(assets->models.size() == 1);  // kiosk.glb imported once
    CHECK(assets->venueModel == std::vector<std::int32_t>{0, 0, -1});
    CHECK(assets.diagnostics.counter("missing texture") == 1);
    requireOne(assets.diagnostics, places::Severity::Warning, "venues[0].asset", "Textures/colormap.png");
    requireOne(assets.diagnostics, places::Severity::Error, "venues[2].asset", "cannot import asset");
}

TEST_CASE("assets imported on several threads give the models and messages of a sequential import") {
    const std::string scene = R"({"version": 1, "name": "t",
      "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0},
      "venues": [{"asset": "../assets/venues/khronos/Box/Box.glb", "position": {"local": [0, 0, 0]}},
                 {"asset": "../assets/venues/khronos/BoxTextured/BoxTextured.glb", "position": {"local": [1, 0, 0]}},
                 {"asset": "../assets/venues/khronos/Box/Box.glb", "position": {"local": [2, 0, 0]}},
                 {"asset": "../assets/venues/kenney/building-small-a.glb", "position": {"local": [3, 0, 0]}},
                 {"asset": "../assets/venues/kenney/pavement-fountain.glb", "position": {"local": [4, 0, 0]}}]})";
    places::Result<Scene> r = parseScene(scene, kScenePath);
    REQUIRE(r.ok());
    // A stand-in importer: the model remembers its file; the kiosk fails, the fountain warns.
    std::atomic<int> calls{0};
    const AssetImporter importer = [&calls](const std::string& path) {
        ++calls;
        places::Result<places::assets::AssetModel> result;
        if (path.ends_with("building-small-a.glb")) {
            result.diagnostics.error({path}, "cannot import asset");
            return result;
        }
        if (path.ends_with("pavement-fountain.glb"))
            result.diagnostics.warning({path}, "missing texture 'x.png'");
        result.value.emplace();
        result.value->path = path;
        return result;
    };
    for (unsigned threads : {1u, 2u, 4u}) {
        calls = 0;
        places::Result<SceneAssets> assets = loadSceneAssets(*r, importer, threads);
        CHECK(calls == 4);  // each distinct file once
        REQUIRE(assets.value);
        REQUIRE(assets->models.size() == 3);
        CHECK(assets->models[0].path.ends_with("/Box.glb"));
        CHECK(assets->models[1].path.ends_with("BoxTextured.glb"));
        CHECK(assets->models[2].path.ends_with("pavement-fountain.glb"));
        CHECK(assets->venueModel == std::vector<std::int32_t>{0, 1, 0, -1, 2});
        requireOne(assets.diagnostics, places::Severity::Error, "venues[3].asset", "cannot import asset");
        requireOne(assets.diagnostics, places::Severity::Warning, "venues[4].asset", "x.png");
    }
}

TEST_CASE("a venue colour is sRGB hex or [r, g, b], stored linear, bad values name their path") {
    places::Result<Scene> hex = parseScene(variant(R"("scale": 2})", R"("scale": 2, "color": "#FF8000"})"), kScenePath);
    REQUIRE(hex.ok());
    REQUIRE(hex.value->venues[0].color);
    CHECK(hex.value->venues[0].color->r == Approx(1.0f));
    CHECK(hex.value->venues[0].color->g == Approx(0.2158f).epsilon(1e-3));  // sRGB 128/255 -> linear
    CHECK(hex.value->venues[0].color->b == Approx(0.0f));
    CHECK_FALSE(hex.value->venues[1].color);

    places::Result<Scene> array = parseScene(variant(R"("scale": 2})", R"("scale": 2, "color": [0.5, 0.04045, 1]})"), kScenePath);
    REQUIRE(array.ok());
    CHECK(array.value->venues[0].color->r == Approx(0.2140f).epsilon(1e-3));
    CHECK(array.value->venues[0].color->g == Approx(0.04045f / 12.92f));
    CHECK(array.value->venues[0].color->b == Approx(1.0f));

    const char* bad[][2] = {{R"("#12345")", "\"#RRGGBB\""},
                            {R"("red")", "got \"red\""},
                            {R"("#12345G")", "\"#RRGGBB\""},
                            {"[1.5, 0, 0]", "in [0, 1]"},
                            {"[1, 0]", "array of 3 numbers"},
                            {"7", "got number"}};
    for (const auto& [value, message] : bad) {
        INFO(value);
        places::Result<Scene> r =
            parseScene(variant(R"("scale": 2})", std::string(R"("scale": 2, "color": )") + value + "}"), kScenePath);
        CHECK_FALSE(r.ok());
        requireOne(r.diagnostics, places::Severity::Error, "venues[0].color", message);
    }
}
