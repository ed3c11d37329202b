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
#include "parallel_jobs.hpp"
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

// One tile's level blobs as stored, with their records (offsets filled in
// when the blobs are laid out).
struct EncodedTile {
    std::vector<LevelRecord> records;
    std::vector<std::vector<std::byte>> blobs;
};

// Encodes levels; one per writer thread (its zstd context and scratch are
// reused by every level that thread encodes).
class LevelEncoder {
public:
    void setLevel(bool zstd, int level) {
        if (!zstd) return;
        // One context for every blob: ZSTD_compress would allocate and clear a
        // fresh workspace per call, which costs more than compressing the
        // small blobs of a city.
        context_.reset(ZSTD_createCCtx());
        if (context_) ZSTD_CCtx_setParameter(context_.get(), ZSTD_c_compressionLevel, level);
    }

    // Level 0 is stored on its own (encoding 3); each coarser level is zstd
    // compressed with level 0's planes form as prefix (encoding 4): the
    // simplified level reuses most of the full level's positions and normals,
    // blocks its footprint corners, and zstd finds them there. A level is kept
    // raw where the frame is not smaller.
    EncodedTile encodeTile(const Tile& tile) {
        EncodedTile out;
        bool prefixed = false;  // level 0 is stored as planes: later levels may refer into it
        for (std::size_t l = 0; l < tile.levels.size(); ++l) {
            const TileLevel& level = tile.levels[l];
            LevelRecord r{};
            r.kind = static_cast<std::uint8_t>(level.kind);
            r.indexSize = level.positions.size() <= 65536 ? 2 : 4;
            r.geometricError = level.geometricError;
            r.vertexCount = static_cast<std::uint32_t>(level.positions.size());
            r.indexCount = static_cast<std::uint32_t>(level.indices.size());
            r.rawSize = indexOffset(level.positions.size()) + level.indices.size() * r.indexSize;
            levelAttributes(level, attributes_);
            std::vector<std::byte> blob;
            if (context_ && r.rawSize > 0) {
                std::vector<std::byte>& planes = l == 0 ? first_ : planes_;
                streamLevel(level, attributes_, r.indexSize, scratch_, planes);
                const bool withPrefix = l > 0 && prefixed;
                blob.resize(ZSTD_compressBound(planes.size()));
                ZSTD_CCtx_reset(context_.get(), ZSTD_reset_session_only);
                if (withPrefix) ZSTD_CCtx_refPrefix(context_.get(), first_.data(), first_.size());
                const std::size_t n =
                    ZSTD_compress2(context_.get(), blob.data(), blob.size(), planes.data(), planes.size());
                if (!ZSTD_isError(n) && n < r.rawSize) {
                    blob.resize(n);
                    r.encoding = static_cast<std::uint8_t>(withPrefix ? PackEncoding::ZstdPlanesPrefixed
                                                                      : PackEncoding::ZstdPlanes);
                    if (l == 0) prefixed = true;
                }
            }
            if (r.encoding == static_cast<std::uint8_t>(PackEncoding::Raw)) rawLevel(level, attributes_, r.indexSize, blob);
            out.records.push_back(r);
            out.blobs.push_back(std::move(blob));
        }
        return out;
    }

private:
    std::unique_ptr<ZSTD_CCtx, std::size_t (*)(ZSTD_CCtx*)> context_{nullptr, &ZSTD_freeCCtx};
    std::vector<VertexAttributes> attributes_;
    std::vector<std::byte> first_, planes_;  // planes forms of level 0 and of the level at hand
    StreamScratch scratch_;
};

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

    // Geometry blobs, encoded tile by tile on several threads (encodeTileLevels),
    // then laid out in tile order with the tile and level records that point
    // into them: the same bytes for any thread count.
    std::vector<EncodedTile> encoded(tiles.tiles.size());
    std::vector<LevelEncoder> encoders(jobThreads(options.threads));
    for (LevelEncoder& encoder : encoders) encoder.setLevel(options.zstd, options.zstdLevel);
    runJobs(tiles.tiles.size(), static_cast<unsigned>(encoders.size()), [&](std::size_t t, unsigned worker) {
        encoded[t] = encoders[worker].encodeTile(tiles.tiles[t]);
    });
    ByteWriter geometry;
    std::vector<TileRecord> tileRecords;
    std::vector<LevelRecord> levelRecords;
    bool anyZstd = false;
    std::uint64_t geometryBound = 0;
    for (const EncodedTile& e : encoded)
        for (const auto& blob : e.blobs) geometryBound += alignUp(blob.size(), kAlignment);
    geometry.reserve(geometryBound);
    for (std::size_t ti = 0; ti < tiles.tiles.size(); ++ti) {
        const Tile& tile = tiles.tiles[ti];
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

        for (std::size_t l = 0; l < tile.levels.size(); ++l) {
            LevelRecord r = encoded[ti].records[l];
            const std::vector<std::byte>& blob = encoded[ti].blobs[l];
            stats.rawGeometryBytes += r.rawSize;
            anyZstd = anyZstd || r.encoding != static_cast<std::uint8_t>(PackEncoding::Raw);
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
