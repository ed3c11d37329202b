#pragma once
// A minimal GLB reader for the export tests: the header, the JSON chunk parsed,
// the BIN chunk's bytes. Structural defects fail the calling test (REQUIRE).
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

namespace places::city::test {

struct Glb {
    nlohmann::json json;
    std::vector<std::byte> jsonChunk;  // the JSON chunk as stored, padding included
    std::vector<std::byte> bin;        // the BIN chunk's data
};

inline std::uint32_t glbU32(const std::vector<std::byte>& bytes, std::size_t at) {
    REQUIRE(at + 4 <= bytes.size());
    std::uint32_t v;
    std::memcpy(&v, bytes.data() + at, 4);
    return v;
}

inline Glb parseGlb(const std::vector<std::byte>& bytes) {
    REQUIRE(bytes.size() >= 20);
    REQUIRE(glbU32(bytes, 0) == 0x46546C67);  // "glTF"
    REQUIRE(glbU32(bytes, 4) == 2);
    REQUIRE(glbU32(bytes, 8) == bytes.size());
    const std::uint32_t jsonLength = glbU32(bytes, 12);
    REQUIRE(glbU32(bytes, 16) == 0x4E4F534A);  // "JSON"
    REQUIRE(jsonLength % 4 == 0);
    REQUIRE(20 + std::size_t{jsonLength} <= bytes.size());
    Glb glb;
    const auto jsonBegin = bytes.begin() + 20;
    glb.jsonChunk.assign(jsonBegin, jsonBegin + jsonLength);
    glb.json = nlohmann::json::parse(reinterpret_cast<const char*>(bytes.data()) + 20,
                                     reinterpret_cast<const char*>(bytes.data()) + 20 + jsonLength);
    const std::size_t binAt = 20 + jsonLength;
    if (binAt == bytes.size()) return glb;  // no geometry, no BIN chunk
    const std::uint32_t binLength = glbU32(bytes, binAt);
    REQUIRE(glbU32(bytes, binAt + 4) == 0x004E4942);  // "BIN\0"
    REQUIRE(binAt + 8 + std::size_t{binLength} == bytes.size());
    glb.bin.assign(bytes.begin() + static_cast<std::ptrdiff_t>(binAt + 8), bytes.end());
    return glb;
}

}  // namespace places::city::test
