// The streams form of level blobs (engine/city/src/pack_streams.hpp): lossless
// against the raw blob, and every malformed form is refused with an offset.
#include <catch2/catch.hpp>

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "pack_format.hpp"
#include "pack_reseal.hpp"
#include "pack_streams.hpp"
#include "pack_test_support.hpp"

using namespace places::city;
using namespace places::city::pack;

namespace {

std::uint8_t indexSizeOf(const TileLevel& level) { return level.positions.size() <= 65536 ? 2 : 4; }

// Encodes `level` both ways and checks that the streams form decodes to the raw blob.
std::size_t requireLossless(const TileLevel& level) {
    const std::uint8_t indexSize = indexSizeOf(level);
    std::vector<VertexAttributes> attributes;
    levelAttributes(level, attributes);
    std::vector<std::byte> raw, streams;
    StreamScratch scratch;
    rawLevel(level, attributes, indexSize, raw);
    streamLevel(level, attributes, indexSize, scratch, streams);
    REQUIRE(streams.size() <= streamBound(level.positions.size(), level.indices.size(), indexSize));
    std::vector<std::byte> decoded(raw.size(), std::byte{0xAB});
    StreamError error;
    INFO(error.message);
    REQUIRE(decodeLevelStreams(streams, static_cast<std::uint32_t>(level.positions.size()),
                               static_cast<std::uint32_t>(level.indices.size()), indexSize, decoded, error));
    REQUIRE(decoded == raw);
    const std::size_t fixed = level.positions.size() * (indexSize + 8) + level.indices.size() * indexSize;
    return (streams.size() - fixed) / 12;  // distinct positions
}

TileLevel quad(glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d, glm::vec3 normal) {
    TileLevel level;
    level.positions = {a, b, c, d};
    level.normals.assign(4, normal);
    level.indices = {0, 1, 2, 0, 2, 3};
    level.triangleBuilding = {7, 7};
    level.triangleSurface = {SurfaceType::Wall, SurfaceType::Wall};
    return level;
}

struct Form {
    std::vector<std::byte> streams;
    std::uint32_t vertices = 0, indices = 0;
};

// Two quads sharing an edge with different normals: 8 vertices, 6 distinct positions.
Form twoQuads() {
    TileLevel level = quad({0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1});
    const TileLevel second = quad({1, 0, 0}, {1, 0, -1}, {1, 1, -1}, {1, 1, 0}, {1, 0, 0});
    for (std::size_t i = 0; i < 4; ++i) {
        level.positions.push_back(second.positions[i]);
        level.normals.push_back(second.normals[i]);
    }
    for (const auto i : second.indices) level.indices.push_back(i + 4);
    level.triangleBuilding.insert(level.triangleBuilding.end(), {8, 8});
    level.triangleSurface.insert(level.triangleSurface.end(), {SurfaceType::Wall, SurfaceType::Wall});
    REQUIRE(requireLossless(level) == 6);
    std::vector<VertexAttributes> attributes;
    levelAttributes(level, attributes);
    Form form{{}, 8, 12};
    StreamScratch scratch;
    streamLevel(level, attributes, 2, scratch, form.streams);
    return form;
}

// File offset of LEVL record 0 (section table at header offset 24, count at 32,
// 32-byte entries; records follow the 16-byte table header).
std::uint64_t firstLevelRecord(const std::vector<std::byte>& bytes) {
    using test::reseal_detail::get;
    std::uint32_t levl = 0;
    std::memcpy(&levl, "LEVL", 4);
    const auto table = get<std::uint64_t>(bytes, 24);
    for (std::uint32_t i = 0; i < get<std::uint32_t>(bytes, 32); ++i)
        if (get<std::uint32_t>(bytes, table + 32 * i) == levl) return get<std::uint64_t>(bytes, table + 32 * i + 8) + 16;
    FAIL("no LEVL section");
    return 0;
}

std::string decodeError(const Form& form) {
    std::vector<std::byte> raw(indexOffset(form.vertices) + form.indices * 2);
    StreamError error;
    if (decodeLevelStreams(form.streams, form.vertices, form.indices, 2, raw, error)) return "no error";
    return "byte " + std::to_string(error.offset) + ": " + error.message;
}

}  // namespace

TEST_CASE("streams form: every level of a tiled city decodes to its raw blob", "[pack][streams]") {
    const auto p = test::packedCity(false, {.columns = 6, .rows = 5});
    std::size_t levels = 0, vertices = 0, distinct = 0;
    for (const Tile& tile : p.tiles.tiles)
        for (const TileLevel& level : tile.levels) {
            distinct += requireLossless(level);
            vertices += level.positions.size();
            ++levels;
        }
    CHECK(levels > 10);
    CHECK(distinct < vertices);  // flat shading repeats positions; the form stores each once per level
}

TEST_CASE("streams form: u32 indices, far references, -0 and +0 kept apart", "[pack][streams]") {
    TileLevel level;
    constexpr std::uint32_t kQuads = 17000;  // 68,000 vertices: u32 indices
    for (std::uint32_t q = 0; q < kQuads; ++q) {
        const float x = static_cast<float>(q);
        const TileLevel one = quad({x, 0, 0}, {x + 1, 0, 0}, {x + 1, 1, 0}, {x, 1, 0}, {0, 0, 1});
        for (std::size_t i = 0; i < 4; ++i) {
            level.positions.push_back(one.positions[i]);
            level.normals.push_back(one.normals[i]);
        }
        for (const auto i : one.indices) level.indices.push_back(i + 4 * q);
        level.triangleBuilding.insert(level.triangleBuilding.end(), {q, q});
        level.triangleSurface.insert(level.triangleSurface.end(), {SurfaceType::Wall, SurfaceType::Wall});
    }
    // A triangle reaching from the end back to the first vertices (large negative deltas),
    // and a vertex at -0 next to the one at +0.
    level.positions.push_back({-0.0f, 0.0f, 0.0f});
    level.normals.push_back({0, 0, 1});
    const auto last = static_cast<std::uint32_t>(level.positions.size() - 1);
    level.indices.insert(level.indices.end(), {last, 1, 3});
    level.triangleBuilding.push_back(0);
    level.triangleSurface.push_back(SurfaceType::Wall);
    REQUIRE(indexSizeOf(level) == 4);
    // Quads share edges: x and x + 1 give 2 (kQuads + 1) distinct positions, plus -0.
    CHECK(requireLossless(level) == 2 * (kQuads + 1) + 1);
}

TEST_CASE("streams form: malformed forms are refused with their offsets", "[pack][streams]") {
    const Form good = twoQuads();
    REQUIRE(decodeError(good) == "no error");
    // Layout: 8 references (u16) at 0, 8 x 8 attribute bytes at 16, 12 index deltas (u16) at 80, positions at 104.
    SECTION("a size that leaves part of a position") {
        Form f = good;
        f.streams.pop_back();
        CHECK_THAT(decodeError(f), Catch::Contains("byte 0: streams form of 175 bytes does not fit 8 vertices"));
    }
    SECTION("a reference further back than the positions taken") {
        Form f = good;
        test::reseal_detail::set<std::uint16_t>(f.streams, 2 * 1, 5);
        CHECK_THAT(decodeError(f), Catch::Contains("byte 2: vertex 1 refers 5 positions back, only 1 are taken"));
    }
    SECTION("more new positions than stored") {
        Form f = good;
        for (std::size_t v = 0; v < 8; ++v) test::reseal_detail::set<std::uint16_t>(f.streams, 2 * v, 0);
        CHECK_THAT(decodeError(f), Catch::Contains("byte 12: vertex 6 takes a new position, but all 6 are taken"));
    }
    SECTION("a stored position no vertex uses") {
        Form f = good;
        f.streams.resize(f.streams.size() + 12, std::byte{0});
        CHECK_THAT(decodeError(f), Catch::Contains("byte 176: 1 distinct positions are used by no vertex"));
    }
}

TEST_CASE("a damaged streams form inside a valid zstd frame is an error at the blob", "[pack][streams][corrupt]") {
    auto bytes = test::packedCity(true, {.columns = 2, .rows = 2}).bytes;
    auto reader = PackReader::fromBytes(bytes, "bad.places");
    REQUIRE(reader.ok());
    const PackLevelInfo info = reader->level(0);
    REQUIRE(info.encoding == PackEncoding::ZstdStreams);
    // Decode level 0's frame, point its first reference far back, and store it
    // again (zstd's strongest level, so it fits the blob's old place).
    std::vector<std::byte> streams(streamBound(info.vertexCount, info.indexCount, info.indexSize));
    const std::size_t n = ZSTD_decompress(streams.data(), streams.size(), bytes.data() + info.fileOffset, info.storedBytes);
    REQUIRE(!ZSTD_isError(n));
    streams.resize(n);
    test::reseal_detail::set<std::uint16_t>(streams, 0, 0x7FFF);
    std::vector<std::byte> frame(ZSTD_compressBound(n));
    frame.resize(ZSTD_compress(frame.data(), frame.size(), streams.data(), n, 19));
    REQUIRE(frame.size() <= info.storedBytes);
    std::memcpy(bytes.data() + info.fileOffset, frame.data(), frame.size());
    // LEVL record 0: storedSize at +24 (the CRC is redone by resealing).
    test::reseal_detail::set<std::uint64_t>(bytes, firstLevelRecord(bytes) + 24, frame.size());
    test::resealPack(bytes);
    auto damaged = PackReader::fromBytes(bytes, "bad.places");
    INFO(damaged.diagnostics.firstError());
    REQUIRE(damaged.ok());
    auto level = damaged->levelData(0);
    CHECK(!level.value);
    CHECK_THAT(level.diagnostics.firstError(),
               Catch::Contains("bad.places@byte " + std::to_string(info.fileOffset) + ": error: level 0: vertex 0 refers 32767 positions back") &&
                   Catch::Contains("(decoded streams byte 0)"));
}

TEST_CASE("packs of version 1.0 still read: raw and plain zstd blobs decode alike", "[pack][compat]") {
    // Written by the 1.0 writer (the fuzz seeds before version 2), kept unchanged.
    const std::string data = std::string(PLACES_SOURCE_DIR) + "/tests/city/data/";
    auto raw = PackReader::open(data + "pack-1.0-raw.places");
    auto zstd = PackReader::open(data + "pack-1.0-zstd.places");
    INFO(raw.diagnostics.firstError() << zstd.diagnostics.firstError());
    REQUIRE(raw.ok());
    REQUIRE(zstd.ok());
    CHECK(raw->versionMajor() == 1);
    CHECK(zstd->versionMajor() == 1);
    CHECK(!zstd->verifyAll().hasErrors());
    REQUIRE(raw->levelCount() == zstd->levelCount());
    std::size_t compressed = 0;
    for (std::size_t l = 0; l < raw->levelCount(); ++l) {
        compressed += zstd->level(l).encoding == PackEncoding::Zstd;
        auto a = raw->levelData(l);
        auto b = zstd->levelData(l);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        CHECK(std::equal(a->vertexBytes.begin(), a->vertexBytes.end(), b->vertexBytes.begin(), b->vertexBytes.end()));
        CHECK(std::equal(a->indexBytes.begin(), a->indexBytes.end(), b->indexBytes.begin(), b->indexBytes.end()));
    }
    CHECK(compressed > 0);
}

TEST_CASE("a version 1 pack may not use the streams encoding of version 2", "[pack][compat][corrupt]") {
    auto mapped = places::MappedFile::open(std::string(PLACES_SOURCE_DIR) + "/tests/city/data/pack-1.0-raw.places");
    REQUIRE(mapped.ok());
    std::vector<std::byte> bytes(mapped->bytes().begin(), mapped->bytes().end());
    const std::uint64_t record = firstLevelRecord(bytes);
    test::reseal_detail::set<std::uint8_t>(bytes, record + 1, 2);  // LEVL record 0: encoding
    test::resealPack(bytes);
    auto refused = PackReader::fromBytes(bytes, "old.places");
    CHECK(!refused.ok());
    CHECK_THAT(refused.diagnostics.firstError(),
               Catch::Contains("old.places@byte " + std::to_string(record + 1) + ": error: level 0 has unknown encoding 2 for version 1"));
}
