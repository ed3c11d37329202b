// Terrain (issue #13): relief read as terrain from CityJSON and CityGML, ground
// derived under buildings where the input has none, ground height queries,
// CityJSON parts before their parents, surface counts that add up.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "delaunay.hpp"
#include "places/city/assemble.hpp"
#include "places/city/ground.hpp"
#include "places/city/import.hpp"
#include "places/city/local_frame.hpp"
#include "places/city/pack.hpp"
#include "places/city/pack_tile_set.hpp"
#include "places/city/readers.hpp"
#include "citygml_test_data.hpp"
#include "run_places.hpp"
#include "synthetic_city.hpp"

using namespace places::city;
using test::Run;
using test::runPlaces;
using test::cityGml;

namespace {

std::string testData(const char* name) { return std::string(PLACES_SOURCE_DIR) + "/tests/city/data/" + name; }

ImportReport importTo(const std::vector<std::string>& inputs, const std::string& output, bool derive = true) {
    ImportRequest request;
    request.inputs = inputs;
    request.output = output;
    request.ground.derive = derive;
    places::NullProgress progress;
    return runImportPipeline(request, progress);
}

struct PackCity {
    PackReader reader;
    TileSet tiles;
};

PackCity openPack(const std::string& path) {
    auto reader = PackReader::open(path);
    INFO(reader.diagnostics.firstError());
    REQUIRE(reader.ok());
    auto tiles = tileSetFromPack(*reader);
    INFO(tiles.diagnostics.firstError());
    REQUIRE(tiles.ok());
    return {std::move(*reader.value), std::move(*tiles.value)};
}

std::uint32_t rootOf(const PackReader& pack, std::uint32_t b) {
    for (std::size_t steps = 0; steps < pack.buildingCount(); ++steps) {
        const auto parent = pack.building(b).parent;
        if (parent < 0) break;
        b = static_cast<std::uint32_t>(parent);
    }
    return b;
}

// Per top-level building: how far its lowest ground point is from the ground
// (NaN when the ground misses it). The lowest ground point: the corners of its
// ground surfaces (of all its triangles when it has none) within 1 cm of their
// lowest; a flat footprint has several, and a corner shared with a lower
// neighbour lies on the neighbour's ground, so the building stands on the
// ground where its best one does.
std::vector<double> offsets(const PackCity& city) {
    const GroundHeights ground = GroundHeights::fromTileSet(city.tiles);
    struct Corner {
        std::uint32_t root;
        bool onGroundSurface;
        glm::dvec3 p;
    };
    std::vector<Corner> corners;
    std::map<std::uint32_t, bool> hasGround;
    for (const Tile& tile : city.tiles.tiles) {
        if (!tile.leaf()) continue;
        const TileLevel& level = tile.levels.front();
        for (std::size_t t = 0; t < level.triangleCount(); ++t) {
            if (level.triangleSurface[t] == SurfaceType::Terrain) continue;
            const std::uint32_t root = rootOf(city.reader, level.triangleBuilding[t]);
            const bool groundSurface = level.triangleSurface[t] == SurfaceType::Ground;
            hasGround[root] = hasGround[root] || groundSurface;
            for (std::size_t i = 0; i < 3; ++i)
                corners.push_back({root, groundSurface, tile.centre + glm::dvec3(level.positions[level.indices[3 * t + i]])});
        }
    }
    std::map<std::uint32_t, double> lowest;
    for (const Corner& c : corners) {
        if (hasGround[c.root] && !c.onGroundSurface) continue;
        auto [it, inserted] = lowest.try_emplace(c.root, c.p.y);
        if (!inserted) it->second = std::min(it->second, c.p.y);
    }
    std::map<std::uint32_t, double> best;
    for (const Corner& c : corners) {
        if ((hasGround[c.root] && !c.onGroundSurface) || c.p.y > lowest[c.root] + 0.01) continue;
        const auto h = ground.heightAt(c.p.x, c.p.z);
        const double d = h ? std::abs(*h - c.p.y) : std::numeric_limits<double>::infinity();
        auto [it, inserted] = best.try_emplace(c.root, d);
        if (!inserted) it->second = std::min(it->second, d);
    }
    std::vector<double> out;
    for (const auto& [root, d] : best) out.push_back(std::isfinite(d) ? d : std::nan(""));
    return out;
}

std::size_t farFromGround(const std::vector<double>& offsets, double limit) {
    return static_cast<std::size_t>(
        std::count_if(offsets.begin(), offsets.end(), [&](double d) { return !(d <= limit); }));
}

std::uint64_t terrainTriangles(const TileSet& tiles) {
    std::uint64_t n = 0;
    for (const Tile& tile : tiles.tiles)
        if (tile.leaf())
            for (SurfaceType s : tile.levels.front().triangleSurface) n += s == SurfaceType::Terrain;
    return n;
}

}  // namespace

TEST_CASE("Delaunay: counter-clockwise triangles with empty circumcircles covering the hull", "[terrain]") {
    std::mt19937 rng(13);
    std::uniform_real_distribution<double> coord(0.0, 100.0);
    std::vector<glm::dvec2> points;
    for (int i = 0; i < 300; ++i) points.emplace_back(coord(rng), coord(rng));
    // A rectangular footprint: four cocircular corners.
    for (const glm::dvec2 c : {glm::dvec2(40, 40), glm::dvec2(50, 40), glm::dvec2(50, 46), glm::dvec2(40, 46)})
        points.push_back(c);
    points.push_back(points.front());  // a duplicate adds nothing
    const auto triangles = places::city::detail::delaunay(points);
    double area = 0.0;
    std::size_t violations = 0;
    for (const auto& t : triangles) {
        const glm::dvec2 &a = points[t[0]], &b = points[t[1]], &c = points[t[2]];
        const double twice = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
        CHECK(twice > 0.0);
        area += 0.5 * twice;
        for (std::size_t k = 0; k + 1 < points.size(); ++k) {
            const glm::dvec2& d = points[k];
            const double ax = a.x - d.x, ay = a.y - d.y, bx = b.x - d.x, by = b.y - d.y, cx = c.x - d.x, cy = c.y - d.y;
            const double det = (ax * ax + ay * ay) * (bx * cy - cx * by) - (bx * bx + by * by) * (ax * cy - cx * ay) +
                               (cx * cx + cy * cy) * (ax * by - bx * ay);
            violations += det > 1e-6;
        }
    }
    CHECK(violations == 0);
    // Euler: 2n - 2 - h triangles; their area is the convex hull's (within 1 %: the hull of 300 random points).
    CHECK(triangles.size() > 2 * 304 - 2 - 40);
    CHECK(area > 0.9 * 100.0 * 100.0);
    CHECK(area <= 100.0 * 100.0);
}

TEST_CASE("CityJSON TINRelief imports as terrain, and parts before their parent keep it", "[terrain][import]") {
    auto model = readCityFile(testData("terrain_parts_first.city.json"), {});
    INFO(model.diagnostics.firstError());
    REQUIRE(model.value);
    const auto relief = std::find_if(model.value->objects.begin(), model.value->objects.end(),
                                     [](const SourceObject& o) { return o.id == "relief-1"; });
    REQUIRE(relief != model.value->objects.end());
    CHECK(relief->kind == ObjectKind::Terrain);
    CHECK(relief->polygons.size() == 32);
    for (const auto& polygon : relief->polygons) CHECK(polygon.surface == SurfaceType::Terrain);

    const std::string pack = test::tempPath("terrain_cityjson.places");
    const ImportReport report = importTo({testData("terrain_parts_first.city.json")}, pack);
    INFO(report.diagnostics.firstError());
    REQUIRE(report.ok);
    CHECK(report.ground.relief);
    CHECK_FALSE(report.ground.derived);
    CHECK(report.summary.buildings == 2);  // bldg-1 (with 2 parts) and bldg-2; the relief is not a building
    CHECK(report.summary.parts == 2);
    // The 100 m relief around the auto origin covers four 250 m leaf cells: four pieces.
    CHECK(report.summary.terrainObjects == 4);
    CHECK(report.summary.surfaces.terrain == 32);
    // The parts came first in the file and still found their building.
    CHECK(report.diagnostics.counters().count("kept: part whose parent object is missing (drawn as a building)") == 0);
    // Surface counts add up to the triangles; bldg-2's roof has no semantics: unknown.
    const SurfaceCounts& s = report.summary.surfaces;
    CHECK(s.roof + s.wall + s.ground + s.other + s.unknown + s.terrain == report.summary.triangles);
    CHECK(s.unknown == 2);

    const PackCity city = openPack(pack);
    std::map<std::string, std::uint32_t> index;
    for (std::uint32_t i = 0; i < city.reader.buildingCount(); ++i) index[std::string(city.reader.building(i).id)] = i;
    REQUIRE(index.count("bldg-1") == 1);
    CHECK(city.reader.building(index["part-1"]).parent == std::int32_t(index["bldg-1"]));
    CHECK(city.reader.building(index["part-2"]).parent == std::int32_t(index["bldg-1"]));
    std::size_t pieces = 0;
    for (const auto& [id, i] : index)
        if (id.rfind("relief-1", 0) == 0) {
            ++pieces;
            CHECK(city.reader.building(i).kind == ObjectKind::Terrain);
            CHECK(city.reader.building(i).parent == -1);
        }
    CHECK(pieces == 4);
    CHECK(terrainTriangles(city.tiles) == 32);
    // A building and its parts lie in one leaf.
    std::set<std::size_t> leavesOfBldg1;
    for (std::size_t t = 0; t < city.tiles.tiles.size(); ++t) {
        const Tile& tile = city.tiles.tiles[t];
        if (!tile.leaf()) continue;
        for (std::uint32_t b : tile.levels.front().triangleBuilding)
            if (b == index["part-1"] || b == index["part-2"]) leavesOfBldg1.insert(t);
    }
    CHECK(leavesOfBldg1.size() == 1);
    // Every building stands on the relief (its plane h = 1 + 0.02 x under each footprint).
    const auto d = offsets(city);
    CHECK(d.size() == 2);
    CHECK(farFromGround(d, 0.5) == 0);

    // `places info` agrees with the summary and the header's counts with the triangles.
    const Run info = runPlaces("info --json " + pack);
    INFO(info.output);
    REQUIRE(info.exitCode == 0);
    const auto j = nlohmann::json::parse(info.output);
    CHECK(j["buildings"] == 2);
    CHECK(j["parts"] == 2);
    CHECK(j["terrainObjects"] == 4);
    CHECK(j["import"]["buildings"] == 2);
    CHECK(j["import"]["surfaces"]["unknown"] == 2);
    CHECK(j["import"]["surfaces"]["terrain"] == 32);
    CHECK(j["import"]["triangles"] == j["triangles"]);
}

TEST_CASE("CityGML dem:ReliefFeature imports as terrain and answers ground heights", "[terrain][import]") {
    auto model = readCityFile(testData("terrain_relief.gml"), {});
    INFO(model.diagnostics.firstError());
    REQUIRE(model.value);
    std::size_t terrainObjects = 0, terrainPolygons = 0;
    for (const auto& o : model.value->objects) {
        if (o.kind != ObjectKind::Terrain) continue;
        ++terrainObjects;
        for (const auto& polygon : o.polygons) terrainPolygons += polygon.surface == SurfaceType::Terrain;
    }
    CHECK(terrainObjects == 1);
    CHECK(terrainPolygons == 50);

    const std::string pack = test::tempPath("terrain_citygml.places");
    const ImportReport report = importTo({testData("terrain_relief.gml")}, pack);
    INFO(report.diagnostics.firstError());
    REQUIRE(report.ok);
    CHECK(report.ground.relief);
    CHECK(report.summary.buildings == 1);
    CHECK(report.summary.terrainObjects >= 1);
    const PackCity city = openPack(pack);
    CHECK(terrainTriangles(city.tiles) == 50);
    CHECK(farFromGround(offsets(city), 0.5) == 0);

    // The query on the command line: the plane h = 50 + 0.05 (E - 365000).
    const Run at = runPlaces("info --json --ground 365030,5713070 " + pack);
    INFO(at.output);
    REQUIRE(at.exitCode == 0);
    CHECK(nlohmann::json::parse(at.output)["height"].get<double>() == Approx(51.5).margin(0.01));
    const Run outside = runPlaces("info --ground 366000,5713070 " + pack);
    CHECK(outside.exitCode == 2);
    CHECK_THAT(outside.output, Catch::Contains("outside the terrain"));
    CHECK(runPlaces("info --ground 365030 " + pack).exitCode == 2);
}

TEST_CASE("terrain intersection points: the derived ground runs through them", "[terrain][import]") {
    // One building on a slope: ground surface flat at 52 m, its terrain
    // intersection from 52.0 m (west wall) to 53.2 m (east wall).
    // Debian 12's libcitygml 2.3 hands lodXTerrainIntersection over as
    // geometries without their line strings (tests/city/data/
    // terrain_intersection.gml has one, and the reader finds no points), so
    // the curve is given here as the reader would give it.
    auto model = readCityFile(testData("terrain_intersection.gml"), {});
    INFO(model.diagnostics.firstError());
    REQUIRE(model.value);
    REQUIRE(model.value->objects.size() == 1);
    CHECK(model.value->objects.front().terrainIntersection.empty());  // the library's limit (see above)
    const auto h = [](double e) { return 52.0 + 1.2 * (e - 365040.0) / 12.0; };
    std::vector<glm::dvec3> curve;
    for (const glm::dvec2 p : {glm::dvec2(365040, 5713040), glm::dvec2(365046, 5713040), glm::dvec2(365052, 5713040),
                               glm::dvec2(365052, 5713045), glm::dvec2(365052, 5713050), glm::dvec2(365046, 5713050),
                               glm::dvec2(365040, 5713050), glm::dvec2(365040, 5713045)})
        curve.emplace_back(p.x, p.y, h(p.x));
    curve.emplace_back(365046.0, 5713045.0, 61.0);  // not ground: the building's upper half
    model.value->objects.front().terrainIntersection = curve;
    places::NullProgress progress;
    std::vector<SourceModel> sources;
    sources.push_back(std::move(*model.value));
    auto city = assembleCity(std::move(sources), {}, progress);
    INFO(city.diagnostics.firstError());
    REQUIRE(city.value);
    REQUIRE(city.value->terrainIntersection.size() == 9);
    city.value->terrainIntersection.pop_back();  // the reader's height filter drops such points
    const GroundReport report = deriveGround(*city.value, 250.0, {});
    CHECK(report.derived);
    CHECK(report.intersectionPoints == 8);
    const GroundHeights ground = GroundHeights::fromCity(*city.value);
    const glm::dvec3 origin = city.value->geo.origin;
    const auto heightAt = [&](double e, double n) {
        const glm::dvec3 local = toLocal({e, n, 0.0}, origin);
        const auto y = ground.heightAt(local.x, local.z);
        REQUIRE(y);
        return *y + origin.z;
    };
    // On the curve: west wall 52.0, middle of the south wall 52.6, east wall
    // 53.2 (the footprint corners alone give 52.0 everywhere).
    CHECK(heightAt(365040.0, 5713045.0) == Approx(52.0).margin(0.05));
    CHECK(heightAt(365046.0, 5713040.0) == Approx(52.6).margin(0.05));
    CHECK(heightAt(365052.0, 5713045.0) == Approx(53.2).margin(0.05));
    CHECK(heightAt(365052.0, 5713050.0) == Approx(53.2).margin(0.05));
}

// Open land stays open: two neighbourhoods 200 m apart (no edge between them
// is longer than the 250 m limit) get ground each, and none across the gap,
// where the triangulation's wide triangles have circumcircles far over 60 m;
// inside a neighbourhood (houses 40 m apart) every yard and street is ground.
TEST_CASE("derived ground leaves out the open land between neighbourhoods, not the streets inside one",
          "[terrain]") {
    test::SyntheticOptions west;
    west.columns = 4;
    west.rows = 4;
    City city = test::makeSyntheticCity(west);
    test::SyntheticOptions east = west;
    east.offset.x += 3 * west.spacing + 200.0;  // its first column 200 m east of the other's last
    City other = test::makeSyntheticCity(east);
    // One city of both: the second's vertices, triangles and records appended.
    const auto base = static_cast<std::uint32_t>(city.mesh.positions.size());
    const auto records = static_cast<std::uint32_t>(city.buildings.size());
    city.mesh.positions.insert(city.mesh.positions.end(), other.mesh.positions.begin(), other.mesh.positions.end());
    city.mesh.normals.insert(city.mesh.normals.end(), other.mesh.normals.begin(), other.mesh.normals.end());
    for (std::uint32_t i : other.mesh.indices) city.mesh.indices.push_back(base + i);
    for (std::uint32_t b : other.mesh.triangleBuilding) city.mesh.triangleBuilding.push_back(records + b);
    city.mesh.triangleSurface.insert(city.mesh.triangleSurface.end(), other.mesh.triangleSurface.begin(),
                                     other.mesh.triangleSurface.end());
    for (BuildingRecord b : other.buildings) {
        if (b.parent >= 0) b.parent += static_cast<std::int32_t>(records);
        city.buildings.push_back(std::move(b));
    }
    city.bounds.add(other.bounds);
    const double westEdge = west.offset.x, eastEdge = west.offset.x + 3 * west.spacing;
    const double gapMiddle = eastEdge + 100.0, z = west.offset.z + 1.5 * west.spacing;

    SECTION("the default: two pieces of ground") {
        City c = city;
        const GroundReport report = deriveGround(c, 250.0, {});
        REQUIRE(report.derived);
        CHECK(report.openLand > 0);
        const GroundHeights ground = GroundHeights::fromCity(c);
        CHECK_FALSE(ground.heightAt(gapMiddle, z));  // the gap stays open
        CHECK_FALSE(ground.heightAt(gapMiddle - 60.0, z));
        CHECK_FALSE(ground.heightAt(gapMiddle + 60.0, z));
        // Between the houses of each neighbourhood, a 3 x 3 sample of the yards
        // between the house centres: all ground.
        for (double shift : {0.0, 3 * west.spacing + 200.0})
            for (int i = 0; i < 3; ++i)
                for (int j = 0; j < 3; ++j) {
                    const double x = westEdge + shift + (i + 0.5) * west.spacing;
                    const double zz = west.offset.z + (j + 0.5) * west.spacing;
                    INFO("x " << x << ", z " << zz);
                    CHECK(ground.heightAt(x, zz));
                }
    }
    SECTION("without the circumradius limit the triangulation bridges the gap") {
        City c = city;
        GroundOptions options;
        options.maxCircumradius = 1e9;
        deriveGround(c, 250.0, options);
        CHECK(GroundHeights::fromCity(c).heightAt(gapMiddle, z));
    }
}

TEST_CASE("places import derives ground under the Gelsenkirchen LoD2 tiles: every building stands on it",
          "[terrain][import]") {
    const std::string pack = test::tempPath("terrain_gelsenkirchen.places");
    const Run run = runPlaces("import -q " + cityGml("LoD2_32_365_5713_1_NW.gml") + " " +
                              cityGml("LoD2_32_370_5713_1_NW.gml") + " " + cityGml("LoD2_32_370_5714_1_NW.gml") +
                              " -o " + pack);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const PackCity city = openPack(pack);
    // The real command's pack (through the import plugin) holds the derived ground.
    CHECK(city.reader.summary().import.terrainObjects > 0);
    CHECK(terrainTriangles(city.tiles) == city.reader.summary().import.surfaces.terrain);
    CHECK(terrainTriangles(city.tiles) > 1000);
    const auto d = offsets(city);
    CHECK(d.size() == 410);
    CHECK(farFromGround(d, 0.5) == 0);
    CHECK(*std::max_element(d.begin(), d.end()) < 0.5);

    // Ground surfaces of buildings lie on the ground at their corners.
    const GroundHeights ground = GroundHeights::fromTileSet(city.tiles);
    std::size_t checked = 0, off = 0;
    for (const Tile& tile : city.tiles.tiles) {
        if (!tile.leaf()) continue;
        const TileLevel& level = tile.levels.front();
        for (std::size_t t = 0; t < level.triangleCount(); t += 7) {
            if (level.triangleSurface[t] != SurfaceType::Ground) continue;
            const glm::dvec3 p = tile.centre + glm::dvec3(level.positions[level.indices[3 * t]]);
            const auto h = ground.heightAt(p.x, p.z);
            ++checked;
            off += !h || std::abs(*h - p.y) > 0.5;
        }
    }
    CHECK(checked > 100);
    // A corner shared with a neighbour whose ground is lower lies on the
    // neighbour's ground (the lower one is kept): a few per cent.
    CHECK(off * 100 <= 3 * checked);

    // `--no-ground` leaves it out.
    const std::string bare = test::tempPath("terrain_gelsenkirchen_bare.places");
    REQUIRE(runPlaces("import -q --no-ground " + cityGml("LoD2_32_370_5714_1_NW.gml") + " -o " + bare).exitCode == 0);
    CHECK(openPack(bare).reader.summary().import.terrainObjects == 0);
}

TEST_CASE("the glTF export carries terrain as its own node", "[terrain][glb]") {
    const std::string glb = test::tempPath("terrain.glb");
    ImportRequest request;
    request.inputs = {testData("terrain_parts_first.city.json")};
    request.glb = glb;
    places::NullProgress progress;
    const ImportReport report = runImportPipeline(request, progress);
    REQUIRE(report.ok);
    std::ifstream in(glb, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 20);
    std::uint32_t jsonLength = 0;
    std::memcpy(&jsonLength, bytes.data() + 12, 4);
    const auto gltf = nlohmann::json::parse(std::string(bytes.data() + 20, jsonLength));
    bool found = false;
    for (const auto& node : gltf["nodes"])
        if (node["name"] == "terrain") {
            found = true;
            CHECK(node["extras"]["kind"] == "terrain");
            CHECK(gltf["meshes"][node["mesh"].get<std::size_t>()]["name"] == "terrain");
        }
    CHECK(found);
    CHECK(gltf["scenes"][0]["nodes"].size() == 2);
}
