// The import cache key (places/runtime/import_cache.hpp): stable for unchanged
// inputs, different when an input changes, moves, or the origin differs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

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
