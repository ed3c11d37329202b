#pragma once
// The city pack (.places): one file holding a tiled city ready to draw
// (docs/formats/city-pack.md is the normative description).
//
// Writing: writePack() / encodePack() take the City and the TileSet built from
// it. Reading: PackReader maps the file (or views caller-owned bytes) and
// validates EAGERLY everything but the geometry on open: header, section table,
// every section's CRC-32, and every record (string indices, parents, children,
// level ranges, blob ranges and sizes). Geometry blobs are validated LAZILY:
// levelData() checks the blob's CRC-32 (and decompresses zstd) when a tile is
// first used, so opening a large pack costs only its small index; verifyAll()
// checks every blob up front. Malformed input never crashes: every problem is
// an error naming the file, the byte offset and what is wrong.
// Threads: a PackReader is immutable after open; levelData() may be called
// from several threads at once (zstd contexts are per thread).
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/city/tiling.hpp"
#include "places/core/diagnostic.hpp"
#include "places/core/mapped_file.hpp"

namespace places::city {

struct PackOptions {
    // Compress each level blob: zstd over its planes form (encodings 3 and 4,
    // kept raw where that is not smaller). On by default: packs travel to
    // visitors' headsets and this makes them ~5x smaller. Off = blobs usable
    // in place from the mapping.
    bool zstd = true;
    // zstd's level (any level decodes the same way; negative = its fast
    // modes, up to 19). 3 on the planes form: Delfshaven's pack at 27 % of
    // its CityJSON instead of 2.0's 43.5 % at -3 (docs/performance-pack.md).
    int zstdLevel = 3;
    // Threads encoding tiles (0 = one per hardware thread). The pack's bytes
    // do not depend on it.
    unsigned threads = 0;
    // Skipped/salvaged counts of the import by reason (Diagnostics::counters()).
    std::map<std::string, std::uint64_t> skipped;
};

struct PackWriteStats {
    std::uint64_t bytes = 0;              // whole file
    std::uint64_t geometryBytes = 0;      // level blobs as stored
    std::uint64_t rawGeometryBytes = 0;   // level blobs uncompressed
};

// Builds the pack in memory (tests, fuzz seeds) or writes it to `path`.
// Fails only on data the format cannot hold (>= 2^24 buildings, > 4 children).
Result<std::vector<std::byte>> encodePack(const City& city, const TileSet& tiles, const PackOptions& options);
Result<PackWriteStats> writePack(const City& city, const TileSet& tiles, const std::string& path,
                                 const PackOptions& options);

// The vertex as stored and uploaded: 20 bytes, little-endian, 4-byte aligned.
struct PackVertex {
    float position[3];               // metres, relative to the tile centre, local frame axes
    std::int16_t normal[2];          // octahedral unit normal, snorm16 (see encodeOctNormal)
    std::uint32_t buildingAndSurface;  // bits 0-23 building index, bits 24-31 SurfaceType

    std::uint32_t building() const { return buildingAndSurface & 0xFFFFFFu; }
    SurfaceType surface() const { return static_cast<SurfaceType>(buildingAndSurface >> 24); }
};
static_assert(sizeof(PackVertex) == 20);

std::array<std::int16_t, 2> encodeOctNormal(const glm::vec3& unit);
glm::vec3 decodeOctNormal(std::int16_t x, std::int16_t y);

// How a level blob is stored (pack 3.x; 1 and 2 were the encodings of
// versions 1 and 2, which this reader refuses).
enum class PackEncoding : std::uint8_t {
    Raw = 0,                 // the blob as uploaded
    ZstdPlanes = 3,          // one zstd frame of the blob's planes form
    ZstdPlanesPrefixed = 4,  // same, compressed with the tile's first level's planes form as prefix
};

struct PackLevelInfo {
    LevelKind kind = LevelKind::Full;
    PackEncoding encoding = PackEncoding::Raw;
    std::uint8_t indexSize = 4;          // bytes per index: 2 or 4
    float geometricError = 0.0f;         // metres
    std::uint32_t vertexCount = 0;
    std::uint32_t indexCount = 0;
    std::uint64_t fileOffset = 0;        // of the stored blob
    std::uint64_t storedBytes = 0;
    std::uint64_t rawBytes = 0;
};

struct PackTileInfo {
    std::uint32_t depth = 0;
    std::int32_t x = 0, z = 0;
    std::int32_t parent = -1;
    std::vector<std::uint32_t> children;
    std::uint32_t firstLevel = 0, levelCount = 0;  // into the pack's level table
    glm::dvec3 centre{0.0};
    Bounds bounds;
};

struct PackBuilding {
    std::string_view id;        // views into the pack's string table
    std::string_view function;
    float measuredHeight = -1.0f;
    std::int32_t parent = -1;
    ObjectKind kind = ObjectKind::Building;
    std::uint8_t lodTimes10 = 0;
    std::uint16_t sourceFile = 0;
    Bounds bounds;
};

// One level's geometry, ready to upload. For raw levels the spans point into
// the mapping (no copy); for zstd levels into the decompressed buffer owned by
// this view. Move-only so the spans never dangle.
class LevelView {
public:
    LevelView() = default;
    LevelView(LevelView&&) noexcept = default;
    LevelView& operator=(LevelView&&) noexcept = default;
    LevelView(const LevelView&) = delete;
    LevelView& operator=(const LevelView&) = delete;

    std::span<const std::byte> vertexBytes;  // vertexCount * 20
    std::span<const std::byte> indexBytes;   // indexCount * indexSize
    std::uint32_t vertexCount = 0;
    std::uint32_t indexCount = 0;
    std::uint8_t indexSize = 4;

    PackVertex vertex(std::size_t i) const;
    std::uint32_t index(std::size_t i) const;

private:
    friend class PackReader;
    std::unique_ptr<std::byte[]> owned_;
};

// Decodes a level into the TileLevel form (float normals, 32-bit indices,
// per-triangle attributes from the first corner), e.g. for tests and export.
TileLevel toTileLevel(const LevelView& view, const PackLevelInfo& info);

struct PackSummary {
    GeoReference geo;
    Bounds bounds;                 // local frame
    double tileSize = 0.0;
    std::uint32_t quadtreeDepth = 0;
    glm::dvec2 gridOrigin{0.0};
    ImportSummary import;
    std::string generator;
    std::vector<std::string> sources;
    std::vector<std::pair<std::string, std::uint64_t>> skipped;
};

class PackReader {
public:
    // Maps the file; the reader owns the mapping.
    static Result<PackReader> open(const std::string& path);
    // Views `bytes` without copying; the caller keeps them alive and unchanged.
    static Result<PackReader> fromBytes(std::span<const std::byte> bytes, std::string name);

    PackReader(PackReader&&) noexcept = default;
    PackReader& operator=(PackReader&&) noexcept = default;
    PackReader(const PackReader&) = delete;
    PackReader& operator=(const PackReader&) = delete;

    const std::string& name() const { return name_; }
    std::uint64_t fileSize() const { return bytes_.size(); }
    std::uint16_t versionMajor() const { return versionMajor_; }
    std::uint16_t versionMinor() const { return versionMinor_; }
    const PackSummary& summary() const { return summary_; }

    std::size_t buildingCount() const;
    PackBuilding building(std::size_t index) const;
    std::size_t tileCount() const;
    PackTileInfo tile(std::size_t index) const;
    std::size_t levelCount() const;  // over all tiles
    PackLevelInfo level(std::size_t index) const;

    // Checks the blob's CRC-32, decompresses zstd; errors name file and offset.
    Result<LevelView> levelData(std::size_t levelIndex) const;
    // Every blob checked and decoded once; returns all errors found.
    Diagnostics verifyAll() const;

private:
    PackReader() = default;
    static Result<PackReader> parse(PackReader reader);
    static bool validate(PackReader& reader, Diagnostics& diagnostics);

    // A validated table section: `count` records of `stride` bytes at `offset`.
    struct Table {
        std::uint64_t offset = 0;
        std::uint32_t count = 0;
        std::uint32_t stride = 0;
    };
    template <class Record>
    Record record(const Table& table, std::size_t index) const;
    std::string_view string(std::uint32_t index) const;
    // Zstd-decodes a compressed level's planes form into `out` (with `prefix`
    // for encoding 4); the decoded bytes, or nullopt with an error.
    std::optional<std::span<const std::byte>> decodePlanes(std::size_t levelIndex, bool checkCrc,
                                                           std::span<const std::byte> prefix,
                                                           std::vector<std::byte>& out, Diagnostics& diagnostics) const;

    MappedFile file_;
    std::span<const std::byte> bytes_;
    std::string name_;
    std::uint16_t versionMajor_ = 0, versionMinor_ = 0;
    PackSummary summary_;
    std::uint64_t stringOffsets_ = 0, stringBytes_ = 0;  // file offsets
    std::uint32_t stringCount_ = 0;
    Table buildings_, tiles_, levels_;
    std::uint64_t geometryOffset_ = 0, geometrySize_ = 0;
    std::vector<std::uint32_t> prefixLevel_;  // per level: its prefix level (encoding 4); empty when none has one
};

}  // namespace places::city
