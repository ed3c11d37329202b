#pragma once
// The on-disk records of the city pack, version 3 (docs/formats/city-pack.md).
// Private to places_city. Records are read and written with memcpy, so the
// file may be mapped at any address; layouts are pinned by static_asserts.
#include <bit>
#include <cstddef>
#include <cstdint>

namespace places::city::pack {

static_assert(std::endian::native == std::endian::little, "the pack is little-endian; add byte swapping");

inline constexpr unsigned char kMagic[8] = {0x89, 'P', 'L', 'C', '\r', '\n', 0x1A, '\n'};
// 3.0 replaced the level encodings (planes form, prefix of the tile's first
// level); the reader reads 3.x only and refuses older packs with an error
// asking for a new import (the import cache re-imports them by itself).
// The same 3.0 also added terrain (object kind 3, surface type 6, META's two
// terrain counts); both changes were made before 3.0 was released.
inline constexpr std::uint16_t kVersionMajor = 3;
inline constexpr std::uint16_t kVersionMinor = 0;
inline constexpr std::uint64_t kAlignment = 16;  // sections and geometry blobs

constexpr std::uint32_t fourcc(char a, char b, char c, char d) {
    return std::uint32_t(std::uint8_t(a)) | std::uint32_t(std::uint8_t(b)) << 8 |
           std::uint32_t(std::uint8_t(c)) << 16 | std::uint32_t(std::uint8_t(d)) << 24;
}
inline constexpr std::uint32_t kMeta = fourcc('M', 'E', 'T', 'A');
inline constexpr std::uint32_t kStrings = fourcc('S', 'T', 'R', 'S');
inline constexpr std::uint32_t kSources = fourcc('S', 'R', 'C', 'S');
inline constexpr std::uint32_t kSkipped = fourcc('S', 'K', 'I', 'P');
inline constexpr std::uint32_t kBuildings = fourcc('B', 'L', 'D', 'G');
inline constexpr std::uint32_t kTiles = fourcc('T', 'I', 'L', 'E');
inline constexpr std::uint32_t kLevels = fourcc('L', 'E', 'V', 'L');
inline constexpr std::uint32_t kGeometry = fourcc('G', 'E', 'O', 'M');

inline constexpr std::uint32_t kFlagZstd = 1u << 0;      // header flag: some blob is zstd
inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;      // "no child"

struct FileHeader {                 // at offset 0
    unsigned char magic[8];
    std::uint16_t versionMajor;
    std::uint16_t versionMinor;
    std::uint32_t headerSize;       // 64
    std::uint64_t fileSize;
    std::uint64_t sectionTableOffset;
    std::uint32_t sectionCount;
    std::uint32_t sectionEntrySize;  // 32
    std::uint32_t flags;
    std::uint32_t sectionTableCrc;  // CRC-32 of the whole section table
    std::uint8_t reserved[12];
    std::uint32_t headerCrc;        // CRC-32 of bytes 0..59
};
static_assert(sizeof(FileHeader) == 64 && offsetof(FileHeader, headerCrc) == 60);

struct SectionEntry {
    std::uint32_t id;        // fourcc
    std::uint32_t flags;     // 0
    std::uint64_t offset;    // from the file start, multiple of 16
    std::uint64_t size;      // bytes, without padding
    std::uint32_t crc;       // CRC-32 of the section's bytes; 0 for GEOM (blobs carry their own)
    std::uint32_t reserved;
};
static_assert(sizeof(SectionEntry) == 32);

// Every table section (SRCS, SKIP, BLDG, TILE, LEVL) starts with this.
struct TableHeader {
    std::uint32_t count;
    std::uint32_t recordSize;  // >= the record size below; readers stride by it
    std::uint64_t reserved;
};
static_assert(sizeof(TableHeader) == 16);

struct MetaRecord {
    std::uint32_t metaSize;  // sizeof(MetaRecord) in this version
    std::uint32_t crs, verticalCrs, generator;  // string indices
    double origin[3];
    double boundsMin[3], boundsMax[3];
    double tileSize;
    double gridOrigin[2];
    std::uint32_t quadtreeDepth;
    std::uint32_t reserved;
    std::uint64_t files, buildings, parts, polygons, triangles;
    std::uint64_t roof, wall, ground, closure, other, unknown;
};
static_assert(sizeof(MetaRecord) == 208 && offsetof(MetaRecord, files) == 120);

// Follows MetaRecord in META from version 3.0 (metaSize 224); absent (zero) before.
struct MetaTerrainRecord {
    std::uint64_t terrainObjects;    // terrain records in BLDG (relief read + derived ground pieces)
    std::uint64_t terrainTriangles;  // full-detail triangles of surface type terrain
};
static_assert(sizeof(MetaTerrainRecord) == 16);

// STRS: u32 count, u32 reserved, u64 byteSize, then u32 offsets[count + 1]
// into the byte area that follows them. String 0 is always "".
struct StringsHeader {
    std::uint32_t count;
    std::uint32_t reserved;
    std::uint64_t byteSize;
};
static_assert(sizeof(StringsHeader) == 16);

struct SourceRecord {
    std::uint32_t name;  // string index
};

struct SkippedRecord {
    std::uint32_t reason;  // string index
    std::uint32_t reserved;
    std::uint64_t count;
};
static_assert(sizeof(SkippedRecord) == 16);

struct BuildingRecordV1 {
    std::uint32_t id, function;  // string indices
    float measuredHeight;        // < 0 = absent
    std::int32_t parent;         // building index or -1
    std::uint8_t kind;           // ObjectKind
    std::uint8_t lodTimes10;
    std::uint16_t sourceFile;    // index into SRCS
    std::uint32_t reserved;
    double boundsMin[3], boundsMax[3];  // local frame; min > max = empty
};
static_assert(sizeof(BuildingRecordV1) == 72 && offsetof(BuildingRecordV1, boundsMin) == 24);

struct TileRecord {
    std::uint32_t depth;
    std::int32_t x, z;
    std::int32_t parent;         // tile index or -1 (root)
    std::uint32_t children[4];   // tile indices, kNone after the last
    std::uint32_t childCount;
    std::uint32_t firstLevel, levelCount;
    std::uint32_t reserved;
    double centre[3];
    double boundsMin[3], boundsMax[3];
};
static_assert(sizeof(TileRecord) == 120 && offsetof(TileRecord, centre) == 48);

struct LevelRecord {
    std::uint8_t kind;           // LevelKind
    std::uint8_t encoding;       // PackEncoding
    std::uint8_t indexSize;      // 2 or 4
    std::uint8_t reserved0;
    float geometricError;        // metres
    std::uint32_t vertexCount, indexCount;
    std::uint64_t blobOffset;    // from the GEOM section start, multiple of 16
    std::uint64_t storedSize;    // bytes in the file
    std::uint64_t rawSize;       // bytes after decoding
    std::uint32_t crc;           // CRC-32 of the stored bytes
    std::uint32_t reserved1;
};
static_assert(sizeof(LevelRecord) == 48 && offsetof(LevelRecord, blobOffset) == 16);

inline constexpr std::uint64_t kVertexSize = 20;

constexpr std::uint64_t alignUp(std::uint64_t v, std::uint64_t a) { return (v + a - 1) / a * a; }
// Within a raw blob: vertices at 0, indices at the next multiple of 16.
constexpr std::uint64_t indexOffset(std::uint64_t vertexCount) { return alignUp(vertexCount * kVertexSize, kAlignment); }

}  // namespace places::city::pack
