// Writes the city pack: small index sections first (one read touches them
// all), geometry blobs last, every section and blob 16-byte aligned.
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <type_traits>
#include <unordered_map>

#include "checksum.hpp"
#include "pack_format.hpp"
#include "pack_streams.hpp"
#include "places/city/pack.hpp"
#include "places/core/atomic_write.hpp"
#include "places/core/version.hpp"

namespace places::city {

using namespace pack;

namespace {

class ByteWriter {
public:
    template <class T>
    void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T> && !std::is_pointer_v<T>, "records only; use putBytes");
        const auto* p = reinterpret_cast<const std::byte*>(&value);
        bytes_.insert(bytes_.end(), p, p + sizeof(T));
    }
    void putBytes(std::span<const std::byte> data) { bytes_.insert(bytes_.end(), data.begin(), data.end()); }
    void align(std::uint64_t alignment) { bytes_.resize(alignUp(bytes_.size(), alignment)); }
    std::uint64_t size() const { return bytes_.size(); }
    // Capacity only: the sections and the geometry are megabytes, and growing
    // by doubling would copy them again and again.
    void reserve(std::uint64_t bytes) { bytes_.reserve(bytes); }
    std::vector<std::byte>& bytes() { return bytes_; }

private:
    std::vector<std::byte> bytes_;
};

class StringTable {
public:
    StringTable() { add(""); }
    std::uint32_t add(const std::string& s) {
        auto [it, inserted] = index_.try_emplace(s, static_cast<std::uint32_t>(strings_.size()));
        if (inserted) strings_.push_back(s);
        return it->second;
    }
    void write(ByteWriter& out) const {
        std::uint64_t total = 0;
        for (const auto& s : strings_) total += s.size();
        out.put(StringsHeader{static_cast<std::uint32_t>(strings_.size()), 0, total});
        std::uint32_t offset = 0;
        out.put(offset);
        for (const auto& s : strings_) {
            offset += static_cast<std::uint32_t>(s.size());
            out.put(offset);
        }
        for (const auto& s : strings_) out.putBytes(std::as_bytes(std::span(s.data(), s.size())));
    }

private:
    std::vector<std::string> strings_;
    std::unordered_map<std::string, std::uint32_t> index_;
};

template <class Record>
void writeTable(ByteWriter& out, const std::vector<Record>& records) {
    out.put(TableHeader{static_cast<std::uint32_t>(records.size()), sizeof(Record), 0});
    for (const auto& r : records) out.put(r);
}

void copyBounds(const Bounds& b, double (&min)[3], double (&max)[3]) {
    for (int i = 0; i < 3; ++i) {
        min[i] = b.min[i];
        max[i] = b.max[i];
    }
}

struct Encoded {
    std::vector<std::byte> bytes;
    PackWriteStats stats;
};

Result<Encoded> encode(const City& city, const TileSet& tiles, const PackOptions& options) {
    Result<Encoded> result;
    PackWriteStats stats;
    if (city.buildings.size() >= (1u << 24)) {
        result.diagnostics.error({}, "the pack holds at most 16,777,215 buildings, the city has " +
                                         std::to_string(city.buildings.size()));
        return result;
    }
    StringTable strings;

    MetaRecord meta{};
    meta.metaSize = sizeof(MetaRecord) + sizeof(MetaTerrainRecord);
    meta.crs = strings.add(city.geo.crs);
    meta.verticalCrs = strings.add(city.geo.verticalCrs);
    meta.generator = strings.add(std::string("places ") + kVersion);
    for (int i = 0; i < 3; ++i) meta.origin[i] = city.geo.origin[i];
    copyBounds(city.bounds, meta.boundsMin, meta.boundsMax);
    meta.tileSize = tiles.tileSize;
    meta.gridOrigin[0] = tiles.gridOrigin.x;
    meta.gridOrigin[1] = tiles.gridOrigin.y;
    meta.quadtreeDepth = tiles.depth;
    const ImportSummary& s = city.summary;
    meta.files = s.files;
    meta.buildings = s.buildings;
    meta.parts = s.parts;
    meta.polygons = s.polygons;
    meta.triangles = s.triangles;
    meta.roof = s.surfaces.roof;
    meta.wall = s.surfaces.wall;
    meta.ground = s.surfaces.ground;
    meta.closure = s.surfaces.closure;
    meta.other = s.surfaces.other;
    meta.unknown = s.surfaces.unknown;

    std::vector<SourceRecord> sources;
    for (const auto& name : city.sources) sources.push_back({strings.add(name)});
    std::vector<SkippedRecord> skipped;
    for (const auto& [reason, count] : options.skipped) skipped.push_back({strings.add(reason), 0, count});

    std::vector<BuildingRecordV1> buildings;
    buildings.reserve(city.buildings.size());
    for (const BuildingRecord& b : city.buildings) {
        BuildingRecordV1 r{};
        r.id = strings.add(b.id);
        r.function = strings.add(b.function);
        r.measuredHeight = b.measuredHeight;
        r.parent = b.parent;
        r.kind = static_cast<std::uint8_t>(b.kind);
        r.lodTimes10 = b.lodTimes10;
        r.sourceFile = b.sourceFile;
        copyBounds(b.bounds, r.boundsMin, r.boundsMax);
        buildings.push_back(r);
    }

    // Geometry blobs, and the tile and level records that point into them.
    ByteWriter geometry;
    std::vector<TileRecord> tileRecords;
    std::vector<LevelRecord> levelRecords;
    bool anyZstd = false;
    // One compression context for every blob: ZSTD_compress would allocate and
    // clear a fresh workspace per call, which cost more than compressing the
    // small blobs of a city. Same parameters, so the same bytes.
    const std::unique_ptr<ZSTD_CCtx, std::size_t (*)(ZSTD_CCtx*)> zstd(options.zstd ? ZSTD_createCCtx() : nullptr,
                                                                      &ZSTD_freeCCtx);
    // Scratch reused by every level (no zero-filling of fresh buffers per blob).
    std::vector<VertexAttributes> attributes;
    std::vector<std::byte> raw, streams, packed;
    StreamScratch streamScratch;
    std::uint64_t geometryBound = 0;     // every blob raw (stored blobs are never larger), each aligned
    for (const Tile& tile : tiles.tiles)
        for (const TileLevel& level : tile.levels)
            geometryBound += alignUp(indexOffset(level.positions.size()) + level.indices.size() * 4, kAlignment);
    geometry.reserve(geometryBound);
    for (const Tile& tile : tiles.tiles) {
        if (tile.children.size() > 4) {
            result.diagnostics.error({}, "a quadtree node has more than 4 children");
            return result;
        }
        TileRecord t{};
        t.depth = tile.level;
        t.x = tile.x;
        t.z = tile.z;
        t.parent = tile.parent;
        for (std::size_t c = 0; c < 4; ++c) t.children[c] = c < tile.children.size() ? tile.children[c] : kNone;
        t.childCount = static_cast<std::uint32_t>(tile.children.size());
        t.firstLevel = static_cast<std::uint32_t>(levelRecords.size());
        t.levelCount = static_cast<std::uint32_t>(tile.levels.size());
        for (int i = 0; i < 3; ++i) t.centre[i] = tile.centre[i];
        copyBounds(tile.bounds, t.boundsMin, t.boundsMax);
        tileRecords.push_back(t);

        for (const TileLevel& level : tile.levels) {
            LevelRecord r{};
            r.kind = static_cast<std::uint8_t>(level.kind);
            r.indexSize = level.positions.size() <= 65536 ? 2 : 4;
            r.geometricError = level.geometricError;
            r.vertexCount = static_cast<std::uint32_t>(level.positions.size());
            r.indexCount = static_cast<std::uint32_t>(level.indices.size());
            r.rawSize = indexOffset(level.positions.size()) + level.indices.size() * r.indexSize;
            stats.rawGeometryBytes += r.rawSize;
            levelAttributes(level, attributes);
            std::span<const std::byte> blob;
            if (zstd && r.rawSize > 0) {
                // zstd over the streams form (pack_streams.hpp), kept only where it beats the raw blob.
                streamLevel(level, attributes, r.indexSize, streamScratch, streams);
                // Grows only: no zero-filling of a fresh bound-sized buffer per blob.
                if (packed.size() < ZSTD_compressBound(streams.size())) packed.resize(ZSTD_compressBound(streams.size()));
                const std::size_t n = ZSTD_compressCCtx(zstd.get(), packed.data(), packed.size(), streams.data(),
                                                        streams.size(), options.zstdLevel);
                if (!ZSTD_isError(n) && n < r.rawSize) {
                    blob = std::span<const std::byte>(packed.data(), n);
                    r.encoding = static_cast<std::uint8_t>(PackEncoding::ZstdStreams);
                    anyZstd = true;
                }
            }
            if (r.encoding == static_cast<std::uint8_t>(PackEncoding::Raw)) {
                rawLevel(level, attributes, r.indexSize, raw);
                blob = raw;
            }
            geometry.align(kAlignment);
            r.blobOffset = geometry.size();
            r.storedSize = blob.size();
            r.crc = crc32(blob);
            geometry.putBytes(blob);
            levelRecords.push_back(r);
        }
    }

    // Sections in file order; the table's slots are filled once offsets are known.
    struct Pending {
        std::uint32_t id;
        ByteWriter bytes;
    };
    std::vector<Pending> sections(8);
    sections[0].id = kMeta;
    sections[0].bytes.put(meta);
    sections[0].bytes.put(MetaTerrainRecord{s.terrainObjects, s.surfaces.terrain});
    sections[1].id = kStrings;
    strings.write(sections[1].bytes);
    sections[2].id = kSources;
    writeTable(sections[2].bytes, sources);
    sections[3].id = kSkipped;
    writeTable(sections[3].bytes, skipped);
    sections[4].id = kBuildings;
    writeTable(sections[4].bytes, buildings);
    sections[5].id = kTiles;
    writeTable(sections[5].bytes, tileRecords);
    sections[6].id = kLevels;
    writeTable(sections[6].bytes, levelRecords);
    sections[7].id = kGeometry;
    sections[7].bytes = std::move(geometry);

    ByteWriter file;
    std::uint64_t fileBound = alignUp(sizeof(FileHeader) + sections.size() * sizeof(SectionEntry), kAlignment);
    for (const auto& section : sections) fileBound += alignUp(section.bytes.size(), kAlignment);
    file.reserve(fileBound);
    file.put(FileHeader{});
    const std::uint64_t tableOffset = file.size();
    std::vector<SectionEntry> table(sections.size());
    for (const auto& entry : table) file.put(entry);
    for (std::size_t i = 0; i < sections.size(); ++i) {
        file.align(kAlignment);
        std::vector<std::byte>& bytes = sections[i].bytes.bytes();
        table[i] = {sections[i].id, 0, file.size(), bytes.size(),
                    sections[i].id == kGeometry ? 0u : crc32(bytes), 0};
        file.putBytes(bytes);
    }
    file.align(kAlignment);
    std::vector<std::byte>& out = file.bytes();
    std::memcpy(out.data() + tableOffset, table.data(), table.size() * sizeof(SectionEntry));

    FileHeader header{};
    std::memcpy(header.magic, kMagic, sizeof(kMagic));
    header.versionMajor = kVersionMajor;
    header.versionMinor = kVersionMinor;
    header.headerSize = sizeof(FileHeader);
    header.fileSize = out.size();
    header.sectionTableOffset = tableOffset;
    header.sectionCount = static_cast<std::uint32_t>(table.size());
    header.sectionEntrySize = sizeof(SectionEntry);
    header.flags = anyZstd ? kFlagZstd : 0;
    header.sectionTableCrc = crc32(std::span(out).subspan(tableOffset, table.size() * sizeof(SectionEntry)));
    std::memcpy(out.data(), &header, sizeof(header));
    header.headerCrc = crc32(std::span(out).first(offsetof(FileHeader, headerCrc)));
    std::memcpy(out.data(), &header, sizeof(header));
    stats.bytes = out.size();
    stats.geometryBytes = table.back().size;
    result.value = Encoded{std::move(out), stats};
    return result;
}

}  // namespace

Result<std::vector<std::byte>> encodePack(const City& city, const TileSet& tiles, const PackOptions& options) {
    Result<std::vector<std::byte>> result;
    auto encoded = encode(city, tiles, options);
    result.diagnostics = std::move(encoded.diagnostics);
    if (encoded.value) result.value = std::move(encoded.value->bytes);
    return result;
}

Result<PackWriteStats> writePack(const City& city, const TileSet& tiles, const std::string& path,
                                 const PackOptions& options) {
    Result<PackWriteStats> result;
    auto encoded = encode(city, tiles, options);
    result.diagnostics = std::move(encoded.diagnostics);
    if (!encoded.value) return result;
    const std::vector<std::byte>& bytes = encoded.value->bytes;
    // Temporary file + rename: a crash never leaves a half pack under `path`.
    if (!writeFileAtomically(path, bytes, "the city pack", result.diagnostics)) return result;
    result.value = encoded.value->stats;
    return result;
}

}  // namespace places::city
