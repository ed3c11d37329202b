// assembleCity on the bundled NRW tiles: merging, the local frame (x = east,
// y = up, z = -north), closure and duplicate handling, CRS resolution.
#include <catch2/catch.hpp>

#include <cmath>
#include <string_view>

#include <glm/geometric.hpp>

#include "citygml_test_data.hpp"
#include "places/city/assemble.hpp"
#include "places/city/crs_transform.hpp"
#include "places/city/readers.hpp"

using namespace places::city;
using namespace places::city::test;

namespace {

SourceModel read(const std::string& path) {
    auto result = readCityGml(path, {});
    REQUIRE(result.ok());
    return std::move(*result.value);
}

City assemble(std::vector<SourceModel> sources, const AssembleOptions& options = {}) {
    places::NullProgress progress;
    auto result = assembleCity(std::move(sources), options, progress);
    INFO(result.diagnostics.firstError());
    REQUIRE(result.ok());
    return std::move(*result.value);
}

std::int32_t indexOf(const City& city, const std::string& id) {
    for (std::size_t i = 0; i < city.buildings.size(); ++i)
        if (city.buildings[i].id == id) return static_cast<std::int32_t>(i);
    return -1;
}

// max y - min y over the triangles of a building and of its parts.
double geometricHeight(const City& city, std::int32_t building) {
    double low = 1e30, high = -1e30;
    for (std::size_t t = 0; t < city.mesh.triangleCount(); ++t) {
        const auto owner = static_cast<std::int32_t>(city.mesh.triangleBuilding[t]);
        if (owner != building && city.buildings[static_cast<std::size_t>(owner)].parent != building) continue;
        for (int k = 0; k < 3; ++k) {
            const double y = city.mesh.positions[city.mesh.indices[3 * t + static_cast<std::size_t>(k)]].y;
            low = std::min(low, y);
            high = std::max(high, y);
        }
    }
    return high - low;
}

struct RecordingProgress final : places::ProgressSink {
    std::uint64_t lastDone = 0, lastTotal = 0;
    bool finishedBuildings = false;
    void update(std::string_view phase, std::uint64_t done, std::uint64_t total) override {
        if (phase == "buildings") lastDone = done, lastTotal = total;
    }
    void finish(std::string_view phase) override { finishedBuildings = finishedBuildings || phase == "buildings"; }
};

}  // namespace

TEST_CASE("the two adjacent Resse tiles make one city", "[assemble]") {
    RecordingProgress progress;
    auto result = assembleCity({read(kResseSouth), read(kResseNorth)}, {}, progress);
    REQUIRE(result.ok());
    const City& city = *result;
    CHECK(city.summary.files == 2);
    CHECK(city.summary.buildings == 143 + 121);
    CHECK(city.summary.parts == 16 + 14);
    CHECK(city.buildings.size() == 143 + 121 + 16 + 14);
    // Closure triangles dropped (24 + 23 closure surfaces); the drawn ones add up to the mesh.
    CHECK(city.summary.surfaces.closure >= 24 + 23);
    const SurfaceCounts& drawn = city.summary.surfaces;
    CHECK(drawn.roof + drawn.wall + drawn.ground + drawn.other + drawn.unknown + drawn.terrain ==
          city.mesh.triangleCount());
    CHECK(city.sources == std::vector<std::string>{"LoD2_32_370_5713_1_NW.gml", "LoD2_32_370_5714_1_NW.gml"});
    CHECK(city.geo.crs == "EPSG:25832");
    CHECK(city.geo.verticalCrs == "EPSG:7837");
    CHECK(progress.lastDone == progress.lastTotal);
    CHECK(progress.finishedBuildings);

    // Closures are read, counted and never drawn.
    const auto closures = result.diagnostics.counter("dropped: closure surface (virtual, not drawn)");
    CHECK(closures > 0);
    CHECK(city.summary.polygons + closures == 1592 + 1663);
    const CityMesh& mesh = city.mesh;
    CHECK(mesh.normals.size() == mesh.positions.size());
    CHECK(mesh.triangleBuilding.size() == mesh.triangleCount());
    CHECK(mesh.triangleSurface.size() == mesh.triangleCount());
    CHECK(city.summary.triangles == mesh.triangleCount());
    for (auto s : mesh.triangleSurface) REQUIRE(s != SurfaceType::Closure);
    for (auto i : mesh.indices) REQUIRE(i < mesh.positions.size());

    // Flat normals: unit length, and roofs face up (+y) in the local frame.
    for (const auto& n : mesh.normals) REQUIRE(std::abs(glm::dot(n, n) - 1.0f) < 1e-4f);
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t)
        if (mesh.triangleSurface[t] == SurfaceType::Roof) REQUIRE(mesh.normals[mesh.indices[3 * t]].y > 0.0f);
}

TEST_CASE("local bounds equal the documented source ranges after rebasing, to the centimetre", "[assemble]") {
    SECTION("one tile, automatic origin: centre of the XY bounds at the lowest height") {
        const City city = assemble({read(kErle)});
        // Source ranges of LoD2_32_365_5713_1_NW.gml (E, N, H; DHHN2016).
        const glm::dvec3 lo{364994.194, 5712996.546, 43.707}, hi{366036.519, 5714005.973, 79.577};
        const glm::dvec3& o = city.geo.origin;
        CHECK(o.x == Approx(0.5 * (lo.x + hi.x)).margin(1e-6));
        CHECK(o.y == Approx(0.5 * (lo.y + hi.y)).margin(1e-6));
        CHECK(o.z == Approx(lo.z).margin(1e-6));
        CHECK(city.bounds.min.x == Approx(lo.x - o.x).margin(0.01));
        CHECK(city.bounds.max.x == Approx(hi.x - o.x).margin(0.01));
        CHECK(city.bounds.min.y == Approx(0.0).margin(0.01));
        CHECK(city.bounds.max.y == Approx(hi.z - lo.z).margin(0.01));
        CHECK(city.bounds.min.z == Approx(-(hi.y - o.y)).margin(0.01));  // z = -north
        CHECK(city.bounds.max.z == Approx(-(lo.y - o.y)).margin(0.01));
        // The float positions themselves, not only the double bounds.
        Bounds mesh;
        for (const auto& p : city.mesh.positions) mesh.add(glm::dvec3(p));
        CHECK(mesh.min.x == Approx(lo.x - o.x).margin(0.01));
        CHECK(mesh.max.z == Approx(-(lo.y - o.y)).margin(0.01));
    }
    SECTION("two tiles, explicit origin") {
        AssembleOptions options;
        options.origin = glm::dvec3(370000.0, 5714000.0, 30.0);
        options.originCrs = "EPSG:25832";
        const City city = assemble({read(kResseSouth), read(kResseNorth)}, options);
        CHECK(city.bounds.min.x == Approx(369996.772 - 370000.0).margin(0.01));
        CHECK(city.bounds.max.x == Approx(370987.374 - 370000.0).margin(0.01));
        CHECK(city.bounds.min.y == Approx(35.320 - 30.0).margin(0.01));
        CHECK(city.bounds.max.y == Approx(126.800 - 30.0).margin(0.01));
        CHECK(city.bounds.min.z == Approx(-(5714917.277 - 5714000.0)).margin(0.01));
        CHECK(city.bounds.max.z == Approx(-(5713006.123 - 5714000.0)).margin(0.01));
    }
}

TEST_CASE("a building's geometric height matches its measuredHeight", "[assemble]") {
    const City city = assemble({read(kErle)});
    const auto house = indexOf(city, "DENW48AL1000B2Y8");
    REQUIRE(house >= 0);
    CHECK(geometricHeight(city, house) == Approx(8.1).margin(0.5));
    CHECK(city.buildings[static_cast<std::size_t>(house)].measuredHeight == Approx(8.1f));

    // Parts carry their own measuredHeight (from their own ground).
    const auto withParts = indexOf(city, "DENW48AL1Co0000D");
    REQUIRE(withParts >= 0);
    std::size_t parts = 0;
    for (std::size_t i = 0; i < city.buildings.size(); ++i)
        if (city.buildings[i].parent == withParts) {
            ++parts;
            CHECK(geometricHeight(city, static_cast<std::int32_t>(i)) ==
                  Approx(city.buildings[i].measuredHeight).margin(0.5));
        }
    CHECK(parts == 6);

    // Every real building (ALKIS 31001_*) with its own geometry agrees. (Some
    // bridges, 53001_*, are recorded with a nominal 1 m.)
    std::size_t checked = 0;
    for (std::size_t i = 0; i < city.buildings.size(); ++i) {
        const auto& b = city.buildings[i];
        if (b.bounds.empty() || b.measuredHeight < 0 || b.function.rfind("31001_", 0) != 0) continue;
        ++checked;
        INFO(b.id);
        CHECK(b.bounds.max.y - b.bounds.min.y == Approx(b.measuredHeight).margin(0.5));
    }
    CHECK(checked > 150);
}

TEST_CASE("objects present in several inputs are kept once", "[assemble]") {
    places::NullProgress progress;
    AssembleOptions options;
    options.listSkipped = true;
    auto result = assembleCity({read(kResseSouth), read(kResseSouth)}, options, progress);
    REQUIRE(result.ok());
    CHECK(result->summary.buildings == 143);
    CHECK(result->summary.parts == 16);
    CHECK(result.diagnostics.counter("dropped: duplicate object (same id in an earlier input)") == 143 + 16);
    CHECK(result.diagnostics.warningCount() >= 143 + 16);
    // Parts keep their parent: the first input's record.
    for (const auto& b : result->buildings)
        if (b.kind == ObjectKind::BuildingPart) {
            REQUIRE(b.parent >= 0);
            CHECK(b.sourceFile == 0);
        }
}

TEST_CASE("inputs in another CRS are transformed into the output CRS", "[assemble]") {
    // Same tile, output once in its own CRS and once in UTM zone 33.
    AssembleOptions zone33;
    zone33.originCrs = "EPSG:25833";
    const City own = assemble({read(kErle)});
    const City other = assemble({read(kErle)}, zone33);
    CHECK(other.geo.crs == "EPSG:25833");
    REQUIRE(own.mesh.positions.size() == other.mesh.positions.size());

    auto toZone33 = CrsTransform::create("EPSG:25832", "EPSG:25833");
    REQUIRE(toZone33.ok());
    for (std::size_t i : {std::size_t{0}, own.mesh.positions.size() / 2, own.mesh.positions.size() - 1}) {
        const glm::dvec3 local(own.mesh.positions[i]);
        std::vector<glm::dvec3> point{{own.geo.origin.x + local.x, own.geo.origin.y - local.z, own.geo.origin.z + local.y}};
        toZone33->transform(point);
        const glm::dvec3 expected{point[0].x - other.geo.origin.x, point[0].z - other.geo.origin.z,
                                  other.geo.origin.y - point[0].y};
        const glm::dvec3 got(other.mesh.positions[i]);
        CHECK(got.x == Approx(expected.x).margin(0.01));
        CHECK(got.y == Approx(expected.y).margin(0.01));
        CHECK(got.z == Approx(expected.z).margin(0.01));
    }
}

TEST_CASE("CRS resolution: missing, unknown and unsuitable CRSs", "[assemble]") {
    places::NullProgress progress;
    SourceModel noCrs = read(kResseNorth);
    noCrs.crs.clear();
    noCrs.crsSource.clear();

    SECTION("no CRS and no fallback: an error that says to pass --crs") {
        auto result = assembleCity({noCrs}, {}, progress);
        CHECK_FALSE(result.value);
        CHECK(result.diagnostics.firstError().find("--crs") != std::string::npos);
        CHECK(result.diagnostics.firstError().find(kResseNorth) != std::string::npos);
    }
    SECTION("no CRS, fallback given: used, with a warning") {
        AssembleOptions options;
        options.fallbackCrs = "EPSG:25832";
        auto result = assembleCity({noCrs}, options, progress);
        REQUIRE(result.ok());
        CHECK(result->geo.crs == "EPSG:25832");
        CHECK(result.diagnostics.warningCount() == 1);
    }
    SECTION("no CRS, local allowed: local metres, with a warning") {
        AssembleOptions options;
        options.allowLocal = true;
        auto result = assembleCity({noCrs}, options, progress);
        REQUIRE(result.ok());
        CHECK(result->geo.crs == "LOCAL");
        CHECK(result->summary.buildings == 121);
        CHECK(result.diagnostics.warningCount() == 1);
    }
    SECTION("local and georeferenced inputs do not mix") {
        AssembleOptions options;
        options.allowLocal = true;
        auto result = assembleCity({read(kResseSouth), noCrs}, options, progress);
        CHECK_FALSE(result.value);
    }
    SECTION("a CRS name nobody understands is named in the error") {
        SourceModel odd = noCrs;
        odd.crsSource = "urn:adv:crs:MARS_GRID";
        auto result = assembleCity({odd}, {}, progress);
        CHECK_FALSE(result.value);
        CHECK(result.diagnostics.firstError().find("MARS_GRID") != std::string::npos);
    }
    SECTION("a geographic output CRS is refused") {
        AssembleOptions options;
        options.originCrs = "EPSG:4326";
        auto result = assembleCity({read(kResseSouth)}, options, progress);
        CHECK_FALSE(result.value);
        CHECK(result.diagnostics.firstError().find("projected") != std::string::npos);
    }
    SECTION("a bad --crs is refused") {
        AssembleOptions options;
        options.fallbackCrs = "EPSG:0";
        auto result = assembleCity({noCrs}, options, progress);
        CHECK_FALSE(result.value);
    }
}

TEST_CASE("degenerate and non-planar polygons: skipped or salvaged, and counted", "[assemble]") {
    SourceModel model;
    model.path = "synthetic.gml";
    // Local metres: corners near (0, 0) lie outside any UTM zone's area of use.
    model.crs = "";
    SourceObject& object = model.objects.emplace_back();
    object.id += 'b';  // not = "b": GCC 12 -Wrestrict false positive (common.md)
    // A flat square with one zero-area triangle (collinear corners) added.
    object.polygons.push_back({SurfaceType::Roof,
                               {{0, 0, 10}, {4, 0, 10}, {4, 4, 10}, {0, 4, 10}, {2, 0, 10}},
                               {0, 1, 2, 0, 2, 3, 0, 4, 1}});
    // All corners on one line: nothing to draw.
    object.polygons.push_back({SurfaceType::Wall, {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}}, {0, 1, 2}});
    // A warped quad: one corner 0.5 m above the plane of the others.
    object.polygons.push_back({SurfaceType::Roof, {{0, 0, 20}, {4, 0, 20}, {4, 4, 20.5}, {0, 4, 20}}, {0, 1, 2, 0, 2, 3}});
    places::NullProgress progress;
    AssembleOptions options;
    options.origin = glm::dvec3(0.0);
    options.allowLocal = true;
    auto result = assembleCity({model}, options, progress);
    REQUIRE(result.ok());
    const auto& d = result.diagnostics;
    CHECK(d.counter("salvaged: zero-area triangles removed from a polygon") == 1);
    CHECK(d.counter("skipped: degenerate polygon (zero area)") == 1);
    CHECK(d.counter("salvaged: non-planar polygon (> 1 cm off its plane), shaded per triangle") == 1);
    CHECK(result->summary.polygons == 2);
    CHECK(result->mesh.triangleCount() == 2 + 2);
    // The flat square: its corners in the local frame (x = E, y = H, z = -N).
    CHECK(result->mesh.positions[2].x == 4.0f);
    CHECK(result->mesh.positions[2].y == 10.0f);
    CHECK(result->mesh.positions[2].z == -4.0f);
    CHECK(result->mesh.normals[0].y == Approx(1.0f));
}

TEST_CASE("the objects meshed on 1 and 3 threads give the same City and messages", "[assemble]") {
    // Two tiles and the first again: duplicates in every share of the third
    // input, closures and parts throughout, every message listed.
    const std::vector<SourceModel> sources{read(kResseSouth), read(kResseNorth), read(kResseSouth)};
    places::NullProgress progress;
    AssembleOptions options;
    options.listSkipped = true;
    options.threads = 1;
    auto one = assembleCity(sources, options, progress);
    options.threads = 3;
    auto three = assembleCity(sources, options, progress);
    REQUIRE(one.ok());
    REQUIRE(three.ok());
    const City &a = *one, &b = *three;
    CHECK(a.mesh.positions == b.mesh.positions);
    CHECK(a.mesh.normals == b.mesh.normals);
    CHECK(a.mesh.indices == b.mesh.indices);
    CHECK(a.mesh.triangleBuilding == b.mesh.triangleBuilding);
    CHECK(a.mesh.triangleSurface == b.mesh.triangleSurface);
    REQUIRE(a.buildings.size() == b.buildings.size());
    for (std::size_t i = 0; i < a.buildings.size(); ++i) {
        INFO(a.buildings[i].id);
        CHECK(a.buildings[i].id == b.buildings[i].id);
        CHECK(a.buildings[i].parent == b.buildings[i].parent);
        CHECK(a.buildings[i].bounds.min == b.buildings[i].bounds.min);
        CHECK(a.buildings[i].bounds.max == b.buildings[i].bounds.max);
    }
    CHECK(a.bounds.min == b.bounds.min);
    CHECK(a.bounds.max == b.bounds.max);
    CHECK(a.summary.polygons == b.summary.polygons);
    CHECK(a.summary.surfaces.closure == b.summary.surfaces.closure);
    CHECK(a.summary.surfaces.roof == b.summary.surfaces.roof);
    CHECK(a.summary.surfaces.wall == b.summary.surfaces.wall);
    CHECK(a.terrainIntersection == b.terrainIntersection);
    CHECK(one.diagnostics.counter("dropped: duplicate object (same id in an earlier input)") == 143 + 16);
    CHECK(one.diagnostics.counters() == three.diagnostics.counters());
    REQUIRE(one.diagnostics.items().size() == three.diagnostics.items().size());
    for (std::size_t i = 0; i < one.diagnostics.items().size(); ++i)
        CHECK(one.diagnostics.items()[i].format() == three.diagnostics.items()[i].format());
}
