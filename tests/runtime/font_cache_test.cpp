// The built-in font's atlas through the disk cache: a hit gives exactly the
// atlas built from the font, damaged or foreign entries are misses.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

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
