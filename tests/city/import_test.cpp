// The whole import (read -> assemble -> tiles -> pack) on the bundled real data,
// through the library call and through the `places import` command.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "places/city/assemble.hpp"
#include "places/city/import.hpp"
#include "places/city/pack.hpp"
#include "places/city/readers.hpp"
#include "citygml_test_data.hpp"
#include "run_places.hpp"
#include "triangle_match.hpp"

using namespace places::city;
using test::Run;
using test::runPlaces;
using test::cityGml;

namespace {

std::string cityjson(const char* name) { return std::string(PLACES_ASSETS_DIR) + "/city/cityjson/" + name; }

nlohmann::json infoJson(const std::string& pack) {
    const Run run = runPlaces("info --json " + pack);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    return nlohmann::json::parse(run.output);
}

}  // namespace

TEST_CASE("import -> pack -> read back gives the imported triangles, on real NRW data", "[import]") {
    const std::string input = cityGml("LoD2_32_365_5713_1_NW.gml");
    ImportRequest request;
    request.inputs = {input};
    request.output = test::tempPath("import_roundtrip.places");
    request.ground.derive = false;  // the independent assembly below has no derived ground (terrain_test.cpp)
    places::NullProgress progress;
    const ImportReport report = runImportPipeline(request, progress);
    INFO(report.diagnostics.firstError());
    REQUIRE(report.ok);
    CHECK(report.summary.buildings == 146);
    CHECK(report.summary.parts == 61);

    // The same city, assembled independently of the pipeline.
    auto source = readCityGml(input, {});
    REQUIRE(source.value);
    std::vector<SourceModel> sources;
    sources.push_back(std::move(*source.value));
    auto city = assembleCity(std::move(sources), {}, progress);
    REQUIRE(city.ok());

    auto reader = PackReader::open(request.output);
    INFO(reader.diagnostics.firstError());
    REQUIRE(reader.ok());
    CHECK(reader->summary().geo.crs == "EPSG:25832");
    CHECK(reader->buildingCount() == city->buildings.size());
    test::TriangleMatcher matcher(*city);
    const std::size_t triangles = test::matchPackLeafTriangles(*reader, matcher);
    CHECK(triangles == city->mesh.triangleCount());
    CHECK(matcher.allMatched());
    CHECK(reader->verifyAll().errorCount() == 0);
}

TEST_CASE("places import merges the two adjacent Resse tiles into one city", "[import][cli]") {
    const std::string pack = test::tempPath("resse.places");
    const Run run = runPlaces("import -q " + cityGml("LoD2_32_370_5713_1_NW.gml") + " " +
                              cityGml("LoD2_32_370_5714_1_NW.gml") + " -o " + pack);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto info = infoJson(pack);
    CHECK(info["buildings"] == 143 + 121);
    CHECK(info["crs"] == "EPSG:25832");
    // The shared edge N = 5714000 lies inside the city, not at its border.
    const double originNorth = info["origin"][1];
    const double southEdge = originNorth - double(info["bounds"]["max"][2]);
    const double northEdge = originNorth - double(info["bounds"]["min"][2]);
    CHECK(southEdge < 5714000.0);
    CHECK(northEdge > 5714000.0);
}

TEST_CASE("places import reads CityJSON and prints a summary", "[import][cli]") {
    const std::string pack = test::tempPath("delfshaven.places");
    const Run run = runPlaces("import " + cityjson("3-20-DELFSHAVEN.city.json") + " -o " + pack);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("import summary") != std::string::npos);
    // Delfshaven's 633 surfaces with fewer than 3 distinct points (an independent
    // count of the source agrees) are skipped and counted, not dropped silently.
    CHECK(run.output.find("skipped polygon: fewer than 3 distinct points 633") != std::string::npos);
    const auto info = infoJson(pack);
    CHECK(info["buildings"] == 853);
    CHECK(info["crs"] == "EPSG:28992");
}

TEST_CASE("a CityJSON file without a CRS needs --crs or --local", "[import][cli]") {
    const std::string input = cityjson("3dbag_multi_lod.city.json");
    const std::string pack = test::tempPath("bag.places");
    const Run refused = runPlaces("import -q " + input + " -o " + pack);
    INFO(refused.output);
    CHECK(refused.exitCode == 2);
    CHECK(refused.output.find("3dbag_multi_lod.city.json") != std::string::npos);
    CHECK(refused.output.find("--crs") != std::string::npos);

    const Run withCrs = runPlaces("import -q " + input + " --crs EPSG:7415 -o " + pack);
    INFO(withCrs.output);
    REQUIRE(withCrs.exitCode == 0);
    const auto info = infoJson(pack);
    CHECK(info["buildings"] == 10);
    CHECK(info["crs"] == "EPSG:28992");

    const Run local = runPlaces("import -q " + input + " --local -o " + pack);
    INFO(local.output);
    CHECK(local.exitCode == 0);
}

TEST_CASE("places import on bad input exits 2 naming the file and the place", "[import][cli]") {
    const std::string pack = test::tempPath("bad.places");
    SECTION("malformed JSON") {
        const std::string bad = test::writeTemp("bad.city.json", std::string("{\"type\": \"CityJSON\",\n  \"version\": [2.0,\n"));
        const Run run = runPlaces("import " + bad + " -o " + pack);
        INFO(run.output);
        CHECK(run.exitCode == 2);
        CHECK(run.output.find(bad + ":") != std::string::npos);
    }
    SECTION("truncated CityGML") {
        const std::string bad = test::writeTemp("bad.gml", std::string("<?xml version=\"1.0\"?>\n<core:CityModel xmlns:core=\"http://www.opengis.net/citygml/1.0\">\n<core:cityObjectMember>\n"));
        const Run run = runPlaces("import " + bad + " -o " + pack);
        INFO(run.output);
        CHECK(run.exitCode == 2);
        CHECK(run.output.find(bad) != std::string::npos);
    }
    SECTION("empty file") {
        const std::string bad = test::writeTemp("empty.gml", std::string());
        const Run run = runPlaces("import " + bad + " -o " + pack);
        INFO(run.output);
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("empty") != std::string::npos);
    }
    SECTION("unknown CRS") {
        const std::string bad = test::writeTemp(
            "unknown_crs.city.json",
            std::string(R"({"type":"CityJSON","version":"2.0","transform":{"scale":[1,1,1],"translate":[0,0,0]},)"
                        R"("metadata":{"referenceSystem":"https://www.opengis.net/def/crs/EPSG/0/999999"},)"
                        R"("CityObjects":{"b":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"1",)"
                        R"("boundaries":[[[0,1,2]]]}]}},"vertices":[[0,0,0],[1,0,0],[0,1,0]]})"));
        const Run run = runPlaces("import " + bad + " -o " + pack);
        INFO(run.output);
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("999999") != std::string::npos);
    }
}

TEST_CASE("places import -v lists what it skipped", "[import][cli]") {
    const std::string pack = test::tempPath("verbose.places");
    const Run quiet = runPlaces("import " + cityjson("3-20-DELFSHAVEN.city.json") + " -o " + pack);
    const Run verbose = runPlaces("import -v " + cityjson("3-20-DELFSHAVEN.city.json") + " -o " + pack);
    INFO(verbose.output.substr(0, 2000));
    REQUIRE(verbose.exitCode == 0);
    // Every skipped polygon is listed with its JSON pointer; the plain run only counts them.
    CHECK(verbose.output.find("/CityObjects/") != std::string::npos);
    CHECK(quiet.output.find("/CityObjects/") == std::string::npos);
}

TEST_CASE("CityGML 2.0 is read like 1.0: semantics, attributes, CRS", "[import][citygml2]") {
    // A minimal CityGML 2.0 building: a 10 x 10 m box, 6 m high, flat roof,
    // in EPSG:25832 (the 2.0 namespaces differ from NRW's 1.0 files).
    std::string gml = R"(<?xml version="1.0" encoding="UTF-8"?>
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:bldg="http://www.opengis.net/citygml/building/2.0"
  xmlns:gml="http://www.opengis.net/gml">
<gml:boundedBy><gml:Envelope srsName="EPSG:25832" srsDimension="3">
  <gml:lowerCorner>365000 5713000 50</gml:lowerCorner><gml:upperCorner>365010 5713010 56</gml:upperCorner>
</gml:Envelope></gml:boundedBy>
<core:cityObjectMember><bldg:Building gml:id="B2">
  <bldg:function>31001_1000</bldg:function>
  <bldg:measuredHeight uom="m">6.0</bldg:measuredHeight>
)";
    const auto surface = [&](const char* type, const char* id, const char* ring) {
        gml += std::string("  <bldg:boundedBy><bldg:") + type + " gml:id=\"" + id +
               "\"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior>"
               "<gml:LinearRing><gml:posList srsDimension=\"3\">" + ring +
               "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>"
               "</gml:MultiSurface></bldg:lod2MultiSurface></bldg:" + type + "></bldg:boundedBy>\n";
    };
    surface("GroundSurface", "g", "365000 5713000 50 365000 5713010 50 365010 5713010 50 365010 5713000 50 365000 5713000 50");
    surface("RoofSurface", "r", "365000 5713000 56 365010 5713000 56 365010 5713010 56 365000 5713010 56 365000 5713000 56");
    surface("WallSurface", "w1", "365000 5713000 50 365010 5713000 50 365010 5713000 56 365000 5713000 56 365000 5713000 50");
    surface("WallSurface", "w2", "365010 5713000 50 365010 5713010 50 365010 5713010 56 365010 5713000 56 365010 5713000 50");
    surface("WallSurface", "w3", "365010 5713010 50 365000 5713010 50 365000 5713010 56 365010 5713010 56 365010 5713010 50");
    surface("WallSurface", "w4", "365000 5713010 50 365000 5713000 50 365000 5713000 56 365000 5713010 56 365000 5713010 50");
    gml += "</bldg:Building></core:cityObjectMember>\n</core:CityModel>\n";
    const std::string path = test::writeTemp("citygml2.gml", gml);

    auto read = readCityGml(path, {});
    INFO(read.diagnostics.firstError());
    REQUIRE(read.ok());
    CHECK(read->crs.rfind("EPSG:25832", 0) == 0);
    REQUIRE(read->objects.size() == 1);
    const SourceObject& b = read->objects[0];
    CHECK(b.id == "B2");
    CHECK(b.function == "31001_1000");
    CHECK(b.measuredHeight == Approx(6.0));
    CHECK(read->surfaces.roof == 1);
    CHECK(read->surfaces.wall == 4);
    CHECK(read->surfaces.ground == 1);
    CHECK(read->triangles == 12);

    const std::string pack = test::tempPath("citygml2.places");
    const Run run = runPlaces("import -q --no-ground " + path + " --origin 365000,5713000,50 -o " + pack);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto info = infoJson(pack);
    CHECK(info["buildings"] == 1);
    CHECK(info["triangles"] == 12);
    // Local frame: x east, y up, z south of the given origin.
    CHECK(double(info["bounds"]["min"][0]) == Approx(0.0).margin(0.01));
    CHECK(double(info["bounds"]["max"][0]) == Approx(10.0).margin(0.01));
    CHECK(double(info["bounds"]["max"][1]) == Approx(6.0).margin(0.01));
    CHECK(double(info["bounds"]["min"][2]) == Approx(-10.0).margin(0.01));
    CHECK(double(info["bounds"]["max"][2]) == Approx(0.0).margin(0.01));
}

TEST_CASE("CityJSON bounds in the local frame match the source ranges after the transform", "[import]") {
    // Delfshaven's documented source ranges (EPSG:28992 + NAP heights):
    // X 90409.320-91453.879, Y 435440.440-436089.946, Z 0.000-41.158.
    const std::string pack = test::tempPath("delfshaven_bounds.places");
    // Without derived ground, whose border ring reaches 20 m beyond the buildings.
    const Run run = runPlaces("import -q --no-ground " + cityjson("3-20-DELFSHAVEN.city.json") + " -o " + pack);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto info = infoJson(pack);
    const double e = info["origin"][0], n = info["origin"][1], h = info["origin"][2];
    const auto& lo = info["bounds"]["min"];
    const auto& hi = info["bounds"]["max"];
    CHECK(e + double(lo[0]) == Approx(90409.320).margin(0.01));
    CHECK(e + double(hi[0]) == Approx(91453.879).margin(0.01));
    CHECK(n - double(hi[2]) == Approx(435440.440).margin(0.01));
    CHECK(n - double(lo[2]) == Approx(436089.946).margin(0.01));
    CHECK(h + double(lo[1]) == Approx(0.000).margin(0.01));
    CHECK(h + double(hi[1]) == Approx(41.158).margin(0.01));
}
