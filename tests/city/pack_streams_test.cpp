// The planes form of level blobs (engine/city/src/pack_streams.hpp): lossless
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

// Encodes `level` both ways and checks that the planes form decodes to the raw blob.
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

TEST_CASE("planes form: every level of a tiled city decodes to its raw blob", "[pack][streams]") {
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

TEST_CASE("planes form: u32 indices, far references, -0 and +0 kept apart", "[pack][streams]") {
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

TEST_CASE("planes form: malformed forms are refused with their offsets", "[pack][streams]") {
    const Form good = twoQuads();
    REQUIRE(decodeError(good) == "no error");
    // Layout: 8 references (u16) as two byte planes at 0 and 8, 12 index
    // deltas (u16) as byte planes at 16 and 28, 8 normals at 40, 8
    // building/surface words at 72, 6 positions as x, y, z planes from 104.
    SECTION("a size that leaves part of a position") {
        Form f = good;
        f.streams.pop_back();
        CHECK_THAT(decodeError(f), Catch::Contains("byte 0: planes form of 175 bytes does not fit 8 vertices"));
    }
    SECTION("a reference further back than the positions taken") {
        Form f = good;
        test::reseal_detail::set<std::uint8_t>(f.streams, 1, 5);
        CHECK_THAT(decodeError(f), Catch::Contains("byte 1: vertex 1 refers 5 positions back, only 1 are taken"));
    }
    SECTION("a reference's high byte lies in the second plane") {
        Form f = good;
        test::reseal_detail::set<std::uint8_t>(f.streams, 8 + 1, 1);
        CHECK_THAT(decodeError(f), Catch::Contains("byte 1: vertex 1 refers 256 positions back, only 1 are taken"));
    }
    SECTION("more new positions than stored") {
        Form f = good;
        for (std::size_t b = 0; b < 16; ++b) test::reseal_detail::set<std::uint8_t>(f.streams, b, 0);
        CHECK_THAT(decodeError(f), Catch::Contains("byte 6: vertex 6 takes a new position, but all 6 are taken"));
    }
    SECTION("a stored position no vertex uses") {
        Form f = good;
        f.streams.resize(f.streams.size() + 12, std::byte{0});
        CHECK_THAT(decodeError(f), Catch::Contains("byte 128: 1 distinct positions are used by no vertex"));
    }
}

TEST_CASE("a damaged planes form inside a valid zstd frame is an error at the blob", "[pack][streams][corrupt]") {
    auto bytes = test::packedCity(true, {.columns = 2, .rows = 2}).bytes;
    auto reader = PackReader::fromBytes(bytes, "bad.places");
    REQUIRE(reader.ok());
    const PackLevelInfo info = reader->level(0);
    REQUIRE(info.encoding == PackEncoding::ZstdPlanes);
    // Decode level 0's frame, point its first reference far back, and store it
    // again (zstd's strongest level, so it fits the blob's old place).
    std::vector<std::byte> streams(streamBound(info.vertexCount, info.indexCount, info.indexSize));
    const std::size_t n = ZSTD_decompress(streams.data(), streams.size(), bytes.data() + info.fileOffset, info.storedBytes);
    REQUIRE(!ZSTD_isError(n));
    streams.resize(n);
    // Reference of vertex 0 = 0x7FFF: low byte in the first plane, high byte in the second.
    test::reseal_detail::set<std::uint8_t>(streams, 0, 0xFF);
    test::reseal_detail::set<std::uint8_t>(streams, info.vertexCount, 0x7F);
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
                   Catch::Contains("(decoded planes byte 0)"));
}

TEST_CASE("packs of versions 1.0 and 2.0 are refused with a request to import again", "[pack][compat]") {
    // Written by the 1.0 and 2.0 writers (the fuzz seeds of their time), kept unchanged.
    const std::string data = std::string(PLACES_SOURCE_DIR) + "/tests/city/data/";
    for (const char* name : {"pack-1.0-raw.places", "pack-1.0-zstd.places", "pack-2.0-zstd.places"}) {
        INFO(name);
        auto old = PackReader::open(data + name);
        REQUIRE(!old.ok());
        const std::string version = name[5] == '1' ? "1.0" : "2.0";
        CHECK_THAT(old.diagnostics.firstError(),
                   Catch::Contains(name + std::string("@byte 8: error: unsupported version ") + version +
                                   " (this reader reads 3.x only; import the city again"));
    }
}

TEST_CASE("level encodings: 1 and 2 are gone, 4 only after a tile's first level stored as 3", "[pack][compat][corrupt]") {
    auto good = test::packedCity(true, {.columns = 2, .rows = 2}).bytes;
    auto reader = PackReader::fromBytes(good, "enc.places");
    REQUIRE(reader.ok());
    // A leaf with several levels: its first is 3, the later ones 4.
    std::size_t first = reader->levelCount();
    for (std::size_t t = 0; t < reader->tileCount() && first == reader->levelCount(); ++t)
        if (reader->tile(t).levelCount > 1) first = reader->tile(t).firstLevel;
    REQUIRE(first < reader->levelCount());
    REQUIRE(reader->level(first).encoding == PackEncoding::ZstdPlanes);
    REQUIRE(reader->level(first + 1).encoding == PackEncoding::ZstdPlanesPrefixed);
    CHECK(!reader->verifyAll().hasErrors());
    const std::uint64_t record = firstLevelRecord(good) + 48 * first;
    auto refusal = [&](std::uint64_t at, std::uint8_t encoding) {
        auto bytes = good;
        test::reseal_detail::set<std::uint8_t>(bytes, at + 1, encoding);
        test::resealPack(bytes);
        auto refused = PackReader::fromBytes(bytes, "enc.places");
        return refused.ok() ? std::string("accepted") : refused.diagnostics.firstError();
    };
    for (const std::uint8_t old : {std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{5}})
        CHECK_THAT(refusal(record, old), Catch::Contains("enc.places@byte " + std::to_string(record + 1) +
                                                          ": error: level " + std::to_string(first) +
                                                          " has unknown encoding " + std::to_string(old)));
    CHECK_THAT(refusal(record, 4), Catch::Contains("level " + std::to_string(first) + " has encoding 4") &&
                                       Catch::Contains("it is that first level (needs 3)"));
}
