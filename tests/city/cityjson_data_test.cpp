// The CityJSON reader on the bundled real files. Expected numbers come from
// assets' data notes (assets/city/cityjson, see /README of the shared data):
// object counts, semantic surface counts, coordinate ranges.
#include "places/city/readers.hpp"

#include <catch2/catch.hpp>

#include <glm/common.hpp>

#include <set>
#include <string>

using namespace places::city;

namespace {

std::string cityjsonPath(const char* name) { return std::string(PLACES_ASSETS_DIR) + "/city/cityjson/" + name; }

struct Box {
    glm::dvec3 min{1e300}, max{-1e300};
};

Box bounds(const SourceModel& model) {
    Box box;
    for (const auto& object : model.objects)
        for (const auto& polygon : object.polygons)
            for (const auto& v : polygon.vertices) {
                box.min = glm::min(box.min, v);
                box.max = glm::max(box.max, v);
            }
    return box;
}

std::size_t countKind(const SourceModel& model, ObjectKind kind) {
    std::size_t n = 0;
    for (const auto& object : model.objects) n += object.kind == kind ? 1 : 0;
    return n;
}

std::uint64_t countersWithPrefix(const places::Diagnostics& d, const std::string& prefix) {
    std::uint64_t n = 0;
    for (const auto& [reason, count] : d.counters()) n += reason.rfind(prefix, 0) == 0 ? count : 0;
    return n;
}

void checkBounds(const SourceModel& model, glm::dvec3 min, glm::dvec3 max) {
    const Box box = bounds(model);
    for (int i = 0; i < 3; ++i) {
        CHECK(box.min[i] == Approx(min[i]).margin(0.01));
        CHECK(box.max[i] == Approx(max[i]).margin(0.01));
    }
}

}  // namespace

TEST_CASE("cityjson: Delfshaven (2.0, MultiSurface, textures missing)", "[cityjson][data]") {
    const auto result = readCityJson(cityjsonPath("3-20-DELFSHAVEN.city.json"), {});
    INFO(result.diagnostics.firstError());
    REQUIRE(result.ok());  // the 148 absent texture images do not matter
    const SourceModel& model = *result;
    CHECK(model.objects.size() == 853);
    CHECK(countKind(model, ObjectKind::Building) == 853);
    CHECK(model.crs == "EPSG:28992");
    CHECK(model.crsSource == "https://www.opengis.net/def/crs/EPSG/0/28992");
    CHECK(model.polygons == 15482);
    // Every geometry has exactly one Roof, Wall and Ground semantic object.
    CHECK(model.surfaces.roof == 853);
    CHECK(model.surfaces.wall == 853);
    CHECK(model.surfaces.ground == 853);
    // Every polygon is kept or counted: nothing disappears silently.
    const auto kept = model.polygonSurfaces.roof + model.polygonSurfaces.wall + model.polygonSurfaces.ground +
                      model.polygonSurfaces.unknown + model.polygonSurfaces.other;
    CHECK(kept + countersWithPrefix(result.diagnostics, "skipped polygon: ") == model.polygons);
    // 633 surfaces of this (validator test) file repeat vertices so that fewer than 3 distinct remain.
    CHECK(result.diagnostics.counter("skipped polygon: fewer than 3 distinct points") == 633);
    for (const auto& object : model.objects) CHECK(object.lodTimes10 == 20);
    checkBounds(model, {90409.320, 435440.440, 0.000}, {91453.879, 436089.946, 41.158});
}

TEST_CASE("cityjson: Zürich (1.1, parents/children)", "[cityjson][data]") {
    const auto result = readCityJson(cityjsonPath("zurich_subset_lod2.city.json"), {});
    INFO(result.diagnostics.firstError());
    REQUIRE(result.ok());
    const SourceModel& model = *result;
    CHECK(countKind(model, ObjectKind::Building) == 49);
    CHECK(countKind(model, ObjectKind::BuildingPart) == 161);
    CHECK(model.crs == "EPSG:2056");
    CHECK(model.surfaces.wall == 1340);
    CHECK(model.surfaces.roof == 644);
    CHECK(model.surfaces.ground == 54);
    CHECK(model.polygons == 2039);
    std::set<std::string> buildings;
    for (const auto& object : model.objects)
        if (object.kind == ObjectKind::Building) {
            buildings.insert(object.id);
            CHECK(object.polygons.empty());  // geometry lives on the parts
            CHECK(object.parentId.empty());
        }
    for (const auto& object : model.objects)
        if (object.kind == ObjectKind::BuildingPart) {
            CHECK(buildings.count(object.parentId) == 1);
            CHECK_FALSE(object.polygons.empty());
        }
    checkBounds(model, {2678219.194, 1243078.725, 395.786}, {2687404.734, 1253037.770, 620.905});
}

TEST_CASE("cityjson: 3D BAG multi-LoD picks the LoD asked for", "[cityjson][data]") {
    const auto path = cityjsonPath("3dbag_multi_lod.city.json");
    const auto automatic = readCityJson(path, {LodChoice::Auto, false});
    const auto lod1 = readCityJson(path, {LodChoice::Lod1, false});
    const auto lod2 = readCityJson(path, {LodChoice::Lod2, false});
    REQUIRE(automatic.ok());
    REQUIRE(lod1.ok());
    REQUIRE(lod2.ok());
    CHECK(countKind(*automatic, ObjectKind::Building) == 10);
    for (const auto& object : automatic->objects) CHECK(object.lodTimes10 == 22);
    for (const auto& object : lod2->objects) CHECK(object.lodTimes10 == 22);
    // LoD1 offers 1.2 and 1.3: the highest within LoD1 wins.
    for (const auto& object : lod1->objects) CHECK(object.lodTimes10 == 13);
    // No CRS in this file: left to the assembly step (it needs --crs), no diagnostic here.
    CHECK(automatic->crs.empty());
    CHECK(automatic->crsSource.empty());
    CHECK(automatic.diagnostics.items().empty());
    // The 3D BAG stores triangles: one triangle per surface, in every LoD.
    CHECK(automatic->triangles == automatic->polygons);
    CHECK(lod1->triangles == lod1->polygons);
    CHECK(lod1->triangles < automatic->triangles);
    checkBounds(*automatic, {153301.400, 414163.473, 4.208}, {153776.283, 414688.436, 13.987});
}
