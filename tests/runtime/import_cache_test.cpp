// The import cache key (places/runtime/import_cache.hpp): stable for unchanged
// inputs, different when an input changes, moves, or the origin differs.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "places/city/pack.hpp"
#include "places/city/pack_tile_set.hpp"
#include "places/runtime/import_cache.hpp"

namespace fs = std::filesystem;
using places::runtime::cacheHash;
using places::runtime::importCacheKey;
using places::runtime::kCacheHashSeed;

namespace {

fs::path writeFile(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("cache keys hash in parts as they hash whole", "[runtime][cache]") {
    // FNV-1a 64's published value for "a"; the font cache's key hashes the
    // font's bytes and its parameters in two parts.
    CHECK(cacheHash("a") == 0xaf63dc4c8601ec8cull);
    CHECK(cacheHash("") == kCacheHashSeed);
    CHECK(cacheHash("world", cacheHash("hello ")) == cacheHash("hello world"));
    CHECK(cacheHash("world", cacheHash("hello")) != cacheHash("hello world"));
}

TEST_CASE("import cache keys follow the inputs' paths, sizes, times and the origin", "[runtime][cache]") {
    const fs::path dir = fs::path(PLACES_BINARY_DIR) / "runtime-test-output" / "cache-key";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string a = writeFile(dir / "a.gml", "<city/>").string();
    const std::string b = writeFile(dir / "b.gml", "<city/>").string();

    const std::string key = importCacheKey({a}, std::nullopt);
    CHECK(key.size() == 16);
    CHECK(importCacheKey({a}, std::nullopt) == key);                 // stable
    CHECK(importCacheKey({(dir / "." / "a.gml").string()}, std::nullopt) == key);  // same file, other spelling
    CHECK(importCacheKey({b}, std::nullopt) != key);                 // another file
    CHECK(importCacheKey({a, b}, std::nullopt) != key);              // more inputs

    places::city::GeoReference origin;
    origin.crs = "EPSG:25832";
    origin.origin = {365760.0, 5713580.0, 52.0};
    const std::string withOrigin = importCacheKey({a}, origin);
    CHECK(withOrigin != key);
    origin.origin.z = 53.0;
    CHECK(importCacheKey({a}, origin) != withOrigin);

    // Edited (new size) and touched (new time) inputs give new keys.
    writeFile(a, "<city></city>");
    const std::string edited = importCacheKey({a}, std::nullopt);
    CHECK(edited != key);
    fs::last_write_time(a, fs::last_write_time(a) + std::chrono::seconds(5));
    CHECK(importCacheKey({a}, std::nullopt) != edited);
}

// A cached pack is reused while its key is unchanged, and only the tiling
// revision in the key tells packs of an older importer from new ones. So what
// the import makes of a bundled tile is recorded here with the revision: a
// change to the import or the tiler that makes other packs fails this test
// until kTilingRevision is bumped (users' caches then import again) and the
// new counts are recorded beside it.
TEST_CASE("the import cache's tiling revision changes with what the import makes", "[runtime][cache]") {
    const fs::path cache = fs::path(PLACES_BINARY_DIR) / "runtime-test-output" / "revision-cache";
    fs::remove_all(cache);
    ::setenv("PLACES_IMPORT_CACHE", cache.c_str(), 1);
    const auto imported = places::runtime::importCached(
        {std::string(PLACES_SOURCE_DIR) + "/assets/city/citygml/LoD2_32_370_5714_1_NW.gml"}, std::nullopt);
    ::unsetenv("PLACES_IMPORT_CACHE");
    INFO(imported.diagnostics.firstError());
    REQUIRE(imported.value);
    auto pack = places::city::PackReader::open(imported.value->packPath);
    REQUIRE(pack.value);
    auto tiles = places::city::tileSetFromPack(*pack.value);
    INFO(tiles.diagnostics.firstError());
    REQUIRE(tiles.value);
    struct Made {
        int revision;
        std::size_t tiles, levels, triangles, terrain;
        bool operator==(const Made&) const = default;
    };
    Made made{places::runtime::kTilingRevision, tiles.value->tiles.size(), 0, 0, 0};
    for (const places::city::Tile& tile : tiles.value->tiles)
        for (const places::city::TileLevel& level : tile.levels) {
            ++made.levels;
            made.triangles += level.triangleCount();
            if (tile.leaf() && &level == &tile.levels.front())
                for (places::city::SurfaceType s : level.triangleSurface)
                    made.terrain += s == places::city::SurfaceType::Terrain;
        }
    const Made recorded{5, 19, 34, 11770, 1342};  // revisions before 5 were not recorded
    INFO("made: revision " << made.revision << ", " << made.tiles << " tiles, " << made.levels << " levels, "
                           << made.triangles << " triangles, " << made.terrain << " terrain triangles at full detail");
    INFO("if the import changed on purpose: bump kTilingRevision (import_cache.hpp) and record these counts with it");
    CHECK(made == recorded);
}
