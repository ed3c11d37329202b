// The venue asset cache (places/runtime/asset_cache.hpp): a cached import equals
// a fresh one, edits of the asset or its textures invalidate it, and damaged
// entries are never believed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "places/runtime/asset_cache.hpp"
#include "places/assets/import.hpp"
#include "places/assets/mip_chain.hpp"

namespace fs = std::filesystem;
using namespace places::runtime;

namespace {

void requireSameModel(const places::assets::AssetModel& a, const places::assets::AssetModel& b) {
    REQUIRE(a.meshes.size() == b.meshes.size());
    for (std::size_t i = 0; i < a.meshes.size(); ++i) {
        CHECK(a.meshes[i].positions == b.meshes[i].positions);
        CHECK(a.meshes[i].normals == b.meshes[i].normals);
        CHECK(a.meshes[i].uv0 == b.meshes[i].uv0);
        CHECK(a.meshes[i].indices == b.meshes[i].indices);
        CHECK(a.meshes[i].material == b.meshes[i].material);
        REQUIRE(a.meshes[i].levels.size() == b.meshes[i].levels.size());
        for (std::size_t l = 0; l < a.meshes[i].levels.size(); ++l) {
            CHECK(a.meshes[i].levels[l].indices == b.meshes[i].levels[l].indices);
            CHECK(a.meshes[i].levels[l].geometricError == b.meshes[i].levels[l].geometricError);
        }
    }
    REQUIRE(a.materials.size() == b.materials.size());
    for (std::size_t i = 0; i < a.materials.size(); ++i) {
        CHECK(a.materials[i].baseColorFactor == b.materials[i].baseColorFactor);
        CHECK(a.materials[i].baseColorTexture == b.materials[i].baseColorTexture);
        CHECK(a.materials[i].alphaMode == b.materials[i].alphaMode);
    }
    REQUIRE(a.images.size() == b.images.size());
    for (std::size_t i = 0; i < a.images.size(); ++i) {
        CHECK(a.images[i].width == b.images[i].width);
        CHECK(a.images[i].rgba == b.images[i].rgba);
        REQUIRE(a.images[i].mips.size() == b.images[i].mips.size());
        for (std::size_t l = 0; l < a.images[i].mips.size(); ++l) {
            CHECK(a.images[i].mips[l].width == b.images[i].mips[l].width);
            CHECK(a.images[i].mips[l].height == b.images[i].mips[l].height);
            CHECK(a.images[i].mips[l].rgba == b.images[i].mips[l].rgba);
        }
    }
    REQUIRE(a.instances.size() == b.instances.size());
    for (std::size_t i = 0; i < a.instances.size(); ++i) CHECK(a.instances[i].transform == b.instances[i].transform);
    CHECK(a.bounds.min == b.bounds.min);
    CHECK(a.bounds.max == b.bounds.max);
}

// A small entry with every part of the format: a mesh with a coarser level,
// a textured material, a 4x2 image with its mip chain, an instance.
AssetCacheEntry seedEntry() {
    AssetCacheEntry entry;
    entry.dependencies = {{"/assets/seed.glb", 1234, 5678}};
    places::assets::AssetModel& m = entry.model;
    m.path = "/assets/seed.glb";
    m.format = "glb";
    places::assets::Mesh mesh;
    mesh.name = "quad";
    mesh.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}};
    mesh.normals.assign(4, {0, 0, 1});
    mesh.uv0 = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    mesh.indices = {0, 1, 2, 2, 1, 3};
    mesh.levels.push_back({{0, 1, 3}, 0.25f});
    for (const glm::vec3& p : mesh.positions) mesh.bounds.add(p);
    m.meshes.push_back(mesh);
    m.materials.push_back({"painted", glm::vec4(0.5f, 0.5f, 0.5f, 1.0f), 0});
    places::assets::Image image{4, 2, std::vector<std::uint8_t>(32, 200), "seed.png", false};
    image.mips = places::assets::buildMipChain(4, 2, image.rgba);
    m.images.push_back(image);
    m.instances.push_back({0, glm::mat4(1.0f), "node"});
    m.bounds = mesh.bounds;
    return entry;
}

const fs::path kSeed = fs::path(PLACES_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_asset_cache/seed.asset";

}  // namespace

TEST_CASE("write the asset cache fuzz seed", "[.write-seed]") {
    fs::create_directories(kSeed.parent_path());
    const std::string bytes = encodeAssetCacheEntry(seedEntry());
    std::ofstream(kSeed, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST_CASE("the committed asset cache fuzz seed is a current entry", "[runtime][cache][fuzz]") {
    INFO(kSeed << " (regenerate: places_runtime_tests \"[.write-seed]\")");
    std::ifstream in(kSeed, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes == encodeAssetCacheEntry(seedEntry()));
    const auto decoded = decodeAssetCacheEntry(bytes);
    REQUIRE(decoded);
    requireSameModel(decoded->model, seedEntry().model);
}

TEST_CASE("a decoded entry's pixels borrow its bytes while kept alive", "[runtime][cache]") {
    auto bytes = std::make_shared<const std::string>(encodeAssetCacheEntry(seedEntry()));
    auto borrowed = decodeAssetCacheEntry(*bytes, bytes);
    const auto copied = decodeAssetCacheEntry(*bytes);
    REQUIRE(borrowed);
    REQUIRE(copied);
    requireSameModel(borrowed->model, copied->model);
    const auto* first = reinterpret_cast<const std::uint8_t*>(bytes->data());
    const auto inside = [&, end = first + bytes->size()](const places::assets::PixelBytes& p) {
        return p.borrowed() && p.data() >= first && p.data() + p.size() <= end;
    };
    CHECK(inside(borrowed->model.images.at(0).rgba));
    for (const places::assets::ImageLevel& mip : borrowed->model.images.at(0).mips) CHECK(inside(mip.rgba));
    CHECK_FALSE(copied->model.images.at(0).rgba.borrowed());

    // The pixels keep the bytes alive (the mapping's role in importAssetCached)
    // until the last borrower is gone.
    const std::weak_ptr<const std::string> watch = bytes;
    bytes.reset();
    places::assets::Image kept = borrowed->model.images.at(0);
    borrowed.reset();
    REQUIRE_FALSE(watch.expired());
    CHECK(kept.rgba == copied->model.images.at(0).rgba);
    // Writing copies first: the entry's bytes are never changed.
    kept.rgba.vector()[0] ^= 0xff;
    CHECK_FALSE(kept.rgba.borrowed());
    for (places::assets::ImageLevel& mip : kept.mips) mip.rgba.vector();
    CHECK(watch.expired());
    CHECK(kept.rgba[0] != copied->model.images.at(0).rgba[0]);
}

TEST_CASE("asset cache entries round-trip and reject damaged bytes", "[runtime][cache]") {
    auto imported = places::assets::importAsset(std::string(PLACES_ASSETS_DIR) + "/venues/khronos/BoxTextured/BoxTextured.glb");
    REQUIRE(imported.value);
    REQUIRE(!imported.value->images.empty());
    REQUIRE(!imported.value->images[0].mips.empty());  // built at import, stored with the entry
    AssetCacheEntry entry{{{"/x/BoxTextured.glb", 6540, 123456789}}, {{"approximated: x", 3}}, *imported.value};
    // The box is too small for detail levels: give it one by hand.
    entry.model.meshes[0].levels.push_back({{0, 1, 2}, 0.25f});
    const std::string bytes = encodeAssetCacheEntry(entry);
    auto decoded = decodeAssetCacheEntry(bytes);
    REQUIRE(decoded);
    CHECK(decoded->dependencies == entry.dependencies);
    CHECK(decoded->counters == entry.counters);
    requireSameModel(decoded->model, entry.model);

    // Every truncation, a bad magic, trailing bytes, an out-of-range index.
    for (std::size_t n = 0; n < bytes.size(); n += 7) CHECK_FALSE(decodeAssetCacheEntry(bytes.substr(0, n)));
    std::string bad = bytes;
    bad[0] = 'X';
    CHECK_FALSE(decodeAssetCacheEntry(bad));
    CHECK_FALSE(decodeAssetCacheEntry(bytes + "x"));
    AssetCacheEntry wrongIndex = entry;
    wrongIndex.model.meshes[0].indices[0] = 1u << 30;
    CHECK_FALSE(decodeAssetCacheEntry(encodeAssetCacheEntry(wrongIndex)));
    AssetCacheEntry wrongLevelIndex = entry;
    wrongLevelIndex.model.meshes[0].levels[0].indices[2] = 1u << 30;
    CHECK_FALSE(decodeAssetCacheEntry(encodeAssetCacheEntry(wrongLevelIndex)));
    AssetCacheEntry shrinkingError = entry;  // levels must run fine -> coarse
    shrinkingError.model.meshes[0].levels.push_back({{0, 1, 2}, 0.125f});
    CHECK_FALSE(decodeAssetCacheEntry(encodeAssetCacheEntry(shrinkingError)));
    shrinkingError.model.meshes[0].levels.back().geometricError = 0.5f;
    CHECK(decodeAssetCacheEntry(encodeAssetCacheEntry(shrinkingError)));
    // Mip chains must halve down to 1x1 with matching sizes.
    AssetCacheEntry shortChain = entry;
    shortChain.model.images[0].mips.pop_back();
    CHECK_FALSE(decodeAssetCacheEntry(encodeAssetCacheEntry(shortChain)));
    AssetCacheEntry wrongMipSize = entry;
    wrongMipSize.model.images[0].mips[0].width += 1;
    CHECK_FALSE(decodeAssetCacheEntry(encodeAssetCacheEntry(wrongMipSize)));
    AssetCacheEntry noMips = entry;  // allowed: the renderer builds the chain then
    noMips.model.images[0].mips.clear();
    CHECK(decodeAssetCacheEntry(encodeAssetCacheEntry(noMips)));

    // Entries of the previous format versions (2: no counters; 1: no levels, no mips) are a miss, not misread.
    for (const std::uint32_t old : {1u, 2u}) {
        std::string previous = bytes;
        std::memcpy(previous.data() + 8, &old, sizeof old);
        CHECK_FALSE(decodeAssetCacheEntry(previous));
    }
}

TEST_CASE("the asset cache answers a second import and notices edited textures", "[runtime][cache]") {
    const fs::path dir = fs::path(PLACES_BINARY_DIR) / "runtime-test-output" / "asset-cache";
    fs::remove_all(dir);
    fs::create_directories(dir / "model");
    // Caches live next to $PLACES_IMPORT_CACHE (asset entries in ../assets-cache).
    ::setenv("PLACES_IMPORT_CACHE", (dir / "cache" / "imports").c_str(), 1);
    const fs::path kenney = fs::path(PLACES_ASSETS_DIR) / "venues" / "kenney";
    fs::copy_file(kenney / "building-small-a.glb", dir / "model" / "kiosk.glb");
    fs::create_directories(dir / "model" / "Textures");
    fs::copy_file(kenney / "Textures" / "colormap.png", dir / "model" / "Textures" / "colormap.png");
    const std::string asset = (dir / "model" / "kiosk.glb").string();

    bool hit = true;
    auto first = importAssetCached(asset, &hit);
    REQUIRE(first.value);
    CHECK(first.diagnostics.items().empty());
    CHECK_FALSE(hit);
    auto second = importAssetCached(asset, &hit);
    REQUIRE(second.value);
    CHECK(hit);
    CHECK(second.value->path == asset);
    requireSameModel(*second.value, *first.value);

    // An entry left by an older Places (another format version) is re-imported and replaced.
    fs::path entryFile;
    for (const auto& file : fs::directory_iterator(dir / "cache" / "assets-cache")) entryFile = file.path();
    REQUIRE(!entryFile.empty());
    {
        std::fstream patch(entryFile, std::ios::in | std::ios::out | std::ios::binary);
        const std::uint32_t one = 1;
        patch.seekp(8);
        patch.write(reinterpret_cast<const char*>(&one), sizeof one);
    }
    auto fromOld = importAssetCached(asset, &hit);
    CHECK_FALSE(hit);
    REQUIRE(fromOld.value);
    requireSameModel(*fromOld.value, *first.value);
    importAssetCached(asset, &hit);
    CHECK(hit);

    // A replaced texture (other size and time) makes the entry stale.
    fs::remove(dir / "model" / "Textures" / "colormap.png");
    fs::copy_file(fs::path(PLACES_ASSETS_DIR) / "venues" / "khronos" / "CesiumMilkTruck" / "README.md",
                  dir / "model" / "Textures" / "colormap.png");
    auto third = importAssetCached(asset, &hit);
    CHECK_FALSE(hit);
    CHECK(third.diagnostics.counter("missing texture") == 1);  // not cached: warns every time
    importAssetCached(asset, &hit);
    CHECK_FALSE(hit);
    CHECK(importAssetCached(asset, &hit).diagnostics.counter("missing texture") == 1);
    ::unsetenv("PLACES_IMPORT_CACHE");
}

TEST_CASE("the asset cache stores counted approximations and counts them again on a hit", "[runtime][cache]") {
    const fs::path dir = fs::path(PLACES_BINARY_DIR) / "runtime-test-output" / "asset-cache-counters";
    fs::remove_all(dir);
    ::setenv("PLACES_IMPORT_CACHE", (dir / "cache" / "imports").c_str(), 1);
    // The velvet sofa's KHR_materials_sheen is folded into its base colour and counted.
    const std::string asset = std::string(PLACES_ASSETS_DIR) + "/venues/khronos/GlamVelvetSofa/GlamVelvetSofa.glb";
    const std::string reason = "approximated: KHR_materials_sheen folded into the base colour";
    bool hit = true;
    auto first = importAssetCached(asset, &hit);
    REQUIRE(first.value);
    CHECK_FALSE(hit);
    CHECK(first.diagnostics.items().empty());
    REQUIRE(first.diagnostics.counter(reason) > 0);
    auto second = importAssetCached(asset, &hit);
    REQUIRE(second.value);
    CHECK(hit);  // before: every start imported the sofa again (Draco, textures, levels)
    CHECK(second.diagnostics.counters() == first.diagnostics.counters());
    requireSameModel(*second.value, *first.value);
    ::unsetenv("PLACES_IMPORT_CACHE");
}

TEST_CASE("asset cache entries have exactly the documented little-endian bytes", "[runtime][cache]") {
    // One dependency, one material, nothing else: every field kind of the
    // header (str, u64, i64, u32, vec4, i32, u8, f32, vec3) at a known value.
    AssetCacheEntry entry;
    entry.dependencies.push_back({"a", 0x0102030405060708ull, -2});
    entry.counters["c"] = 5;
    entry.model.path = "p";
    entry.model.format = "f";
    places::assets::Material material;
    material.name = "m";
    material.baseColorFactor = {0.5f, 1.0f, 0.0f, -2.0f};
    material.baseColorTexture = -1;
    material.alphaMode = places::assets::AlphaMode::Mask;
    material.alphaCutoff = 0.5f;
    material.doubleSided = true;
    entry.model.materials.push_back(material);
    entry.model.bounds.min = {-1.0f, 0.0f, 2.0f};
    entry.model.bounds.max = {1.0f, 4.0f, 0.25f};
    const std::string expected =
        "504c415353455431"                                   // "PLASSET1"
        "03000000"                                           // version 3
        "01000000" "01000000" "61"                           // 1 dependency: str "a"
        "0807060504030201"                                   // u64 size
        "feffffffffffffff"                                   // i64 mtime -2
        "01000000" "01000000" "63"                           // 1 counter: str reason "c"
        "0500000000000000"                                   // u64 count 5
        "01000000" "70" "01000000" "66"                      // str path "p", str format "f"
        "00000000"                                           // 0 meshes
        "01000000" "01000000" "6d"                           // 1 material: str name "m"
        "0000003f" "0000803f" "00000000" "000000c0"          // vec4 baseColorFactor
        "ffffffff"                                           // i32 baseColorTexture -1
        "01"                                                 // u8 alphaMode Mask
        "0000003f"                                           // f32 alphaCutoff 0.5
        "01"                                                 // u8 doubleSided
        "00000000" "00000000"                                // 0 images, 0 instances
        "000080bf" "00000000" "00000040"                     // vec3 bounds min
        "0000803f" "00008040" "0000803e";                    // vec3 bounds max
    const std::string bytes = encodeAssetCacheEntry(entry);
    std::string hex;
    for (const char c : bytes) {
        static const char digits[] = "0123456789abcdef";
        const auto b = static_cast<unsigned char>(c);
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    CHECK(hex == expected);
    const auto decoded = decodeAssetCacheEntry(bytes);
    REQUIRE(decoded);
    CHECK(decoded->dependencies == entry.dependencies);
    CHECK(decoded->counters == entry.counters);
    REQUIRE(decoded->model.materials.size() == 1);
    CHECK(decoded->model.materials[0].baseColorFactor == material.baseColorFactor);
    CHECK(decoded->model.materials[0].baseColorTexture == -1);
    CHECK(decoded->model.materials[0].alphaMode == places::assets::AlphaMode::Mask);
    CHECK(decoded->model.bounds.max == entry.model.bounds.max);
}
