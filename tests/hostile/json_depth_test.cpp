// Hostile JSON (issue #12, item 7): nesting beyond the reader's limit is
// refused with its line and column; the scene loader survives any depth.
#include <string>

#include <catch2/catch.hpp>

#include "places/scenes/scene_file.hpp"
#include "run_places.hpp"

namespace {

using places::city::test::Run;
using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::city::test::writeTemp;

// A CityJSON document whose member "x" nests `depth` - 1 arrays (the root
// object is level 1), on line 2.
std::string deepCityJson(int depth) {
    return "{\"type\":\"CityJSON\",\"version\":\"2.0\",\"transform\":{\"scale\":[1,1,1],\"translate\":[0,0,0]},"
           "\"CityObjects\":{},\"vertices\":[],\n\"x\":" +
           std::string(static_cast<std::size_t>(depth - 1), '[') + std::string(static_cast<std::size_t>(depth - 1), ']') +
           "}";
}

}  // namespace

TEST_CASE("CityJSON nested beyond 1024 levels names the line and column", "[hostile][json]") {
    const Run deep = runPlaces("import " + writeTemp("deep.city.json", deepCityJson(1025)) + " -o " +
                                   tempPath("deep.places"),
                               20);
    INFO(deep.output);
    CHECK(deep.exitCode == 2);
    // Line 2: `"x":` then the 1024th '[' (the 1025th level) at column 5 + 1023.
    CHECK(deep.output.find("deep.city.json:2:1028: error: unsupported JSON: nesting deeper than 1024") !=
          std::string::npos);

    // At the limit the document is read (and then refused for what it lacks: a CRS).
    const Run limit = runPlaces("import " + writeTemp("limit.city.json", deepCityJson(1024)) + " -o " +
                                    tempPath("limit.places"),
                                20);
    INFO(limit.output);
    CHECK(limit.output.find("nesting deeper") == std::string::npos);
    CHECK(limit.output.find("declares no CRS") != std::string::npos);
}

TEST_CASE("a scene file nested 100,000 levels deep is an error, not a crash", "[hostile][json][scene]") {
    const std::string json = "{\"format\":1,\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    const auto scene = places::scenes::parseScene(json, "deep-scene.json");
    CHECK_FALSE(scene.ok());
    INFO(scene.diagnostics.firstError());
    CHECK(scene.diagnostics.firstError().find("deep-scene.json") != std::string::npos);
}

TEST_CASE("a scene number beyond double's range is an error with its position, not a crash", "[hostile][json][scene]") {
    // Found by fuzz_scene: nlohmann throws out_of_range (not parse_error) for
    // 57e13984, which escaped parseScene and terminated the program.
    const auto scene = places::scenes::parseScene("{\"format\": 1,\n  \"origin\": [57e13984, 0, 0]}", "big.json");
    CHECK_FALSE(scene.value);
    INFO(scene.diagnostics.firstError());
    CHECK(scene.diagnostics.firstError().find("big.json:2:14: error: unsupported JSON: number overflow") !=
          std::string::npos);
}
