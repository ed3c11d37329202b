// Reads and validates the city pack. Every check names the byte offset of the
// field that is wrong, so a broken file can be inspected with a hex dump.
#include <zstd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "checksum.hpp"
#include "pack_format.hpp"
#include "pack_streams.hpp"
#include "places/city/pack.hpp"

namespace places::city {

using namespace pack;

namespace {

// zstd levels may claim any decoded size; refuse absurd ones before allocating.
constexpr std::uint64_t kMaxRawLevelBytes = 1ull << 30;
constexpr std::uint64_t kMaxZstdRatio = 1024;

bool inRange(std::uint64_t offset, std::uint64_t size, std::uint64_t total) {
    return offset <= total && size <= total - offset;
}

template <class T>
T load(std::span<const std::byte> bytes, std::uint64_t offset) {
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
}

std::string hex(std::uint32_t v) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08x", v);
    return buffer;
}

std::string sectionName(std::uint32_t id) {
    std::string name;
    for (int i = 0; i < 4; ++i) {
        const char c = static_cast<char>((id >> (8 * i)) & 0xFF);
        if (c < 0x20 || c > 0x7E) return hex(id);
        name += c;
    }
    return name;
}


Bounds toBounds(const double (&min)[3], const double (&max)[3]) {
    Bounds b;
    b.min = {min[0], min[1], min[2]};
    b.max = {max[0], max[1], max[2]};
    return b;
}

// The checks of one parse, reporting the first problem with its offset.
class Checker {
public:
    Checker(const std::string& name, Diagnostics& diagnostics) : name_(name), diagnostics_(diagnostics) {}
    bool fail(std::uint64_t offset, const std::string& message) {
        diagnostics_.error({name_, 0, 0, offset}, message);
        return false;
    }

private:
    const std::string& name_;
    Diagnostics& diagnostics_;
};

// ZSTD_decompress() would set up a fresh context (~100 KB) per level; reusing
// one per thread makes decoding many small levels several times faster.
ZSTD_DCtx* decoderContext() {
    struct Free {
        void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
    };
    thread_local std::unique_ptr<ZSTD_DCtx, Free> context(ZSTD_createDCtx());
    return context.get();
}

struct Span {
    std::uint64_t offset = 0, size = 0, entry = 0;  // entry: file offset of its table slot
    std::uint32_t id = 0;
    bool present = false;
};

}  // namespace

template <class Record>
Record PackReader::record(const Table& table, std::size_t index) const {
    return load<Record>(bytes_, table.offset + sizeof(TableHeader) + std::uint64_t(index) * table.stride);
}

std::string_view PackReader::string(std::uint32_t index) const {
    const auto begin = load<std::uint32_t>(bytes_, stringOffsets_ + 4ull * index);
    const auto end = load<std::uint32_t>(bytes_, stringOffsets_ + 4ull * index + 4);
    return {reinterpret_cast<const char*>(bytes_.data() + stringBytes_ + begin), end - begin};
}

Result<PackReader> PackReader::open(const std::string& path) {
    Result<PackReader> result;
    auto mapped = MappedFile::open(path);
    if (!mapped) {
        result.diagnostics.append(mapped.diagnostics);
        return result;
    }
    PackReader reader;
    reader.file_ = std::move(*mapped.value);
    reader.bytes_ = reader.file_.bytes();
    reader.name_ = path;
    return parse(std::move(reader));
}

Result<PackReader> PackReader::fromBytes(std::span<const std::byte> bytes, std::string name) {
    PackReader reader;
    reader.bytes_ = bytes;
    reader.name_ = std::move(name);
    return parse(std::move(reader));
}

bool PackReader::validate(PackReader& reader, Diagnostics& diagnostics) {
    Checker check(reader.name_, diagnostics);
    const std::span<const std::byte> bytes = reader.bytes_;
    const std::uint64_t size = bytes.size();

    // Header.
    if (size < sizeof(FileHeader)) {
        check.fail(size, "truncated: the file has " + std::to_string(size) + " bytes, the header alone needs 64");
        return false;
    }
    const auto header = load<FileHeader>(bytes, 0);
    if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0) {
        check.fail(0, "bad magic: not a Places city pack (expected 89 50 4C 43 0D 0A 1A 0A)");
        return false;
    }
    if (header.versionMajor != kVersionMajor) {
        check.fail(offsetof(FileHeader, versionMajor),
                   "unsupported version " + std::to_string(header.versionMajor) + "." +
                       std::to_string(header.versionMinor) + " (this reader reads " + std::to_string(kVersionMajor) +
                       ".x only" +
                       (header.versionMajor < kVersionMajor ? "; import the city again with this version of places)"
                                                            : "; a newer places wrote it)"));
        return false;
    }
    const std::uint32_t headerCrc = crc32(bytes.first(offsetof(FileHeader, headerCrc)));
    if (headerCrc != header.headerCrc) {
        check.fail(offsetof(FileHeader, headerCrc), "header checksum mismatch (stored " + hex(header.headerCrc) +
                                                        ", computed " + hex(headerCrc) + ")");
        return false;
    }
    if (header.headerSize != sizeof(FileHeader)) {
        check.fail(offsetof(FileHeader, headerSize), "header size " + std::to_string(header.headerSize) + ", expected 64");
        return false;
    }
    if (header.fileSize != size) {
        check.fail(offsetof(FileHeader, fileSize),
                   "file size mismatch: the header says " + std::to_string(header.fileSize) + " bytes, the file has " +
                       std::to_string(size) + (size < header.fileSize ? " (truncated)" : ""));
        return false;
    }
    if (header.sectionEntrySize < sizeof(SectionEntry) || header.sectionEntrySize % 8 != 0) {
        check.fail(offsetof(FileHeader, sectionEntrySize),
                   "section entry size " + std::to_string(header.sectionEntrySize) + " (need a multiple of 8, >= 32)");
        return false;
    }
    const std::uint64_t tableOffset = header.sectionTableOffset;
    const std::uint64_t tableSize = std::uint64_t(header.sectionCount) * header.sectionEntrySize;
    if (tableOffset < sizeof(FileHeader) || tableOffset % 8 != 0 || !inRange(tableOffset, tableSize, size)) {
        check.fail(offsetof(FileHeader, sectionTableOffset),
                   "section table (offset " + std::to_string(tableOffset) + ", " + std::to_string(header.sectionCount) +
                       " entries) does not fit in the file of " + std::to_string(size) + " bytes");
        return false;
    }
    const std::uint32_t tableCrc = crc32(bytes.subspan(tableOffset, tableSize));
    if (tableCrc != header.sectionTableCrc) {
        check.fail(offsetof(FileHeader, sectionTableCrc), "section table checksum mismatch (stored " +
                                                              hex(header.sectionTableCrc) + ", computed " + hex(tableCrc) + ")");
        return false;
    }

    // Section table: known sections once each, aligned, inside the file, disjoint.
    const std::uint32_t known[] = {kMeta, kStrings, kSources, kSkipped, kBuildings, kTiles, kLevels, kGeometry};
    Span spans[8];
    std::vector<Span> all{{0, sizeof(FileHeader), 0, 0, true}, {tableOffset, tableSize, offsetof(FileHeader, sectionTableOffset), 0, true}};
    for (std::uint32_t i = 0; i < header.sectionCount; ++i) {
        const std::uint64_t at = tableOffset + std::uint64_t(i) * header.sectionEntrySize;
        const auto entry = load<SectionEntry>(bytes, at);
        const std::string what = "section " + sectionName(entry.id);
        if (entry.offset % kAlignment != 0)
            return check.fail(at + 8, what + " offset " + std::to_string(entry.offset) + " is not 16-byte aligned");
        if (!inRange(entry.offset, entry.size, size))
            return check.fail(at + 8, what + " (offset " + std::to_string(entry.offset) + ", " +
                                          std::to_string(entry.size) + " bytes) lies outside the file of " +
                                          std::to_string(size) + " bytes");
        all.push_back({entry.offset, entry.size, at, entry.id, true});
        const auto slot = std::find(std::begin(known), std::end(known), entry.id);
        if (slot == std::end(known)) continue;  // unknown sections are skipped (minor versions may add some)
        Span& span = spans[slot - std::begin(known)];
        if (span.present) return check.fail(at, what + " appears twice");
        span = all.back();
        if (entry.id != kGeometry) {
            const std::uint32_t crc = crc32(bytes.subspan(entry.offset, entry.size));
            if (crc != entry.crc)
                return check.fail(entry.offset, "checksum mismatch in " + what + " (stored " + hex(entry.crc) +
                                                    ", computed " + hex(crc) + ")");
        }
    }
    std::sort(all.begin(), all.end(), [](const Span& a, const Span& b) { return a.offset < b.offset; });
    for (std::size_t i = 1; i < all.size(); ++i) {
        if (all[i - 1].offset + all[i - 1].size > all[i].offset && all[i].size > 0 && all[i - 1].size > 0)
            return check.fail(all[i].entry, "section " + sectionName(all[i].id) + " at " + std::to_string(all[i].offset) +
                                                " overlaps " + (all[i - 1].id ? "section " + sectionName(all[i - 1].id)
                                                                              : std::string("the header or section table")));
    }
    for (std::size_t k = 0; k < std::size(known); ++k)
        if (!spans[k].present)
            return check.fail(tableOffset, "required section " + sectionName(known[k]) + " is missing");
    const Span &metaSpan = spans[0], &strSpan = spans[1], &srcSpan = spans[2], &skipSpan = spans[3],
               &bldgSpan = spans[4], &tileSpan = spans[5], &levlSpan = spans[6], &geomSpan = spans[7];

    // Strings: offsets non-decreasing, inside the byte area; string 0 empty.
    if (strSpan.size < sizeof(StringsHeader))
        return check.fail(strSpan.offset, "section STRS is " + std::to_string(strSpan.size) + " bytes, its header needs 16");
    const auto strings = load<StringsHeader>(bytes, strSpan.offset);
    const std::uint64_t offsetsSize = (std::uint64_t(strings.count) + 1) * 4;
    if (strings.count == 0 || offsetsSize > strSpan.size - sizeof(StringsHeader) ||
        strings.byteSize > strSpan.size - sizeof(StringsHeader) - offsetsSize)
        return check.fail(strSpan.offset, std::to_string(strings.count) + " strings of " + std::to_string(strings.byteSize) +
                                              " bytes do not fit in section STRS of " + std::to_string(strSpan.size) + " bytes");
    reader.stringCount_ = strings.count;
    reader.stringOffsets_ = strSpan.offset + sizeof(StringsHeader);
    reader.stringBytes_ = reader.stringOffsets_ + offsetsSize;
    std::uint32_t previous = 0;
    for (std::uint64_t i = 0; i <= strings.count; ++i) {
        const auto value = load<std::uint32_t>(bytes, reader.stringOffsets_ + 4 * i);
        const bool ok = i == 0 ? value == 0 : (value >= previous && value <= strings.byteSize) && (i != 1 || value == 0);
        if (!ok || (i == strings.count && value != strings.byteSize))
            return check.fail(reader.stringOffsets_ + 4 * i, "string offset " + std::to_string(i) + " = " +
                                                                 std::to_string(value) + " is out of order or range");
        previous = value;
    }
    const auto validString = [&](std::uint32_t index, std::uint64_t at) {
        return index < strings.count || check.fail(at, "string index " + std::to_string(index) + " >= " +
                                                            std::to_string(strings.count) + " strings");
    };

    // Table sections: header, record size, count that fits.
    const auto table = [&](const Span& span, std::uint32_t recordSize, Table& out) {
        const std::string what = "section " + sectionName(span.id);
        if (span.size < sizeof(TableHeader))
            return check.fail(span.offset, what + " is " + std::to_string(span.size) + " bytes, its header needs 16");
        const auto th = load<TableHeader>(bytes, span.offset);
        if (th.recordSize < recordSize || th.recordSize % 4 != 0)
            return check.fail(span.offset + 4, what + " record size " + std::to_string(th.recordSize) + ", need >= " +
                                                   std::to_string(recordSize));
        if (th.count > (span.size - sizeof(TableHeader)) / th.recordSize)
            return check.fail(span.offset, what + ": " + std::to_string(th.count) + " records of " +
                                               std::to_string(th.recordSize) + " bytes do not fit in " +
                                               std::to_string(span.size) + " bytes");
        out = {span.offset, th.count, th.recordSize};
        return true;
    };
    Table sources, skipped;
    if (!table(srcSpan, sizeof(SourceRecord), sources) || !table(skipSpan, sizeof(SkippedRecord), skipped) ||
        !table(bldgSpan, sizeof(BuildingRecordV1), reader.buildings_) || !table(tileSpan, sizeof(TileRecord), reader.tiles_) ||
        !table(levlSpan, sizeof(LevelRecord), reader.levels_))
        return false;
    const auto at = [](const Table& t, std::size_t i) { return t.offset + sizeof(TableHeader) + std::uint64_t(i) * t.stride; };

    // META.
    if (metaSpan.size < sizeof(MetaRecord))
        return check.fail(metaSpan.offset, "section META is " + std::to_string(metaSpan.size) + " bytes, need >= 208");
    const auto meta = load<MetaRecord>(bytes, metaSpan.offset);
    if (meta.metaSize < sizeof(MetaRecord) || meta.metaSize > metaSpan.size)
        return check.fail(metaSpan.offset, "META size field " + std::to_string(meta.metaSize) + " is out of range");
    if (!validString(meta.crs, metaSpan.offset + 4) || !validString(meta.verticalCrs, metaSpan.offset + 8) ||
        !validString(meta.generator, metaSpan.offset + 12))
        return false;
    PackSummary& summary = reader.summary_;
    summary.geo.crs = reader.string(meta.crs);
    summary.geo.verticalCrs = reader.string(meta.verticalCrs);
    summary.generator = reader.string(meta.generator);
    summary.geo.origin = {meta.origin[0], meta.origin[1], meta.origin[2]};
    summary.bounds = toBounds(meta.boundsMin, meta.boundsMax);
    summary.tileSize = meta.tileSize;
    summary.gridOrigin = {meta.gridOrigin[0], meta.gridOrigin[1]};
    summary.quadtreeDepth = meta.quadtreeDepth;
    summary.import = {meta.files, meta.buildings, meta.parts, 0, meta.polygons, meta.triangles,
                      {meta.roof, meta.wall, meta.ground, meta.closure, meta.other, meta.unknown, 0}};
    if (meta.metaSize >= sizeof(MetaRecord) + sizeof(MetaTerrainRecord)) {
        const auto terrain = load<MetaTerrainRecord>(bytes, metaSpan.offset + sizeof(MetaRecord));
        summary.import.terrainObjects = terrain.terrainObjects;
        summary.import.surfaces.terrain = terrain.terrainTriangles;
    }

    for (std::uint32_t i = 0; i < sources.count; ++i) {
        const auto r = reader.record<SourceRecord>(sources, i);
        if (!validString(r.name, at(sources, i))) return false;
        summary.sources.emplace_back(reader.string(r.name));
    }
    for (std::uint32_t i = 0; i < skipped.count; ++i) {
        const auto r = reader.record<SkippedRecord>(skipped, i);
        if (!validString(r.reason, at(skipped, i))) return false;
        summary.skipped.emplace_back(reader.string(r.reason), r.count);
    }

    // Buildings.
    const std::uint32_t buildingCount = reader.buildings_.count;
    for (std::uint32_t i = 0; i < buildingCount; ++i) {
        const auto r = reader.record<BuildingRecordV1>(reader.buildings_, i);
        const std::uint64_t where = at(reader.buildings_, i);
        if (!validString(r.id, where) || !validString(r.function, where + 4)) return false;
        if (r.parent < -1 || r.parent >= std::int64_t(buildingCount) || r.parent == std::int64_t(i))
            return check.fail(where + 12, "building " + std::to_string(i) + " has parent " + std::to_string(r.parent) +
                                              " (of " + std::to_string(buildingCount) + " buildings)");
        if (r.kind > static_cast<std::uint8_t>(ObjectKind::Terrain))
            return check.fail(where + 16, "building " + std::to_string(i) + " has unknown kind " + std::to_string(r.kind));
        if (r.sourceFile >= std::max<std::uint32_t>(sources.count, 1))
            return check.fail(where + 18, "building " + std::to_string(i) + " names source file " +
                                              std::to_string(r.sourceFile) + " of " + std::to_string(sources.count));
    }

    // Levels: blobs inside GEOM, in order, disjoint; sizes consistent with counts.
    const std::uint32_t levelCount = reader.levels_.count;
    std::uint64_t blobEnd = 0;
    for (std::uint32_t i = 0; i < levelCount; ++i) {
        const auto r = reader.record<LevelRecord>(reader.levels_, i);
        const std::uint64_t where = at(reader.levels_, i);
        const std::string what = "level " + std::to_string(i);
        if (r.kind > static_cast<std::uint8_t>(LevelKind::Merged))
            return check.fail(where, what + " has unknown kind " + std::to_string(r.kind));
        if (r.encoding != static_cast<std::uint8_t>(PackEncoding::Raw) &&
            r.encoding != static_cast<std::uint8_t>(PackEncoding::ZstdPlanes) &&
            r.encoding != static_cast<std::uint8_t>(PackEncoding::ZstdPlanesPrefixed))
            return check.fail(where + 1, what + " has unknown encoding " + std::to_string(r.encoding) + " for version " +
                                             std::to_string(header.versionMajor) + " (0, 3 or 4)");
        if (r.indexSize != 2 && r.indexSize != 4)
            return check.fail(where + 2, what + " has index size " + std::to_string(r.indexSize) + " (2 or 4)");
        if (r.indexCount % 3 != 0)
            return check.fail(where + 12, what + " has " + std::to_string(r.indexCount) + " indices, not whole triangles");
        const std::uint64_t raw = indexOffset(r.vertexCount) + std::uint64_t(r.indexCount) * r.indexSize;
        if (r.rawSize != raw)
            return check.fail(where + 32, what + " raw size " + std::to_string(r.rawSize) + " does not match " +
                                              std::to_string(r.vertexCount) + " vertices and " +
                                              std::to_string(r.indexCount) + " indices (" + std::to_string(raw) + ")");
        if (r.encoding == static_cast<std::uint8_t>(PackEncoding::Raw) ? r.storedSize != r.rawSize
                                                                       : (r.rawSize > kMaxRawLevelBytes ||
                                                                          r.rawSize > r.storedSize * kMaxZstdRatio + 4096))
            return check.fail(where + 24, what + " stored size " + std::to_string(r.storedSize) +
                                              " is implausible for its raw size " + std::to_string(r.rawSize));
        if (r.blobOffset % kAlignment != 0 || r.blobOffset < blobEnd || !inRange(r.blobOffset, r.storedSize, geomSpan.size))
            return check.fail(where + 16, what + " blob (offset " + std::to_string(r.blobOffset) + ", " +
                                              std::to_string(r.storedSize) + " bytes) is misaligned, overlaps the previous blob or lies outside section GEOM (" +
                                              std::to_string(geomSpan.size) + " bytes)");
        blobEnd = r.blobOffset + r.storedSize;
    }
    reader.geometryOffset_ = geomSpan.offset;
    reader.geometrySize_ = geomSpan.size;

    // Tiles: root first, parents before children, level runs contiguous.
    const std::uint32_t tileCount = reader.tiles_.count;
    std::uint64_t nextLevel = 0;
    for (std::uint32_t i = 0; i < tileCount; ++i) {
        const auto r = reader.record<TileRecord>(reader.tiles_, i);
        const std::uint64_t where = at(reader.tiles_, i);
        const std::string what = "tile " + std::to_string(i);
        if (i == 0 ? r.parent != -1 : (r.parent < 0 || r.parent >= std::int64_t(i)))
            return check.fail(where + 12, what + " has parent " + std::to_string(r.parent) +
                                              " (the root has -1, others an earlier tile)");
        if (r.childCount > 4) return check.fail(where + 32, what + " has " + std::to_string(r.childCount) + " children");
        for (std::uint32_t c = 0; c < 4; ++c) {
            const std::uint32_t child = r.children[c];
            const bool ok = c < r.childCount ? (child > i && child < tileCount &&
                                                reader.record<TileRecord>(reader.tiles_, child).parent == std::int64_t(i))
                                             : child == kNone;
            if (!ok)
                return check.fail(where + 16 + 4 * c, what + " child slot " + std::to_string(c) + " = " +
                                                          std::to_string(child) + " is not a later tile whose parent is " +
                                                          std::to_string(i));
        }
        if (r.levelCount == 0 || r.firstLevel != nextLevel || std::uint64_t(r.firstLevel) + r.levelCount > levelCount)
            return check.fail(where + 36, what + " levels [" + std::to_string(r.firstLevel) + ", +" +
                                              std::to_string(r.levelCount) + ") are empty, out of order or beyond " +
                                              std::to_string(levelCount) + " levels");
        // Encoding 4 refers into the tile's first level, which must be encoding 3.
        const auto firstEncoding = reader.record<LevelRecord>(reader.levels_, r.firstLevel).encoding;
        for (std::uint32_t l = r.firstLevel; l < r.firstLevel + r.levelCount; ++l) {
            if (reader.record<LevelRecord>(reader.levels_, l).encoding !=
                static_cast<std::uint8_t>(PackEncoding::ZstdPlanesPrefixed))
                continue;
            if (l == r.firstLevel || firstEncoding != static_cast<std::uint8_t>(PackEncoding::ZstdPlanes))
                return check.fail(at(reader.levels_, l) + 1,
                                  "level " + std::to_string(l) + " has encoding 4 (prefixed by its tile's first level " +
                                      std::to_string(r.firstLevel) + "), but " +
                                      (l == r.firstLevel ? std::string("it is that first level")
                                                         : "that level has encoding " + std::to_string(firstEncoding)) +
                                      " (needs 3)");
            reader.prefixLevel_.resize(levelCount, kNone);
            reader.prefixLevel_[l] = r.firstLevel;
        }
        nextLevel = std::uint64_t(r.firstLevel) + r.levelCount;
    }
    if (nextLevel != levelCount)
        return check.fail(levlSpan.offset, std::to_string(levelCount - nextLevel) + " levels belong to no tile");

    reader.versionMajor_ = header.versionMajor;
    reader.versionMinor_ = header.versionMinor;
    return true;
}

Result<PackReader> PackReader::parse(PackReader reader) {
    Result<PackReader> result;
    if (validate(reader, result.diagnostics)) result.value = std::move(reader);
    return result;
}

std::size_t PackReader::buildingCount() const { return buildings_.count; }
std::size_t PackReader::tileCount() const { return tiles_.count; }
std::size_t PackReader::levelCount() const { return levels_.count; }

PackBuilding PackReader::building(std::size_t index) const {
    const auto r = record<BuildingRecordV1>(buildings_, index);
    PackBuilding b;
    b.id = string(r.id);
    b.function = string(r.function);
    b.measuredHeight = r.measuredHeight;
    b.parent = r.parent;
    b.kind = static_cast<ObjectKind>(r.kind);
    b.lodTimes10 = r.lodTimes10;
    b.sourceFile = r.sourceFile;
    b.bounds = toBounds(r.boundsMin, r.boundsMax);
    return b;
}

PackTileInfo PackReader::tile(std::size_t index) const {
    const auto r = record<TileRecord>(tiles_, index);
    PackTileInfo t;
    t.depth = r.depth;
    t.x = r.x;
    t.z = r.z;
    t.parent = r.parent;
    t.children.assign(r.children, r.children + r.childCount);
    t.firstLevel = r.firstLevel;
    t.levelCount = r.levelCount;
    t.centre = {r.centre[0], r.centre[1], r.centre[2]};
    t.bounds = toBounds(r.boundsMin, r.boundsMax);
    return t;
}

PackLevelInfo PackReader::level(std::size_t index) const {
    const auto r = record<LevelRecord>(levels_, index);
    PackLevelInfo l;
    l.kind = static_cast<LevelKind>(r.kind);
    l.encoding = static_cast<PackEncoding>(r.encoding);
    l.indexSize = r.indexSize;
    l.geometricError = r.geometricError;
    l.vertexCount = r.vertexCount;
    l.indexCount = r.indexCount;
    l.fileOffset = geometryOffset_ + r.blobOffset;
    l.storedBytes = r.storedSize;
    l.rawBytes = r.rawSize;
    return l;
}

Result<LevelView> PackReader::levelData(std::size_t levelIndex) const {
    Result<LevelView> result;
    Checker check(name_, result.diagnostics);
    const PackLevelInfo info = level(levelIndex);
    const auto r = record<LevelRecord>(levels_, levelIndex);
    const std::string what = "level " + std::to_string(levelIndex);
    const std::span<const std::byte> stored = bytes_.subspan(info.fileOffset, info.storedBytes);
    const std::uint32_t crc = crc32(stored);
    if (crc != r.crc) {
        check.fail(info.fileOffset, "checksum mismatch in " + what + " geometry (stored " + hex(r.crc) + ", computed " +
                                        hex(crc) + ")");
        return result;
    }
    LevelView view;
    std::span<const std::byte> raw = stored;
    if (info.encoding != PackEncoding::Raw) {
        // The planes form goes into per-thread scratch (at most its bound),
        // then is rebuilt into the view's raw blob.
        thread_local std::vector<std::byte> planes;
        std::span<const std::byte> prefix;
        if (info.encoding == PackEncoding::ZstdPlanesPrefixed) {
            // The tile's first level, decoded once per thread for its coarser
            // levels that follow (a renderer or verifyAll() reads a tile's
            // levels together). Keyed by the stored blob's address, size and
            // CRC: the same key means the same stored bytes, hence the same
            // decoded prefix, even for another pack at the same address.
            struct FirstLevel {
                const std::byte* stored = nullptr;
                std::uint64_t size = 0;
                std::uint32_t crc = 0;
                std::vector<std::byte> buffer;
                std::size_t decodedSize = 0;
            };
            thread_local FirstLevel first;
            const std::uint32_t firstIndex = prefixLevel_[levelIndex];
            const PackLevelInfo firstInfo = level(firstIndex);
            const auto firstRecord = record<LevelRecord>(levels_, firstIndex);
            const std::byte* firstStored = bytes_.data() + firstInfo.fileOffset;
            if (first.stored != firstStored || first.size != firstInfo.storedBytes || first.crc != firstRecord.crc) {
                first.stored = nullptr;
                const auto decoded = decodePlanes(firstIndex, true, {}, first.buffer, result.diagnostics);
                if (!decoded) return result;
                first = {firstStored, firstInfo.storedBytes, firstRecord.crc, std::move(first.buffer), decoded->size()};
            }
            prefix = std::span<const std::byte>(first.buffer.data(), first.decodedSize);
        }
        const auto decoded = decodePlanes(levelIndex, false, prefix, planes, result.diagnostics);
        if (!decoded) return result;
        view.owned_ = std::make_unique_for_overwrite<std::byte[]>(info.rawBytes);
        raw = {view.owned_.get(), info.rawBytes};
        StreamError error;
        if (!decodeLevelStreams(*decoded, info.vertexCount, info.indexCount, info.indexSize,
                                {view.owned_.get(), info.rawBytes}, error)) {
            check.fail(info.fileOffset, what + ": " + error.message + " (decoded planes byte " +
                                            std::to_string(error.offset) + ")");
            return result;
        }
    }
    view.vertexCount = info.vertexCount;
    view.indexCount = info.indexCount;
    view.indexSize = info.indexSize;
    view.vertexBytes = raw.first(std::size_t(info.vertexCount) * kVertexSize);
    view.indexBytes = raw.subspan(indexOffset(info.vertexCount), std::size_t(info.indexCount) * info.indexSize);
    // Offsets inside zstd levels are in the decoded data; say so.
    const std::string inside = info.encoding != PackEncoding::Raw ? " (decoded byte " : " (byte ";
    for (std::uint32_t i = 0; i < view.indexCount; ++i) {
        const std::uint32_t index = view.index(i);
        if (index >= view.vertexCount) {
            const std::uint64_t local = indexOffset(info.vertexCount) + std::uint64_t(i) * info.indexSize;
            check.fail(info.fileOffset + (info.encoding == PackEncoding::Raw ? local : 0),
                       what + " index " + std::to_string(i) + " = " + std::to_string(index) + " >= " +
                           std::to_string(view.vertexCount) + " vertices" + inside + std::to_string(local) + " of the blob)");
            return result;
        }
    }
    for (std::uint32_t v = 0; v < view.vertexCount; ++v) {
        const PackVertex vertex = view.vertex(v);
        if (vertex.building() >= buildings_.count ||
            vertex.buildingAndSurface >> 24 >
                static_cast<std::uint32_t>(SurfaceType::Terrain)) {
            const std::uint64_t local = std::uint64_t(v) * kVertexSize + 16;
            check.fail(info.fileOffset + (info.encoding == PackEncoding::Raw ? local : 0),
                       what + " vertex " + std::to_string(v) + " names building " + std::to_string(vertex.building()) +
                           " of " + std::to_string(buildings_.count) + " or surface type " +
                           std::to_string(vertex.buildingAndSurface >> 24) + inside + std::to_string(local) + " of the blob)");
            return result;
        }
    }
    result.value = std::move(view);
    return result;
}

std::optional<std::span<const std::byte>> PackReader::decodePlanes(std::size_t levelIndex, bool checkCrc,
                                                                   std::span<const std::byte> prefix,
                                                                   std::vector<std::byte>& out,
                                                                   Diagnostics& diagnostics) const {
    Checker check(name_, diagnostics);
    const PackLevelInfo info = level(levelIndex);
    const auto r = record<LevelRecord>(levels_, levelIndex);
    const std::string what = "level " + std::to_string(levelIndex);
    const std::span<const std::byte> stored = bytes_.subspan(info.fileOffset, info.storedBytes);
    if (checkCrc) {
        // A prefix level is read on behalf of another: its own CRC is checked here.
        const std::uint32_t crc = crc32(stored);
        if (crc != r.crc) {
            check.fail(info.fileOffset, "checksum mismatch in " + what + " geometry (stored " + hex(r.crc) +
                                            ", computed " + hex(crc) + ")");
            return std::nullopt;
        }
    }
    out.resize(streamBound(info.vertexCount, info.indexCount, info.indexSize));
    ZSTD_DCtx* context = decoderContext();
    if (!context) {
        check.fail(info.fileOffset, what + ": no memory for a zstd decoder");
        return std::nullopt;
    }
    ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters);
    if (!prefix.empty()) ZSTD_DCtx_refPrefix(context, prefix.data(), prefix.size());
    const std::size_t n = ZSTD_decompressDCtx(context, out.data(), out.size(), stored.data(), stored.size());
    if (ZSTD_isError(n)) {
        check.fail(info.fileOffset, what + ": zstd decoding failed: " + ZSTD_getErrorName(n));
        return std::nullopt;
    }
    return std::span<const std::byte>(out.data(), n);
}

Diagnostics PackReader::verifyAll() const {
    Diagnostics all;
    for (std::size_t i = 0; i < levelCount(); ++i) all.append(levelData(i).diagnostics);
    return all;
}

}  // namespace places::city
