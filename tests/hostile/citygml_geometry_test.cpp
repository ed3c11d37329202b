// Hostile CityGML geometry (issue #12, items 3 and 4): coordinates that are
// not finite numbers are counted as such (libcitygml used to stop reading the
// posList there, and the truncated ring came out as a "degenerate polygon"),
// and area that libcitygml's own GLU triangulation loses is counted, never
// silent.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "citygml_nonfinite.hpp"
#include "hostile_inputs.hpp"
#include "run_places.hpp"

namespace {

using places::city::test::Run;
using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::city::test::writeTemp;

// A 4 x 4 m roof inside the box, at 56 m, with `odd` as its third corner.
std::string roofWithCorner(const std::string& odd) {
    return "365002 5713002 56 365006 5713002 56 " + odd + " 365002 5713006 56 365002 5713002 56";
}

std::size_t lineOf(const std::string& text, const std::string& what) {
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find(what)), '\n'));
}

}  // namespace

TEST_CASE("NaN, INF, -inf and 1e999 in a CityGML ring are counted as non-finite", "[hostile][coordinates]") {
    const std::string gml = places::hostile::cityGmlWithRoofs({
        roofWithCorner("NaN 5713006 56"),
        roofWithCorner("365006 INF 56"),
        roofWithCorner("365006 5713006 -inf"),
        roofWithCorner("1e999 5713006 56"),
        roofWithCorner("365006 5713006 56"),  // a good one: kept
    });
    const std::string input = writeTemp("nonfinite.gml", gml);
    const std::string pack = tempPath("nonfinite.places");
    // --no-ground: the bounds checked are the building's own (derived ground adds a margin).
    const Run run = runPlaces("import -v --no-ground " + input + " -o " + pack, 30);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("skipped: polygon with a NaN or infinite coordinate 4") != std::string::npos);
    CHECK(run.output.find("objects with skipped coordinates         1") != std::string::npos);
    CHECK(run.output.find("degenerate") == std::string::npos);
    // Each token at its file:line:column, with its object.
    for (const char* token : {"NaN", "INF", "-inf", "1e999"}) {
        const std::string where = input + ":" + std::to_string(lineOf(gml, token)) + ":";
        CHECK(run.output.find(where) != std::string::npos);
        CHECK(run.output.find("coordinate \"" + std::string(token) + "\" is not a finite number (object B1)") !=
              std::string::npos);
    }
    // The box and the good roof only: origin and bounds of the box.
    const Run info = runPlaces("info --json " + pack, 20);
    const nlohmann::json json = nlohmann::json::parse(info.output, nullptr, false);
    REQUIRE(json.is_object());
    CHECK(json["origin"] == nlohmann::json::array({365005.0, 5713005.0, 50.0}));
    CHECK(json["bounds"]["max"] == nlohmann::json::array({5.0, 6.0, 5.0}));
}

TEST_CASE("markNonFiniteCoordinates marks ring tokens only, and copies nothing for clean files", "[hostile][coordinates]") {
    using places::city::detail::isNonFiniteMarker;
    using places::city::detail::markNonFiniteCoordinates;
    const std::string clean = "<a><gml:LinearRing><gml:posList>1 2 3 +4 5e-400 6</gml:posList></gml:LinearRing></a>";
    std::string copy;
    places::Diagnostics diagnostics;
    CHECK(markNonFiniteCoordinates(clean, "x.gml", true, copy, diagnostics).data() == clean.data());
    CHECK(copy.empty());
    CHECK(diagnostics.items().empty());

    const std::string bad = "<gml:lowerCorner>nan 0 0</gml:lowerCorner>\n"
                            "<core:cityObjectMember><bldg:Building gml:id=\"X\"><gml:LinearRing>\n"
                            "<gml:pos>1 nan 3</gml:pos><gml:coordinates>4,inf,6 7,8,9</gml:coordinates>"
                            "</gml:LinearRing></bldg:Building></core:cityObjectMember>";
    const std::string_view marked = markNonFiniteCoordinates(bad, "x.gml", true, copy, diagnostics);
    CHECK(marked.data() == copy.data());
    CHECK(marked.starts_with("<gml:lowerCorner>nan 0 0<"));  // outside rings: libcitygml's business
    CHECK(marked.find("<gml:pos>1 1.0000000001e30 3</gml:pos><gml:coordinates>4,1.0000000002e30,6 7,8,9<") !=
          std::string_view::npos);
    CHECK(isNonFiniteMarker(1.0000000001e30));
    CHECK(isNonFiniteMarker(1.0000000002e30));
    CHECK_FALSE(isNonFiniteMarker(5713000.0));
    REQUIRE(diagnostics.items().size() == 2);
    CHECK(diagnostics.items()[0].format() ==
          "x.gml:3:12: warning: coordinate \"nan\" is not a finite number (object X): its polygon is skipped");
}

TEST_CASE("area that libcitygml's triangulation loses is counted", "[hostile][area]") {
    // One ring: around the roof, back to its corner, then once more around a
    // 2 x 2 m square inside it. Newell counts the square twice (68 m^2 in all);
    // GLU's odd winding rule leaves it empty (60 m^2 of triangles).
    const std::string loop = "365001 5713001 56 365009 5713001 56 365009 5713009 56 365001 5713009 56 "
                             "365001 5713001 56 365003 5713003 56 365005 5713003 56 365005 5713005 56 "
                             "365003 5713005 56 365003 5713003 56 365001 5713001 56";
    const Run run = runPlaces("import -v " + writeTemp("loop.gml", places::hostile::cityGmlWithRoofs({loop})) +
                                  " -o " + tempPath("loop.places"),
                              30);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("salvaged polygon: area lost in triangulation (a ring that loops or touches itself) 1") !=
          std::string::npos);
    CHECK(run.output.find("Building B1, polygon ") != std::string::npos);
    CHECK(run.output.find(": 8.00 of 68.00 m^2 (11.8 %) lost") != std::string::npos);
}

TEST_CASE("real LoD2 data loses no area in libcitygml's triangulation", "[hostile][area]") {
    const Run run = runPlaces("import " + std::string(PLACES_SOURCE_DIR) +
                                  "/assets/city/citygml/LoD2_32_365_5713_1_NW.gml -o " + tempPath("lod2.places"),
                              120);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("buildings") != std::string::npos);
    CHECK(run.output.find("area lost") == std::string::npos);
}
