// The built-in font's atlas through the disk cache: a hit gives exactly the
// atlas built from the font, damaged or foreign entries are misses.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "places/runtime/font_cache.hpp"

using namespace places::runtime;
namespace fs = std::filesystem;

namespace {

void requireSameAtlas(const places::render::FontAtlas& a, const places::render::FontAtlas& b) {
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    CHECK(a.distance == b.distance);
    CHECK(a.pixelsPerEm == b.pixelsPerEm);
    CHECK(a.ascent == b.ascent);
    CHECK(a.descent == b.descent);
    CHECK(a.lineGap == b.lineGap);
    CHECK(a.distanceRangeEm == b.distanceRangeEm);
    CHECK(a.fallback == b.fallback);
    REQUIRE(a.glyphs.size() == b.glyphs.size());
    for (std::size_t i = 0; i < a.glyphs.size(); ++i) {
        INFO("glyph " << i);
        CHECK(a.glyphs[i].codepoint == b.glyphs[i].codepoint);
        CHECK(a.glyphs[i].advance == b.glyphs[i].advance);
        CHECK(a.glyphs[i].offset == b.glyphs[i].offset);
        CHECK(a.glyphs[i].size == b.glyphs[i].size);
        CHECK(a.glyphs[i].uvMin == b.glyphs[i].uvMin);
        CHECK(a.glyphs[i].uvMax == b.glyphs[i].uvMax);
    }
}

}  // namespace

TEST_CASE("the font atlas cache answers the second start with the same atlas", "[runtime][cache]") {
    const fs::path dir = fs::path(PLACES_BINARY_DIR) / "runtime-test-output" / "font-cache";
    fs::remove_all(dir);
    ::setenv("PLACES_IMPORT_CACHE", (dir / "cache" / "imports").c_str(), 1);
    const auto built = places::render::defaultFontAtlas();
    REQUIRE(built.value);

    bool hit = true;
    auto first = cachedDefaultFontAtlas({}, &hit);
    REQUIRE(first.value);
    CHECK_FALSE(hit);
    auto second = cachedDefaultFontAtlas({}, &hit);
    REQUIRE(second.value);
    CHECK(hit);
    CHECK(second.diagnostics.items().empty());
    requireSameAtlas(*second.value, *built.value);

    // A damaged entry is a miss: rebuilt and replaced.
    fs::path entryFile;
    for (const auto& file : fs::directory_iterator(dir / "cache" / "assets-cache"))
        if (file.path().filename().string().starts_with("font-")) entryFile = file.path();
    REQUIRE(!entryFile.empty());
    fs::resize_file(entryFile, fs::file_size(entryFile) - 1);
    REQUIRE(cachedDefaultFontAtlas({}, &hit).value);
    CHECK_FALSE(hit);
    REQUIRE(cachedDefaultFontAtlas({}, &hit).value);
    CHECK(hit);

    // Other options name another entry (a miss), built as asked.
    places::render::FontAtlasOptions small;
    small.pixelsPerEm = 20.0f;
    auto other = cachedDefaultFontAtlas(small, &hit);
    CHECK_FALSE(hit);
    REQUIRE(other.value);
    CHECK(other.value->pixelsPerEm == 20.0f);
    ::unsetenv("PLACES_IMPORT_CACHE");
}

TEST_CASE("font atlas entries round-trip and reject damaged or foreign bytes", "[runtime][cache]") {
    const auto built = places::render::defaultFontAtlas();
    REQUIRE(built.value);
    const std::string bytes = encodeFontAtlasEntry(42, *built.value);
    const auto decoded = decodeFontAtlasEntry(bytes, 42);
    REQUIRE(decoded);
    requireSameAtlas(*decoded, *built.value);
    CHECK_FALSE(decodeFontAtlasEntry(bytes, 43));  // another font, options or revision
    for (std::size_t n = 0; n < bytes.size(); n += 4099) CHECK_FALSE(decodeFontAtlasEntry(bytes.substr(0, n), 42));
    CHECK_FALSE(decodeFontAtlasEntry(bytes + "x", 42));
    places::render::FontAtlas noFallback = *built.value;
    noFallback.fallback = static_cast<std::uint32_t>(noFallback.glyphs.size());
    CHECK_FALSE(decodeFontAtlasEntry(encodeFontAtlasEntry(42, noFallback), 42));
    places::render::FontAtlas unsorted = *built.value;
    std::swap(unsorted.glyphs.front(), unsorted.glyphs.back());
    CHECK_FALSE(decodeFontAtlasEntry(encodeFontAtlasEntry(42, unsorted), 42));
    places::render::FontAtlas shortField = *built.value;
    shortField.distance.pop_back();
    CHECK_FALSE(decodeFontAtlasEntry(encodeFontAtlasEntry(42, shortField), 42));
}

namespace {

// A small atlas of two glyphs ('?' the fallback, 'A'): the fuzzer's seed.
places::render::FontAtlas tinyAtlas() {
    places::render::FontAtlas a;
    a.width = 8;
    a.height = 4;
    for (std::uint32_t i = 0; i < a.width * a.height; ++i) a.distance.push_back(static_cast<std::uint8_t>(i * 8));
    a.pixelsPerEm = 4.0f;
    a.ascent = 0.8f;
    a.descent = -0.2f;
    a.lineGap = 0.1f;
    a.distanceRangeEm = 0.25f;
    a.glyphs.push_back({U'?', 0.5f, {0.0f, 0.0f}, {0.5f, 0.7f}, {0.0f, 0.0f}, {0.5f, 1.0f}});
    a.glyphs.push_back({U'A', 0.6f, {0.0f, 0.0f}, {0.6f, 0.7f}, {0.5f, 0.0f}, {1.0f, 1.0f}});
    a.fallback = 0;
    return a;
}

const fs::path kAtlasSeed = fs::path(PLACES_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_font_cache/seed.atlas";
constexpr std::uint64_t kSeedKey = 0x5eed;

}  // namespace

TEST_CASE("font atlas entries that would reach Vulkan or the layout broken are refused", "[runtime][cache]") {
    const places::render::FontAtlas good = tinyAtlas();
    REQUIRE(decodeFontAtlasEntry(encodeFontAtlasEntry(7, good), 7));
    const auto refused = [](places::render::FontAtlas a) { return !decodeFontAtlasEntry(encodeFontAtlasEntry(7, a), 7); };
    places::render::FontAtlas a = good;
    a.width = 0;  // an empty image
    a.distance.clear();
    CHECK(refused(a));
    a = good;
    a.width = 8192;  // wider than every device must allow
    a.height = 1;
    a.distance.assign(8192, 0);
    CHECK(refused(a));
    a = good;
    a.ascent = std::numeric_limits<float>::quiet_NaN();
    CHECK(refused(a));
    a = good;
    a.pixelsPerEm = 0.0f;
    CHECK(refused(a));
    a = good;
    a.glyphs[1].size.x = -1.0f;
    CHECK(refused(a));
    a = good;
    a.glyphs[1].advance = std::numeric_limits<float>::infinity();
    CHECK(refused(a));
    a = good;
    a.glyphs[1].uvMax.x = 1.5f;  // samples outside the atlas
    CHECK(refused(a));
}

TEST_CASE("write the font cache fuzz seed", "[.write-seed]") {
    fs::create_directories(kAtlasSeed.parent_path());
    const std::string bytes = encodeFontAtlasEntry(kSeedKey, tinyAtlas());
    std::ofstream(kAtlasSeed, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST_CASE("the committed font cache fuzz seed is a current entry", "[runtime][cache][fuzz]") {
    INFO(kAtlasSeed << " (regenerate: places_runtime_tests \"[.write-seed]\")");
    std::ifstream in(kAtlasSeed, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes == encodeFontAtlasEntry(kSeedKey, tinyAtlas()));
    const auto decoded = decodeFontAtlasEntry(bytes, kSeedKey);
    REQUIRE(decoded);
    requireSameAtlas(*decoded, tinyAtlas());
}
