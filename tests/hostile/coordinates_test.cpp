// Hostile coordinates (issue #12, item 4): one absurd vertex must not move the
// city. Polygons with coordinates outside the CRS's area of use, at absurd
// heights, not transformable or NaN/Inf are skipped and counted, and never
// reach the bounds or the origin.
#include <limits>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "coordinate_check.hpp"
#include "hostile_inputs.hpp"
#include "run_places.hpp"

namespace {

using places::city::test::Run;
using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::city::test::writeTemp;

// Imports the box building plus one roof polygon with the corner (x, y, z) and
// returns `places info --json` of the pack (and the import's output).
// --no-ground: the bounds checked are the building's own (derived ground adds a margin around it).
nlohmann::json importWithCorner(const std::string& name, const std::string& x, const std::string& y,
                                const std::string& z, std::string& output) {
    const std::string pack = tempPath(name + ".places");
    const Run run = runPlaces("import --no-ground " + writeTemp(name + ".gml", places::hostile::cityGmlWithCorner(x, y, z)) +
                                  " -o " + pack,
                              20);
    output = run.output;
    if (run.exitCode != 0) return {};
    const Run info = runPlaces("info --json " + pack, 20);
    return nlohmann::json::parse(info.output, nullptr, false);
}

}  // namespace

TEST_CASE("one absurd coordinate does not move the origin or the bounds", "[hostile][coordinates]") {
    struct Case {
        const char *name, *x, *y, *z, *reason;
    };
    const Case cases[] = {
        {"huge_northing", "365003", "1e308", "56", "outside the CRS's area of use 1"},
        {"far_easting", "9000000", "5713003", "56", "outside the CRS's area of use 1"},
        {"huge_height", "365003", "5713003", "1e6", "height outside -12,000..10,000 m 1"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            std::string output;
            const nlohmann::json info = importWithCorner(c.name, c.x, c.y, c.z, output);
            INFO(output);
            REQUIRE(info.is_object());
            // The box alone: origin at its centre and lowest height, bounds +-5 m, 6 m high.
            CHECK(info["origin"] == nlohmann::json::array({365005.0, 5713005.0, 50.0}));
            CHECK(info["bounds"]["min"] == nlohmann::json::array({-5.0, 0.0, -5.0}));
            CHECK(info["bounds"]["max"] == nlohmann::json::array({5.0, 6.0, 5.0}));
            CHECK(output.find(c.reason) != std::string::npos);
            CHECK(output.find("objects with skipped coordinates         1") != std::string::npos);
        }
    }
}

TEST_CASE("dropBadCoordinates counts each reason and each object", "[hostile][coordinates]") {
    using namespace places::city;
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const auto polygon = [](glm::dvec3 odd) {
        SourcePolygon p;
        p.vertices = {{365000, 5713000, 50}, {365010, 5713000, 50}, odd};
        p.indices = {0, 1, 2};
        return p;
    };
    std::vector<SourceModel> sources(1);
    sources[0].path = "input.gml";
    SourceObject& a = sources[0].objects.emplace_back();
    a.id = "A";
    a.type = "Building";
    a.polygons = {polygon({365000, 5713010, 50}), polygon({nan, 5713010, 50}), polygon({365000, inf, 50})};
    SourceObject& b = sources[0].objects.emplace_back();
    b.id = "B";
    b.type = "Building";
    b.polygons = {polygon({365000, 5713010, 50})};

    places::Diagnostics diagnostics;
    detail::dropBadCoordinates(sources[0], detail::CoordinateStage::AsRead, std::nullopt, false, true, diagnostics);
    CHECK(diagnostics.counter("skipped: polygon with a NaN or infinite coordinate") == 2);
    CHECK(diagnostics.counter("objects with skipped coordinates") == 1);
    CHECK(sources[0].objects[0].polygons.size() == 1);
    CHECK(sources[0].objects[1].polygons.size() == 1);
    REQUIRE(diagnostics.items().size() == 1);  // -v: the object, by id
    CHECK(diagnostics.items()[0].format() == "input.gml (A): warning: Building A: 2 polygon(s) skipped (with a NaN or "
                                             "infinite coordinate)");

    // In the input's CRS: its area of use (widened) bounds the coordinates.
    sources[0].objects[1].polygons.push_back(polygon({-2.0e6, 5713010, 50}));
    const auto area = projectedAreaOfUse("EPSG:25832", detail::kAreaMarginDegrees);
    REQUIRE(area);
    CHECK(area->contains(365000, 5713000));   // Gelsenkirchen
    CHECK(area->contains(290000, 5630000));   // Aachen, west of the zone's 6 deg E edge
    CHECK_FALSE(area->contains(365000, 1e308));
    detail::dropBadCoordinates(sources[0], detail::CoordinateStage::AsRead, area, false, false, diagnostics);
    CHECK(diagnostics.counter("skipped: polygon with a coordinate outside the CRS's area of use") == 1);
    CHECK(sources[0].objects[1].polygons.size() == 1);

    // After the transform, NaN means "could not be transformed".
    sources[0].objects[1].polygons.push_back(polygon({nan, nan, 50}));
    detail::dropBadCoordinates(sources[0], detail::CoordinateStage::Transformed, std::nullopt, false, false,
                               diagnostics);
    CHECK(diagnostics.counter("skipped: polygon whose coordinates could not be transformed") == 1);
    CHECK(sources[0].objects[1].polygons.size() == 1);

    // Local inputs (no CRS) have no area of use: +-10,000 km instead.
    sources[0].objects[1].polygons.push_back(polygon({0, 2.0e7, 0}));
    detail::dropBadCoordinates(sources[0], detail::CoordinateStage::AsRead, std::nullopt, true, false, diagnostics);
    CHECK(diagnostics.counter("skipped: polygon with a local coordinate beyond 10,000 km") == 1);
}
