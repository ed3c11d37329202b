// City -> tiles -> pack -> reader gives back exactly what was written.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <glm/geometric.hpp>

#include "pack_test_support.hpp"
#include "places/city/assemble.hpp"
#include "places/city/ground.hpp"
#include "places/city/readers.hpp"
#include "triangle_match.hpp"

using namespace places::city;

namespace {

void requireSameLevel(const TileLevel& expected, const TileLevel& got) {
    REQUIRE(got.kind == expected.kind);
    REQUIRE(got.geometricError == expected.geometricError);
    REQUIRE(got.positions.size() == expected.positions.size());
    REQUIRE(got.indices == expected.indices);
    REQUIRE(got.triangleBuilding == expected.triangleBuilding);
    REQUIRE(got.triangleSurface == expected.triangleSurface);
    for (std::size_t v = 0; v < expected.positions.size(); ++v) {
        // Positions are stored as the float they are: bit-identical.
        REQUIRE(std::memcmp(&got.positions[v], &expected.positions[v], sizeof(glm::vec3)) == 0);
        // Normals are octahedral snorm16: within ~1e-4 rad.
        REQUIRE(glm::dot(got.normals[v], expected.normals[v]) > 0.9999f);
    }
}

void requireSamePack(const PackReader& reader, const test::PackedCity& p) {
    const PackSummary& s = reader.summary();
    CHECK(s.geo.crs == p.city.geo.crs);
    CHECK(s.geo.verticalCrs == p.city.geo.verticalCrs);
    CHECK(s.geo.origin == p.city.geo.origin);
    CHECK(s.bounds.min == p.city.bounds.min);
    CHECK(s.bounds.max == p.city.bounds.max);
    CHECK(s.tileSize == p.tiles.tileSize);
    CHECK(s.quadtreeDepth == p.tiles.depth);
    CHECK(s.gridOrigin == p.tiles.gridOrigin);
    CHECK(s.sources == p.city.sources);
    CHECK(s.import.buildings == p.city.summary.buildings);
    CHECK(s.import.parts == p.city.summary.parts);
    CHECK(s.import.polygons == p.city.summary.polygons);
    CHECK(s.import.triangles == p.city.summary.triangles);
    CHECK(s.import.surfaces.roof == p.city.summary.surfaces.roof);
    CHECK(s.import.surfaces.wall == p.city.summary.surfaces.wall);
    CHECK(s.import.surfaces.ground == p.city.summary.surfaces.ground);
    REQUIRE(s.skipped.size() == 2);
    CHECK(s.skipped[0] == std::pair<std::string, std::uint64_t>{"salvaged: non-planar polygon", 2});
    CHECK(s.skipped[1] == std::pair<std::string, std::uint64_t>{"skipped: degenerate polygon", 3});

    REQUIRE(reader.buildingCount() == p.city.buildings.size());
    for (std::size_t i = 0; i < p.city.buildings.size(); ++i) {
        const BuildingRecord& e = p.city.buildings[i];
        const PackBuilding b = reader.building(i);
        CHECK(b.id == e.id);
        CHECK(b.function == e.function);
        CHECK(b.measuredHeight == e.measuredHeight);
        CHECK(b.parent == e.parent);
        CHECK(b.kind == e.kind);
        CHECK(b.lodTimes10 == e.lodTimes10);
        CHECK(b.sourceFile == e.sourceFile);
        CHECK(b.bounds.min == e.bounds.min);
        CHECK(b.bounds.max == e.bounds.max);
    }

    REQUIRE(reader.tileCount() == p.tiles.tiles.size());
    for (std::size_t i = 0; i < p.tiles.tiles.size(); ++i) {
        const Tile& e = p.tiles.tiles[i];
        const PackTileInfo t = reader.tile(i);
        CHECK(t.depth == e.level);
        CHECK(t.x == e.x);
        CHECK(t.z == e.z);
        CHECK(t.parent == e.parent);
        CHECK(t.children == e.children);
        CHECK(t.centre == e.centre);
        CHECK(t.bounds.min == e.bounds.min);
        CHECK(t.bounds.max == e.bounds.max);
        REQUIRE(t.levelCount == e.levels.size());
        for (std::uint32_t l = 0; l < t.levelCount; ++l) {
            const PackLevelInfo info = reader.level(t.firstLevel + l);
            auto view = reader.levelData(t.firstLevel + l);
            INFO(view.diagnostics.firstError());
            REQUIRE(view.ok());
            requireSameLevel(e.levels[l], toTileLevel(*view, info));
        }
    }
}

}  // namespace

TEST_CASE("pack round trip from memory is exact (raw and zstd)", "[pack]") {
    for (bool zstd : {false, true}) {
        INFO("zstd " << zstd);
        const auto p = test::packedCity(zstd);
        REQUIRE(!p.bytes.empty());
        auto reader = PackReader::fromBytes(p.bytes, "memory.places");
        INFO(reader.diagnostics.firstError());
        REQUIRE(reader.ok());
        CHECK(reader->versionMajor() == 3);
        requireSamePack(*reader, p);
        CHECK(!reader->verifyAll().hasErrors());
        std::size_t compressed = 0;
        for (std::size_t l = 0; l < reader->levelCount(); ++l)
            compressed += reader->level(l).encoding != PackEncoding::Raw;
        CHECK((compressed > 0) == zstd);
    }
}

TEST_CASE("pack written to disk opens through mmap and equals the memory encoding", "[pack]") {
    const auto p = test::packedCity(true);
    const auto path = (std::filesystem::temp_directory_path() /
                       (std::to_string(::getpid()) + "_places_roundtrip_test.places")).string();
    PackOptions options;
    options.zstd = true;
    options.skipped = {{"skipped: degenerate polygon", 3}, {"salvaged: non-planar polygon", 2}};
    auto stats = writePack(p.city, p.tiles, path, options);
    REQUIRE(stats.ok());
    CHECK(stats->bytes == p.bytes.size());
    CHECK(stats->geometryBytes < stats->rawGeometryBytes);
    CHECK(std::filesystem::file_size(path) == p.bytes.size());
    auto reader = PackReader::open(path);
    INFO(reader.diagnostics.firstError());
    REQUIRE(reader.ok());
    requireSamePack(*reader, p);
    std::filesystem::remove(path);
}

TEST_CASE("zstd makes the pack smaller", "[pack]") {
    const auto raw = test::packedCity(false, {.columns = 10, .rows = 10});
    const auto packed = test::packedCity(true, {.columns = 10, .rows = 10});
    CHECK(packed.bytes.size() < raw.bytes.size());
}

TEST_CASE("octahedral normals round-trip within 1e-4 rad on the whole sphere", "[pack]") {
    for (int i = 0; i < 2000; ++i) {
        // A deterministic spiral over the sphere plus the axes and their negatives.
        const float z = 1.0f - 2.0f * (static_cast<float>(i) + 0.5f) / 2000.0f;
        const float r = std::sqrt(1.0f - z * z), phi = 2.39996323f * static_cast<float>(i);
        for (const glm::vec3 n : {glm::vec3(r * std::cos(phi), r * std::sin(phi), z), glm::vec3(0, 0, i % 2 ? 1 : -1),
                                  glm::vec3(i % 2 ? 1 : -1, 0, 0), glm::vec3(0, i % 2 ? 1 : -1, 0)}) {
            const auto e = encodeOctNormal(n);
            CHECK(glm::dot(decodeOctNormal(e[0], e[1]), n) > 0.99999f);
        }
    }
}

TEST_CASE("city -> pack -> read back: every city triangle comes back once", "[pack]") {
    const auto p = test::packedCity(true);
    auto reader = PackReader::fromBytes(p.bytes, "memory.places");
    REQUIRE(reader.ok());
    test::TriangleMatcher matcher(p.city);
    test::matchPackLeafTriangles(*reader, matcher);
    CHECK(matcher.allMatched());
}

TEST_CASE("an empty city makes a valid, empty pack", "[pack]") {
    const City city;
    places::NullProgress progress;
    const TileSet tiles = buildTiles(city, {}, progress);
    auto bytes = encodePack(city, tiles, {});
    REQUIRE(bytes.ok());
    auto reader = PackReader::fromBytes(*bytes, "empty.places");
    INFO(reader.diagnostics.firstError());
    REQUIRE(reader.ok());
    CHECK(reader->tileCount() == 0);
    CHECK(reader->buildingCount() == 0);
    CHECK(!reader->verifyAll().hasErrors());
}

// Tiles and level blobs are built on several threads (parallel_jobs.hpp):
// the pack must not depend on how many, nor on which thread took which job.
TEST_CASE("the pack is byte-identical for 1, 2 and 3 threads (Delfshaven with derived ground and a synthetic city)",
          "[pack][threads]") {
    places::NullProgress progress;
    auto source = readCityFile(std::string(PLACES_ASSETS_DIR) + "/city/cityjson/3-20-DELFSHAVEN.city.json", {});
    REQUIRE(source.value);
    std::vector<SourceModel> sources;
    sources.push_back(std::move(*source.value));
    auto delfshaven = assembleCity(std::move(sources), {}, progress);
    REQUIRE(delfshaven.value);
    // Terrain pieces take their own path through the tiling (terrainBlockOf, the
    // merged nodes' simplified ground): check them on every thread count too.
    REQUIRE(deriveGround(*delfshaven.value, 250.0, {}).pieces > 4);
    const City synthetic = test::makeSyntheticCity({.columns = 7, .rows = 5});
    for (const City* city : {static_cast<const City*>(&*delfshaven.value), &synthetic}) {
        std::vector<std::byte> first;
        for (unsigned threads : {1u, 2u, 3u}) {
            INFO(city->buildings.size() << " buildings, " << threads << " threads");
            TilingOptions tiling;
            tiling.tileSize = city == &synthetic ? 100.0 : 250.0;
            tiling.threads = threads;
            const TileSet tiles = buildTiles(*city, tiling, progress);
            REQUIRE(tiles.tiles.size() > 4);  // more jobs than threads
            PackOptions options;
            options.threads = threads;
            auto bytes = encodePack(*city, tiles, options);
            REQUIRE(bytes.value);
            if (first.empty())
                first = *bytes.value;
            else
                CHECK(*bytes.value == first);
        }
    }
}
