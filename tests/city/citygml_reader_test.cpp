// readCityGml on the bundled NRW tiles: exact counts that are facts about the
// files (assets/ATTRIBUTION.md and the data README), semantics, LoD choice and
// bad input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "citygml_test_data.hpp"
#include "places/city/readers.hpp"

using namespace places::city;
using namespace places::city::test;

namespace {

struct Counts {
    std::size_t buildings = 0, parts = 0, other = 0, polygons = 0;
    std::map<SurfaceType, std::size_t> polygonsBySurface;
};

Counts countObjects(const SourceModel& model) {
    Counts c;
    for (const auto& o : model.objects) {
        if (o.kind == ObjectKind::Building) ++c.buildings;
        if (o.kind == ObjectKind::BuildingPart) ++c.parts;
        if (o.kind == ObjectKind::Other) ++c.other;
        c.polygons += o.polygons.size();
        for (const auto& p : o.polygons) ++c.polygonsBySurface[p.surface];
    }
    return c;
}

const SourceObject* findObject(const SourceModel& model, const std::string& id) {
    for (const auto& o : model.objects)
        if (o.id == id) return &o;
    return nullptr;
}

SourceModel readOk(const std::string& path, ReadOptions options = {}) {
    auto result = readCityGml(path, options);
    INFO(result.diagnostics.firstError());
    REQUIRE(result.ok());
    return std::move(*result.value);
}

}  // namespace

TEST_CASE("Erle LoD2 tile: buildings, parts and thematic surfaces", "[citygml]") {
    const SourceModel model = readOk(kErle);
    const Counts c = countObjects(model);
    CHECK(c.buildings == 146);
    CHECK(c.parts == 61);
    CHECK(c.other == 0);
    CHECK(model.surfaces.roof == 249);
    CHECK(model.surfaces.wall == 1476);
    CHECK(model.surfaces.ground == 187);
    CHECK(model.surfaces.closure == 161);
    CHECK(model.crsSource == "urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016");
    CHECK(model.crs == "EPSG:25832+7837");
}

TEST_CASE("xlink-only lod2Solid does not double polygons", "[citygml]") {
    // Thematic polygons in the source (each referenced once more by a solid).
    const std::pair<std::string, std::size_t> tiles[] = {{kErle, 2843}, {kResseSouth, 1592}, {kResseNorth, 1663}};
    for (const auto& [path, thematicPolygons] : tiles) {
        auto result = readCityGml(path, {});
        REQUIRE(result.ok());
        Counts c = countObjects(*result);
        INFO(path);
        CHECK(c.polygons == thematicPolygons);
        CHECK(result->polygons == thematicPolygons);
        // Every polygon came from a thematic surface, none from the solid alone.
        CHECK(c.polygonsBySurface[SurfaceType::Unknown] == 0);
        CHECK(c.polygonsBySurface[SurfaceType::Other] == 0);
        // No two polygons of one object share their corner list.
        for (const auto& o : result->objects) {
            std::set<std::vector<double>> seen;
            for (const auto& p : o.polygons) {
                std::vector<double> key;
                for (const auto& v : p.vertices) key.insert(key.end(), {v.x, v.y, v.z});
                std::sort(key.begin(), key.end());
                CHECK(seen.insert(key).second);
            }
        }
    }
}

TEST_CASE("Resse tiles and the Bielefeld LoD1 tile: building counts", "[citygml]") {
    CHECK(countObjects(readOk(kResseSouth)).buildings == 143);
    CHECK(countObjects(readOk(kResseSouth)).parts == 16);
    CHECK(countObjects(readOk(kResseNorth)).buildings == 121);
    CHECK(countObjects(readOk(kResseNorth)).parts == 14);
    const SourceModel lod1 = readOk(kBielefeld);
    Counts c = countObjects(lod1);
    CHECK(c.buildings == 313);
    CHECK(c.parts == 195);
    // LoD1 solids carry no thematic surfaces.
    CHECK(c.polygonsBySurface[SurfaceType::Unknown] == c.polygons);
    for (const auto& o : lod1.objects)
        if (!o.polygons.empty()) CHECK(o.lodTimes10 == 10);
}

TEST_CASE("object attributes: function, measuredHeight, parts and their parent", "[citygml]") {
    const SourceModel model = readOk(kErle);
    const SourceObject* house = findObject(model, "DENW48AL1000B2Y8");
    REQUIRE(house);
    CHECK(house->kind == ObjectKind::Building);
    CHECK(house->type == "Building");
    CHECK(house->function == "31001_1010");
    CHECK(house->measuredHeight == Approx(8.1));
    CHECK(house->lodTimes10 == 20);
    CHECK(house->polygons.size() == 13);  // 10 walls, 2 roofs, 1 ground

    // ALKIS 51009_*: a structure exported as bldg:Building keeps its code.
    const SourceObject* structure = findObject(model, "DENW48AL10006ZAS");
    REQUIRE(structure);
    CHECK(structure->function == "51009_1610");

    // A building with parts: no own geometry, parts follow it, with its id.
    const SourceObject* parent = findObject(model, "DENW48AL1000B3LK");
    REQUIRE(parent);
    CHECK(parent->polygons.empty());
    CHECK(parent->measuredHeight < 0);
    const auto parentIndex = static_cast<std::size_t>(parent - model.objects.data());
    const SourceObject& part = model.objects[parentIndex + 1];
    CHECK(part.kind == ObjectKind::BuildingPart);
    CHECK(part.id == "UUID_a89ca6c1-e199-47d4-bfd6-ebe79a2ee479");
    CHECK(part.parentId == "DENW48AL1000B3LK");
    CHECK(part.measuredHeight == Approx(9.105));
    CHECK(part.function == "31001_1010");  // inherited from the building
    CHECK_FALSE(part.polygons.empty());

    // Every part's parent precedes it.
    std::set<std::string> before;
    for (const auto& o : model.objects) {
        if (o.kind == ObjectKind::BuildingPart) CHECK(before.count(o.parentId) == 1);
        before.insert(o.id);
    }
}

TEST_CASE("triangulated polygons are valid and face outwards", "[citygml]") {
    const SourceModel model = readOk(kResseSouth);
    std::size_t roofsUp = 0, roofs = 0;
    for (const auto& o : model.objects)
        for (const auto& p : o.polygons) {
            REQUIRE(p.indices.size() % 3 == 0);
            for (auto i : p.indices) REQUIRE(i < p.vertices.size());
            if (p.surface != SurfaceType::Roof) continue;
            glm::dvec3 n(0.0);
            for (std::size_t t = 0; t < p.indices.size(); t += 3) {
                const auto a = p.vertices[p.indices[t]], b = p.vertices[p.indices[t + 1]], c = p.vertices[p.indices[t + 2]];
                n += glm::dvec3((b - a).y * (c - a).z - (b - a).z * (c - a).y, (b - a).z * (c - a).x - (b - a).x * (c - a).z,
                                (b - a).x * (c - a).y - (b - a).y * (c - a).x);
            }
            ++roofs;
            if (n.z > 0) ++roofsUp;  // file CRS: z = height
        }
    CHECK(roofs > 200);
    CHECK(roofsUp == roofs);
}

TEST_CASE("LoD choice", "[citygml]") {
    SECTION("LoD1 requested from an LoD2-only tile: every object skipped and counted") {
        auto result = readCityGml(kResseNorth, {LodChoice::Lod1, true});
        REQUIRE(result.value);
        CHECK(result->objects.empty());
        CHECK(result.diagnostics.counter("skipped: object without geometry at the requested LoD") == 121 + 14);
        // -v listing: one warning per skipped object, naming it.
        std::size_t buildings = 0, parts = 0;
        for (const auto& d : result.diagnostics.items()) {
            if (d.message.find("skipped: object without geometry at the requested LoD: Building ") == 0) ++buildings;
            if (d.message.find("skipped: object without geometry at the requested LoD: BuildingPart ") == 0) ++parts;
        }
        CHECK(buildings == 121);
        CHECK(parts == 14);
    }
    SECTION("LoD2 requested from the LoD2 tile equals auto") {
        CHECK(countObjects(readOk(kResseNorth, {LodChoice::Lod2, false})).polygons == 1663);
    }
    SECTION("LoD1 requested from the LoD1 tile equals auto") {
        CHECK(countObjects(readOk(kBielefeld, {LodChoice::Lod1, false})).buildings == 313);
    }
}

TEST_CASE("libcitygml's per-building complaints about NRW data are counted, not printed", "[citygml]") {
    auto result = readCityGml(kErle, {});
    REQUIRE(result.ok());
    const auto counter = result.diagnostics.counter(
        "libcitygml: Expected start tag <core:externalreference> but got <core:informationsystem>");
    CHECK(counter == 146);
    CHECK(result.diagnostics.warningCount() == 1);  // one warning for the 146 messages
    CHECK(result.diagnostics.items().front().where.line > 0);
}

namespace {

// Bad input must give an error (no value), naming the file and, for XML
// errors, a line; never an exception or a crash.
places::Diagnostic expectError(const std::string& path) {
    places::Result<SourceModel> result;
    REQUIRE_NOTHROW(result = readCityGml(path, {}));
    CHECK_FALSE(result.value);
    REQUIRE(result.diagnostics.hasErrors());
    for (const auto& d : result.diagnostics.items())
        if (d.severity == places::Severity::Error) {
            CHECK(d.where.file == path);
            return d;
        }
    FAIL("no error item");
    return {};
}

}  // namespace

TEST_CASE("bad input: errors name the file and the line", "[citygml][bad-input]") {
    const std::string source = fileBytes(kResseSouth);
    REQUIRE(source.size() > 100000);

    SECTION("truncated in the middle of a building") {
        const auto d = expectError(scratchFile("truncated.gml", source.substr(0, 100000)));
        CHECK(d.where.line > 1000);
        CHECK(d.where.column > 0);
        CHECK(d.message.find("malformed XML") != std::string::npos);
    }
    SECTION("truncated after the last byte of a building") {
        const auto end = source.rfind("</core:cityObjectMember>");
        const auto d = expectError(scratchFile("truncated_end.gml", source.substr(0, end + 24)));
        CHECK(d.where.line > 1000);
    }
    SECTION("empty file") {
        const auto d = expectError(scratchFile("empty.gml", ""));
        CHECK(d.message.find("empty") != std::string::npos);
    }
    SECTION("binary garbage") {
        std::string garbage(4096, '\0');
        for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919u + 13u) % 251u);
        const auto d = expectError(scratchFile("garbage.gml", garbage));
        CHECK(d.where.line >= 1);
        for (char ch : d.message) CHECK((ch >= 0x20 && ch <= 0x7e));
    }
    SECTION("text that is not XML") {
        const auto d = expectError(scratchFile("text.gml", "this is not a city\n"));
        CHECK(d.where.line == 1);
    }
    SECTION("mismatched tags") {
        const auto d = expectError(scratchFile("mismatch.gml", "<?xml version=\"1.0\"?>\n<a>\n  <b></a>\n"));
        CHECK(d.where.line == 3);
    }
    SECTION("well-formed XML without city objects") {
        const auto d = expectError(scratchFile(
            "nothing.gml", "<?xml version=\"1.0\"?>\n<CityModel xmlns=\"http://www.opengis.net/citygml/2.0\"/>\n"));
        CHECK(d.message.find("no city objects") != std::string::npos);
    }
    SECTION("missing file") {
        const auto d = expectError(scratchFile("x", "") + ".does-not-exist.gml");
        CHECK(d.message.find("cannot open") != std::string::npos);
    }
}
