// Malformed packs: every corruption gives an error naming the file, the byte
// offset and what is wrong; none crashes (this file also runs under ASan/UBSan).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "pack_reseal.hpp"
#include "pack_test_support.hpp"

using namespace places::city;

namespace {

// Field offsets as docs/formats/city-pack.md gives them.
constexpr std::size_t kTableOffsetField = 24, kCountField = 32;
constexpr std::size_t kEntrySize = 32;

using test::reseal_detail::get;
using test::reseal_detail::set;

struct Section {
    std::uint32_t id;
    std::size_t entry, offset, size;
};

std::vector<Section> sections(const std::vector<std::byte>& b) {
    std::vector<Section> out;
    const auto table = get<std::uint64_t>(b, kTableOffsetField);
    for (std::uint32_t i = 0; i < get<std::uint32_t>(b, kCountField); ++i) {
        const std::size_t e = table + i * kEntrySize;
        out.push_back({get<std::uint32_t>(b, e), e, get<std::uint64_t>(b, e + 8), get<std::uint64_t>(b, e + 16)});
    }
    return out;
}

Section section(const std::vector<std::byte>& b, const char* name) {
    std::uint32_t id;
    std::memcpy(&id, name, 4);
    for (const auto& s : sections(b))
        if (s.id == id) return s;
    FAIL("no section " << name);
    return {};
}

std::string openError(const std::vector<std::byte>& bytes) {
    auto reader = PackReader::fromBytes(bytes, "bad.places");
    if (!reader) return reader.diagnostics.firstError();
    return reader->verifyAll().firstError();
}

bool covered(const std::vector<std::byte>& b, std::size_t at) {
    if (at < 64) return true;
    const auto table = get<std::uint64_t>(b, kTableOffsetField);
    if (at >= table && at < table + get<std::uint32_t>(b, kCountField) * kEntrySize) return true;
    const Section geom = section(b, "GEOM"), levl = section(b, "LEVL");
    for (const auto& s : sections(b))
        if (s.id != geom.id && at >= s.offset && at < s.offset + s.size) return true;
    // Inside GEOM only the level blobs are checksummed, not the padding between them.
    const auto stride = get<std::uint32_t>(b, levl.offset + 4);
    for (std::uint32_t i = 0; i < get<std::uint32_t>(b, levl.offset); ++i) {
        const std::size_t record = levl.offset + 16 + i * stride;
        const std::size_t blob = geom.offset + get<std::uint64_t>(b, record + 16);
        if (at >= blob && at < blob + get<std::uint64_t>(b, record + 24)) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("bad magic and unsupported versions are refused at their offsets", "[pack][corrupt]") {
    auto bytes = test::packedCity(false, {.columns = 2, .rows = 2}).bytes;
    auto magic = bytes;
    magic[3] = std::byte{'X'};
    CHECK_THAT(openError(magic), Catch::Contains("bad.places@byte 0: error: bad magic"));
    auto version = bytes;
    set<std::uint16_t>(version, 8, 4);
    CHECK_THAT(openError(version), Catch::Contains("bad.places@byte 8: error: unsupported version 4.0 (this reader "
                                                   "reads 3.x only; a newer places wrote it)"));
    set<std::uint16_t>(version, 8, 2);
    CHECK_THAT(openError(version), Catch::Contains("bad.places@byte 8: error: unsupported version 2.0 (this reader "
                                                   "reads 3.x only; import the city again"));
    set<std::uint16_t>(version, 8, 0);
    CHECK_THAT(openError(version), Catch::Contains("bad.places@byte 8: error: unsupported version 0.0"));
    CHECK_THAT(openError({}), Catch::Contains("bad.places@byte 0: error: truncated"));
}

TEST_CASE("a pack truncated at any section boundary (or anywhere) is an error", "[pack][corrupt]") {
    const auto bytes = test::packedCity(true, {.columns = 2, .rows = 2}).bytes;
    std::vector<std::size_t> cuts = {0, 1, 63, 64};
    for (const auto& s : sections(bytes)) cuts.insert(cuts.end(), {s.offset, s.offset + s.size / 2, s.offset + s.size - 1});
    for (std::size_t cut = 0; cut < bytes.size(); cut += 97) cuts.push_back(cut);
    for (std::size_t cut : cuts) {
        INFO("cut at " << cut);
        const std::vector<std::byte> truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
        const std::string error = openError(truncated);
        CHECK_THAT(error, Catch::Contains("bad.places@byte "));
        CHECK((error.find("truncated") != std::string::npos));
    }
}

TEST_CASE("every flipped byte inside the header, table or a section is detected", "[pack][corrupt]") {
    const auto bytes = test::packedCity(true, {.columns = 2, .rows = 1}).bytes;
    std::size_t detected = 0, padding = 0;
    for (std::size_t at = 0; at < bytes.size(); ++at) {
        auto flipped = bytes;
        flipped[at] ^= std::byte{0x5A};
        const std::string error = openError(flipped);
        if (error.empty()) {
            INFO("undetected flip at " << at);
            CHECK(!covered(bytes, at));  // only padding between sections is not checksummed
            ++padding;
        } else {
            CHECK_THAT(error, Catch::Contains("bad.places@byte "));
            ++detected;
        }
    }
    CHECK(detected > padding);
}

TEST_CASE("structural errors name what is wrong even with valid checksums", "[pack][corrupt]") {
    const auto bytes = test::packedCity(false, {.columns = 3, .rows = 2}).bytes;

    SECTION("overlapping sections") {
        auto b = bytes;
        const Section bldg = section(b, "BLDG"), tile = section(b, "TILE");
        set<std::uint64_t>(b, bldg.entry + 8, tile.offset);
        set<std::uint64_t>(b, bldg.entry + 16, tile.size);
        test::resealPack(b);
        CHECK_THAT(openError(b), Catch::Contains("overlaps"));
    }
    SECTION("a section beyond the end of the file") {
        auto b = bytes;
        const Section geom = section(b, "GEOM");
        set<std::uint64_t>(b, geom.entry + 8, b.size());
        test::resealPack(b);
        CHECK_THAT(openError(b), Catch::Contains("@byte " + std::to_string(geom.entry + 8) + ": error: section GEOM") &&
                                     Catch::Contains("lies outside the file"));
    }
    SECTION("a section checksum that does not match") {
        auto b = bytes;
        const Section bldg = section(b, "BLDG");
        b[bldg.offset + 20] ^= std::byte{1};
        CHECK_THAT(openError(b), Catch::Contains("@byte " + std::to_string(bldg.offset) +
                                                 ": error: checksum mismatch in section BLDG"));
    }
    SECTION("a record count that does not fit its section") {
        auto b = bytes;
        const Section bldg = section(b, "BLDG");
        set<std::uint32_t>(b, bldg.offset, 0xFFFFFFF0u);
        test::resealPack(b);
        CHECK_THAT(openError(b), Catch::Contains("records of 72 bytes do not fit"));
    }
    SECTION("a building whose parent does not exist") {
        auto b = bytes;
        const Section bldg = section(b, "BLDG");
        set<std::int32_t>(b, bldg.offset + 16 + 12, 1000);
        test::resealPack(b);
        CHECK_THAT(openError(b), Catch::Contains("@byte " + std::to_string(bldg.offset + 16 + 12)) &&
                                     Catch::Contains("building 0 has parent 1000"));
    }
    SECTION("geometry damage is found lazily, at the blob's offset") {
        auto b = bytes;
        const Section levl = section(b, "LEVL"), geom = section(b, "GEOM");
        const auto blob = geom.offset + get<std::uint64_t>(b, levl.offset + 16 + 16);
        b[blob + 3] ^= std::byte{0x10};
        auto reader = PackReader::fromBytes(b, "bad.places");
        REQUIRE(reader.ok());  // the index is intact
        auto level = reader->levelData(0);
        CHECK(!level.value);
        CHECK_THAT(level.diagnostics.firstError(),
                   Catch::Contains("@byte " + std::to_string(blob) + ": error: checksum mismatch in level 0"));
    }
    SECTION("an index beyond the vertices, with every checksum valid") {
        auto b = bytes;
        const Section levl = section(b, "LEVL"), geom = section(b, "GEOM");
        const std::size_t record = levl.offset + 16;
        const auto vertexCount = get<std::uint32_t>(b, record + 8);
        const auto indexSize = get<std::uint8_t>(b, record + 2);
        const auto blob = geom.offset + get<std::uint64_t>(b, record + 16);
        const std::size_t indices = blob + (vertexCount * 20 + 15) / 16 * 16;
        if (indexSize == 2) set<std::uint16_t>(b, indices + 2 * 4, 0xFFFF);
        else set<std::uint32_t>(b, indices + 4 * 4, 0xFFFFFFFFu);
        test::resealPack(b);
        CHECK_THAT(openError(b), Catch::Contains("@byte " + std::to_string(indices + 4 * indexSize)) &&
                                     Catch::Contains("level 0 index 4 = "));
    }
}

TEST_CASE("resealing an intact pack changes nothing (the test tool matches the format)", "[pack][corrupt]") {
    for (bool zstd : {false, true}) {
        const auto bytes = test::packedCity(zstd, {.columns = 3, .rows = 3}).bytes;
        auto resealed = bytes;
        test::resealPack(resealed);
        CHECK(resealed == bytes);
    }
}
