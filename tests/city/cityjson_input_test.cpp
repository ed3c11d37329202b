// The CityJSON reader on small hand-written documents: every geometry type,
// templates, semantics, attributes, CityJSONSeq, and every kind of bad input
// (the message must name the file and a JSON pointer or line:column).
#include "places/city/readers.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "places/core/mapped_file.hpp"

using namespace places::city;

namespace {

const ReadOptions kDefault{};

// A CityJSON 2.0 document around `objects` (the CityObjects members) with a
// millimetre transform and 8 vertices: a unit-ish box 10 x 10 x 5 m plus extras.
std::string document(const std::string& objects, const std::string& extra = "") {
    return R"({"type":"CityJSON","version":"2.0",
"transform":{"scale":[0.001,0.001,0.001],"translate":[1000.0,2000.0,10.0]},
"metadata":{"referenceSystem":"https://www.opengis.net/def/crs/EPSG/0/7415"},)" +
           extra + R"("CityObjects":{)" + objects + R"(},
"vertices":[[0,0,0],[10000,0,0],[10000,10000,0],[0,10000,0],[0,0,5000],[10000,0,5000],[10000,10000,5000],[0,10000,5000]]})";
}

// The six faces of the box, outward-facing, as a shell.
const std::string kShell =
    "[[[0,3,2,1]],[[4,5,6,7]],[[0,1,5,4]],[[1,2,6,5]],[[2,3,7,6]],[[3,0,4,7]]]";

bool anyMessageContains(const places::Diagnostics& d, const std::string& a, const std::string& b = "") {
    for (const auto& item : d.items()) {
        const std::string text = item.format();
        if (text.find(a) != std::string::npos && text.find(b) != std::string::npos) return true;
    }
    return false;
}

std::string formatted(const places::Diagnostics& d) {
    std::string out;
    for (const auto& item : d.items()) out += item.format() + "\n";
    return out;
}

}  // namespace

TEST_CASE("cityjson: Solid with semantics, transform applied in double", "[cityjson]") {
    const auto json = document(R"("b1":{"type":"Building","attributes":{"function":"1000","measuredHeight":5.0},
"geometry":[{"type":"Solid","lod":"2.2","boundaries":[)" + kShell + R"(],
"semantics":{"surfaces":[{"type":"GroundSurface"},{"type":"RoofSurface"},{"type":"WallSurface"}],
"values":[[0,1,2,2,null,2]]}}]})");
    const auto result = readCityJsonBuffer(json, "box.city.json", kDefault);
    INFO(formatted(result.diagnostics));
    REQUIRE(result.ok());
    const SourceModel& model = *result;
    REQUIRE(model.objects.size() == 1);
    const SourceObject& b = model.objects[0];
    CHECK(b.id == "b1");
    CHECK(b.kind == ObjectKind::Building);
    CHECK(b.function == "1000");
    CHECK(b.measuredHeight == 5.0);
    CHECK(b.lodTimes10 == 22);
    REQUIRE(b.polygons.size() == 6);
    CHECK(model.triangles == 12);
    CHECK(b.polygons[0].surface == SurfaceType::Ground);
    CHECK(b.polygons[1].surface == SurfaceType::Roof);
    CHECK(b.polygons[2].surface == SurfaceType::Wall);
    CHECK(b.polygons[4].surface == SurfaceType::Unknown);  // null value
    CHECK(model.polygonSurfaces.wall == 3);
    CHECK(model.crs == "EPSG:7415");
    // real = int * scale + translate
    bool corner = false;
    for (const auto& v : b.polygons[1].vertices) corner |= v == glm::dvec3(1010.0, 2010.0, 15.0);
    CHECK(corner);
}

TEST_CASE("cityjson: MultiSolid, CompositeSurface and null semantics at shell level", "[cityjson]") {
    const auto json = document(R"("a":{"type":"Bridge","attributes":{"function":7},"geometry":[
{"type":"MultiSolid","lod":2,"boundaries":[[)" + kShell + R"(]],
 "semantics":{"surfaces":[{"type":"RoofSurface"}],"values":[[null]]}},
{"type":"CompositeSurface","lod":2,"boundaries":[[[0,1,2]],[[0,2,3]]],
 "semantics":{"surfaces":[{"type":"OuterCeilingSurface"}],"values":[0,0]}}]})");
    const auto result = readCityJsonBuffer(json, "multi.city.json", kDefault);
    INFO(formatted(result.diagnostics));
    REQUIRE(result.ok());
    const SourceObject& a = result->objects.at(0);
    CHECK(a.kind == ObjectKind::Other);
    CHECK(a.type == "Bridge");
    CHECK(a.function == "7");
    CHECK(a.lodTimes10 == 20);
    REQUIRE(a.polygons.size() == 8);  // both geometries have LoD 2: both are kept
    CHECK(a.polygons[0].surface == SurfaceType::Unknown);
    CHECK(a.polygons[7].surface == SurfaceType::Other);
}

TEST_CASE("cityjson: GeometryInstance is instantiated from its template", "[cityjson]") {
    // Template: one 1 x 1 m square; instance: scaled 2x, placed at vertex 6 (1010, 2010, 15).
    const auto json = document(R"("tree":{"type":"SolitaryVegetationObject","geometry":[
{"type":"GeometryInstance","template":0,"boundaries":[6],
 "transformationMatrix":[2,0,0,0, 0,2,0,0, 0,0,2,0, 0,0,0,1]}]})",
                               R"("geometry-templates":{"templates":[{"type":"MultiSurface","lod":"1",
"boundaries":[[[0,1,2,3]]]}],"vertices-templates":[[0,0,0],[1,0,0],[1,1,0],[0,1,0]]},)");
    const auto result = readCityJsonBuffer(json, "tree.city.json", kDefault);
    INFO(formatted(result.diagnostics));
    REQUIRE(result.ok());
    const SourceObject& tree = result->objects.at(0);
    CHECK(tree.lodTimes10 == 10);
    REQUIRE(tree.polygons.size() == 1);
    const auto& v = tree.polygons[0].vertices;
    REQUIRE(v.size() == 4);
    CHECK(v[0] == glm::dvec3(1010, 2010, 15));
    CHECK(v[2] == glm::dvec3(1012, 2012, 15));
    CHECK(result.diagnostics.counter("instantiated: geometry template") == 1);
}

TEST_CASE("cityjson: a building with parts is drawn by the parts", "[cityjson]") {
    const auto json = document(R"("b":{"type":"Building","children":["p"],"geometry":[
{"type":"MultiSurface","lod":"1","boundaries":[[[0,1,2,3]]]}]},
"p":{"type":"BuildingPart","parents":["b"],"geometry":[{"type":"Solid","lod":"2","boundaries":[)" +
                               kShell + R"(]}]},
"q":{"type":"BuildingPart","parents":["nowhere"]})");
    const auto result = readCityJsonBuffer(json, "parts.city.json", kDefault);
    INFO(formatted(result.diagnostics));
    REQUIRE(result.ok());
    const auto& objects = result->objects;
    REQUIRE(objects.size() == 3);
    CHECK(objects[0].polygons.empty());
    CHECK(objects[1].parentId == "b");
    CHECK(objects[1].polygons.size() == 6);
    CHECK(objects[2].parentId.empty());  // dangling parent dropped, counted
    CHECK(result.diagnostics.counter("skipped geometry: building drawn by its parts' geometry") == 1);
    CHECK(result.diagnostics.counter("salvaged object: parent not found (kept as top-level)") == 1);
}

TEST_CASE("cityjson: measuredHeight from the 3D BAG heights", "[cityjson]") {
    const auto json = document(R"("n":{"type":"Building","attributes":{"h_dak_max":14.5,"h_maaiveld":2.25}},
"m":{"type":"Building","attributes":{"measuredHeight":"12.5","class":"BB01"}})");
    const auto result = readCityJsonBuffer(json, "bag.city.json", kDefault);
    REQUIRE(result.ok());
    CHECK(result->objects[0].measuredHeight == 12.25);
    CHECK(result->objects[1].measuredHeight == 12.5);
    CHECK(result->objects[1].function == "BB01");
}

TEST_CASE("cityjson: 1.0 without transform, URN CRS", "[cityjson]") {
    const std::string json = R"({"type":"CityJSON","version":"1.0",
"metadata":{"referenceSystem":"urn:ogc:def:crs:EPSG::28992"},
"CityObjects":{"x":{"type":"Building","geometry":[{"type":"MultiSurface","lod":1,"boundaries":[[[0,1,2]]]}]}},
"vertices":[[90000.5,435000.25,1.0],[90010.5,435000.25,1.0],[90010.5,435010.25,1.0]]})";
    const auto result = readCityJsonBuffer(json, "old.json", kDefault);
    REQUIRE(result.ok());
    CHECK(result->crs == "EPSG:28992");
    CHECK(result->objects[0].polygons.at(0).vertices[0] == glm::dvec3(90000.5, 435000.25, 1.0));
}

TEST_CASE("cityjson: CityJSONSeq (JSON Lines)", "[cityjson]") {
    const std::string json =
        R"({"type":"CityJSON","version":"2.0","transform":{"scale":[0.01,0.01,0.01],"translate":[100,200,0]},"metadata":{"referenceSystem":"https://www.opengis.net/def/crs/EPSG/0/2056"},"CityObjects":{},"vertices":[]})"
        "\n"
        R"({"type":"CityJSONFeature","id":"a","CityObjects":{"a":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2","boundaries":[[[0,1,2]]]}]}},"vertices":[[0,0,0],[100,0,0],[0,100,0]]})"
        "\n"
        R"({"type":"CityJSONFeature","id":"b","CityObjects":{"b":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2","boundaries":[[[0,1,5]]]}]}},"vertices":[[0,0,0],[100,0,0],[0,100,0]]})"
        "\n"
        R"({"type":"CityJSONFeature", broken)"
        "\n";
    const auto result = readCityJsonBuffer(json, "seq.city.jsonl", kDefault);
    REQUIRE(result.value);
    CHECK(result->crs == "EPSG:2056");
    REQUIRE(result->objects.size() == 2);
    CHECK(result->objects[0].polygons.at(0).vertices[1] == glm::dvec3(101, 200, 0));
    CHECK(result->objects[1].polygons.empty());
    // Errors name the line of the feature and the pointer inside it.
    CHECK(anyMessageContains(result.diagnostics, "seq.city.jsonl:3", "/CityObjects/b/geometry/0/boundaries/0/0/2"));
    CHECK(anyMessageContains(result.diagnostics, "seq.city.jsonl:4:"));
}

TEST_CASE("cityjson: LoD choice falls back to the nearest LoD, counted", "[cityjson]") {
    const auto json = document(R"("b":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2.2","boundaries":[[[0,1,2]]]}]})");
    const auto result = readCityJsonBuffer(json, "lod.city.json", {LodChoice::Lod1, false});
    REQUIRE(result.ok());
    CHECK(result->objects[0].lodTimes10 == 22);
    CHECK(result.diagnostics.counter("salvaged object: requested LoD missing, nearest LoD used") == 1);
}

TEST_CASE("cityjson bad input: empty and whitespace-only files", "[cityjson][bad]") {
    const std::string path = std::string(PLACES_BINARY_DIR) + "/empty_test.city.json";
    { std::ofstream(path).flush(); }
    const auto empty = readCityJson(path, kDefault);
    CHECK_FALSE(empty.value);
    CHECK(empty.diagnostics.firstError() == path + ": error: file is empty");
    std::remove(path.c_str());
    const auto blank = readCityJsonBuffer("  \n ", "blank.json", kDefault);
    CHECK_FALSE(blank.value);
    CHECK(anyMessageContains(blank.diagnostics, "blank.json", "whitespace"));
}

TEST_CASE("cityjson bad input: missing file", "[cityjson][bad]") {
    const auto result = readCityJson("/nonexistent/dir/x.city.json", kDefault);
    CHECK_FALSE(result.value);
    CHECK(anyMessageContains(result.diagnostics, "/nonexistent/dir/x.city.json", "cannot open"));
}

TEST_CASE("cityjson bad input: malformed JSON gives line and column", "[cityjson][bad]") {
    const std::string json = "{\"type\": \"CityJSON\",\n  \"version\": \"2.0\",\n  \"CityObjects\": {,}}";
    const auto result = readCityJsonBuffer(json, "broken.city.json", kDefault);
    CHECK_FALSE(result.value);
    // The stray comma is line 3, column 19.
    CHECK(anyMessageContains(result.diagnostics, "broken.city.json:3:19: error: invalid JSON"));
}

TEST_CASE("cityjson bad input: truncated real file", "[cityjson][bad]") {
    auto file = places::MappedFile::open(std::string(PLACES_ASSETS_DIR) + "/city/cityjson/3dbag_multi_lod.city.json");
    REQUIRE(file);
    const std::string_view whole(file->chars(), file->size());
    const std::string_view half = whole.substr(0, whole.size() / 2);
    const auto result = readCityJsonBuffer(half, "truncated.city.json", kDefault);
    CHECK_FALSE(result.value);
    std::size_t line = 1;
    for (char c : half) line += c == '\n' ? 1 : 0;
    CHECK(anyMessageContains(result.diagnostics, "truncated.city.json:" + std::to_string(line) + ":", "invalid JSON"));
}

TEST_CASE("cityjson bad input: not CityJSON", "[cityjson][bad]") {
    CHECK(anyMessageContains(readCityJsonBuffer("[1,2]", "arr.json", kDefault).diagnostics, "arr.json", "not a CityJSON"));
    const auto other = readCityJsonBuffer(R"({"type":"FeatureCollection"})", "geo.json", kDefault);
    CHECK_FALSE(other.value);
    CHECK(anyMessageContains(other.diagnostics, "geo.json (/type)", "\"FeatureCollection\""));
}

TEST_CASE("cityjson bad input: missing or mistyped vertices and CityObjects", "[cityjson][bad]") {
    const auto noVertices = readCityJsonBuffer(R"({"type":"CityJSON","version":"2.0","CityObjects":{}})", "nv.json", kDefault);
    CHECK_FALSE(noVertices.value);
    CHECK(anyMessageContains(noVertices.diagnostics, "nv.json", "missing \"vertices\""));
    const auto badVertices = readCityJsonBuffer(R"({"type":"CityJSON","version":"2.0","CityObjects":{},"vertices":{}})", "bv.json", kDefault);
    CHECK(anyMessageContains(badVertices.diagnostics, "bv.json (/vertices)", "must be an array"));
    const auto badObjects = readCityJsonBuffer(R"({"type":"CityJSON","version":"2.0","CityObjects":[],"vertices":[]})", "bo.json", kDefault);
    CHECK(anyMessageContains(badObjects.diagnostics, "bo.json (/CityObjects)", "must be an object"));
    const auto badVertex = readCityJsonBuffer(R"({"type":"CityJSON","version":"2.0","CityObjects":{},"vertices":[[1,2,3],[1,"x",3]]})", "bx.json", kDefault);
    CHECK(anyMessageContains(badVertex.diagnostics, "bx.json (/vertices/1)", "3 finite numbers"));
    const auto badTransform = readCityJsonBuffer(R"({"type":"CityJSON","transform":{"scale":[1,1]},"CityObjects":{},"vertices":[]})", "bt.json", kDefault);
    CHECK_FALSE(badTransform.value);
    CHECK(anyMessageContains(badTransform.diagnostics, "bt.json (/transform)", "scale"));
}

TEST_CASE("cityjson bad input: out-of-range index skips the polygon, salvages the rest", "[cityjson][bad]") {
    const auto json = document(R"("NL.IMBAG.Pand.123":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2",
"boundaries":[[[0,1,2]],[[0,1,99]],[[0,2,3]]]}]},
"ok":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2","boundaries":[[[4,5,6]]]}]})");
    const auto result = readCityJsonBuffer(json, "idx.city.json", kDefault);
    REQUIRE(result.value);
    CHECK_FALSE(result.ok());
    CHECK(anyMessageContains(result.diagnostics, "idx.city.json (/CityObjects/NL.IMBAG.Pand.123/geometry/0/boundaries/1/0/2)",
                             "vertex index 99 out of range"));
    CHECK(result.diagnostics.counter("skipped polygon: invalid vertex index") == 1);
    CHECK(result->objects.at(0).polygons.size() == 2);
    CHECK(result->objects.at(1).polygons.size() == 1);
}

TEST_CASE("cityjson bad input: wrong types inside objects are reported with pointers", "[cityjson][bad]") {
    const auto json = document(R"("a/b":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2","boundaries":"nope"}]},
"c":{"type":7},
"d":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"x","boundaries":[]}]},
"e":{"type":"Building","geometry":[{"type":"Spline","lod":"2","boundaries":[]}]},
"f":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2","boundaries":[[[0,-1,2]]]}]},
"g":{"type":"Building","geometry":[{"type":"GeometryInstance","template":3,"boundaries":[0],"transformationMatrix":[]}]})");
    const auto result = readCityJsonBuffer(json, "types.city.json", kDefault);
    REQUIRE(result.value);
    INFO(formatted(result.diagnostics));
    CHECK(anyMessageContains(result.diagnostics, "(/CityObjects/a~1b/geometry/0/boundaries)", "array of surfaces"));
    CHECK(anyMessageContains(result.diagnostics, "(/CityObjects/c)", "no string \"type\""));
    CHECK(anyMessageContains(result.diagnostics, "(/CityObjects/d/geometry/0/lod)", "\"lod\""));
    CHECK(anyMessageContains(result.diagnostics, "(/CityObjects/e/geometry/0)", "unknown geometry type \"Spline\""));
    CHECK(anyMessageContains(result.diagnostics, "(/CityObjects/f/geometry/0/boundaries/0/0/1)", "non-negative integer"));
    CHECK(anyMessageContains(result.diagnostics, "(/CityObjects/g/geometry/0)", "template 3"));
    CHECK(result->objects.size() == 5);  // only "c" could not be read as an object
    CHECK(result.diagnostics.counter("skipped object: invalid") == 1);
}

TEST_CASE("cityjson bad input: unknown CRS is named, left undetermined", "[cityjson][bad]") {
    std::string json = document("");
    json.replace(json.find("https://www.opengis.net/def/crs/EPSG/0/7415"), 43, "LV95 please");
    const auto result = readCityJsonBuffer(json, "crs.city.json", kDefault);
    REQUIRE(result.value);
    CHECK(result->crs.empty());
    CHECK(result->crsSource == "LV95 please");
    CHECK(anyMessageContains(result.diagnostics, "crs.city.json (/metadata/referenceSystem): warning", "not understood"));
}

TEST_CASE("cityjson: skipped polygons are counted, and listed on request", "[cityjson]") {
    const auto json = document(R"("b":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"2",
"boundaries":[[[0,1,2]],[[0,1,1,0]],[[0,1,5,4]]]}]})");
    const auto quiet = readCityJsonBuffer(json, "deg.city.json", kDefault);
    REQUIRE(quiet.ok());
    CHECK(quiet.diagnostics.counter("skipped polygon: fewer than 3 distinct points") == 1);
    CHECK(quiet.diagnostics.items().empty());
    CHECK(quiet->objects[0].polygons.size() == 2);
    const auto listed = readCityJsonBuffer(json, "deg.city.json", {LodChoice::Auto, true});
    CHECK(anyMessageContains(listed.diagnostics, "deg.city.json (/CityObjects/b/geometry/0/boundaries/1): warning",
                             "fewer than 3 distinct points"));
}
