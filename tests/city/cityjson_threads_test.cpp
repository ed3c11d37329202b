// The CityJSON reader reads a document's CityObjects on several threads when
// asked (ReadOptions::threads): the model and the messages, in their order,
// must be those of one thread.
#include "places/city/readers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace places::city;

namespace {

void requireSameModel(const SourceModel& a, const SourceModel& b) {
    REQUIRE(a.objects.size() == b.objects.size());
    for (std::size_t i = 0; i < a.objects.size(); ++i) {
        const SourceObject &x = a.objects[i], &y = b.objects[i];
        INFO("object " << i << " " << x.id);
        REQUIRE(x.id == y.id);
        CHECK(x.parentId == y.parentId);
        CHECK(x.kind == y.kind);
        CHECK(x.type == y.type);
        CHECK(x.lodTimes10 == y.lodTimes10);
        REQUIRE(x.polygons.size() == y.polygons.size());
        for (std::size_t p = 0; p < x.polygons.size(); ++p) {
            CHECK(x.polygons[p].surface == y.polygons[p].surface);
            CHECK(x.polygons[p].vertices == y.polygons[p].vertices);
            CHECK(x.polygons[p].indices == y.polygons[p].indices);
        }
    }
    CHECK(a.polygons == b.polygons);
    CHECK(a.triangles == b.triangles);
    CHECK(a.surfaces.roof == b.surfaces.roof);
    CHECK(a.surfaces.wall == b.surfaces.wall);
    CHECK(a.polygonSurfaces.ground == b.polygonSurfaces.ground);
    CHECK(a.crs == b.crs);
}

void requireSameDiagnostics(const places::Diagnostics& a, const places::Diagnostics& b) {
    CHECK(a.errorCount() == b.errorCount());
    CHECK(a.warningCount() == b.warningCount());
    CHECK(a.counters() == b.counters());
    REQUIRE(a.items().size() == b.items().size());
    for (std::size_t i = 0; i < a.items().size(); ++i) CHECK(a.items()[i].format() == b.items()[i].format());
}

// 700 objects (more than the reader's threshold for sharing them out), every
// seventh broken in a different way, so messages come from every share.
std::string brokenCity() {
    std::string json = R"({"type":"CityJSON","version":"2.0","transform":{"scale":[0.001,0.001,0.001],"translate":[0,0,0]},)"
                       R"("vertices":[[0,0,0],[1000,0,0],[1000,1000,0],[0,1000,0],[0,0,1000],[1000,0,1000]],"CityObjects":{)";
    for (int i = 0; i < 700; ++i) {
        if (i > 0) json += ',';
        json += "\"b" + std::to_string(i) + "\":";
        if (i % 7 == 3) json += R"({"geometry":[]})";                        // no type: an error
        else if (i % 7 == 5) json += R"({"type":"Building","parents":["nobody"],"geometry":[]})";  // dangling parent
        else if (i % 7 == 6)
            json += R"({"type":"Building","geometry":[{"type":"MultiSurface","lod":"2","boundaries":[[[0,1,99]]]}]})";
        else
            json += R"({"type":"Building","geometry":[{"type":"MultiSurface","lod":"2","boundaries":[[[0,1,2,3]],[[0,1,5,4]]]}]})";
    }
    return json + "}}";
}

}  // namespace

TEST_CASE("cityjson: the objects read on 1 and 3 threads give the same model and messages", "[cityjson][threads]") {
    ReadOptions one;
    one.listSkipped = true;
    ReadOptions three = one;
    three.threads = 3;
    SECTION("Delfshaven") {
        const std::string path = std::string(PLACES_ASSETS_DIR) + "/city/cityjson/3-20-DELFSHAVEN.city.json";
        const auto a = readCityJson(path, one);
        const auto b = readCityJson(path, three);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        REQUIRE(a->objects.size() > 256);  // enough objects to be shared out
        requireSameModel(*a, *b);
        requireSameDiagnostics(a.diagnostics, b.diagnostics);
    }
    SECTION("a document with broken objects throughout") {
        const std::string json = brokenCity();
        const auto a = readCityJsonBuffer(json, "broken.city.json", one);
        const auto b = readCityJsonBuffer(json, "broken.city.json", three);
        REQUIRE(a.value);
        REQUIRE(b.value);
        REQUIRE(a.diagnostics.errorCount() >= 100);
        requireSameModel(*a.value, *b.value);
        requireSameDiagnostics(a.diagnostics, b.diagnostics);
    }
}
