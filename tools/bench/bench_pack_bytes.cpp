// Where a city pack's bytes go (not a test: numbers go to
// docs/performance-pack.md). Imports the files (read, assemble, tile), writes
// the pack in memory and prints:
//   sections  the index sections (META, STRS, BLDG, TILE, LEVL, ...) and GEOM
//   kinds     stored bytes of the levels by kind (full, simplified, blocks, merged)
//   planes    each plane of the planes form (references, index deltas,
//             normals, building/surface, positions): its bytes before zstd and
//             zstd'd alone at the writer's level, summed over every level
//             (alone, so without the first level's prefix: shares, not the pack)
//   places_bench_pack_bytes FILE...
#include <zstd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "pack_format.hpp"
#include "pack_streams.hpp"
#include "places/city/assemble.hpp"
#include "places/city/pack.hpp"
#include "places/city/readers.hpp"
#include "places/city/tiling.hpp"

using namespace places::city;

namespace {

std::size_t zstdSize(const std::byte* data, std::size_t size, int level) {
    if (size == 0) return 0;
    std::vector<std::byte> out(ZSTD_compressBound(size));
    return ZSTD_compress(out.data(), out.size(), data, size, level);
}

}  // namespace

int main(int argc, char** argv) {
    const ReadOptions read;
    std::vector<std::string> inputs(argv + 1, argv + argc);
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: places_bench_pack_bytes FILE...\n");
        return 2;
    }
    places::NullProgress progress;
    std::vector<SourceModel> sources;
    std::uint64_t inputBytes = 0;
    for (const auto& input : inputs) {
        auto source = readCityFile(input, read);
        if (!source.value) {
            std::fprintf(stderr, "%s\n", source.diagnostics.firstError().c_str());
            return 1;
        }
        inputBytes += std::filesystem::file_size(input);
        sources.push_back(std::move(*source.value));
    }
    auto city = assembleCity(std::move(sources), {}, progress);
    if (!city.value) {
        std::fprintf(stderr, "%s\n", city.diagnostics.firstError().c_str());
        return 1;
    }
    const TileSet tiles = buildTiles(*city.value, {}, progress);
    const PackOptions options;
    auto bytes = encodePack(*city.value, tiles, options);
    auto reader = PackReader::fromBytes(*bytes.value, "memory");
    if (!reader.value) return 1;
    const auto& file = *bytes.value;
    std::printf("pack %zu bytes = %.1f %% of %llu input bytes, zstd level %d\n", file.size(),
                100.0 * double(file.size()) / double(inputBytes), static_cast<unsigned long long>(inputBytes),
                options.zstdLevel);

    // Sections, from the section table (pack_format.hpp).
    pack::FileHeader header;
    std::memcpy(&header, file.data(), sizeof header);
    for (std::uint32_t i = 0; i < header.sectionCount; ++i) {
        pack::SectionEntry entry;
        std::memcpy(&entry, file.data() + header.sectionTableOffset + i * header.sectionEntrySize, sizeof entry);
        char id[5] = {};
        std::memcpy(id, &entry.id, 4);
        std::printf("  section %s %10llu bytes (%.1f %%)\n", id, static_cast<unsigned long long>(entry.size),
                    100.0 * double(entry.size) / double(file.size()));
    }
    std::uint64_t byKind[4] = {}, levelsOfKind[4] = {};
    for (std::size_t l = 0; l < reader->levelCount(); ++l) {
        const PackLevelInfo info = reader->level(l);
        byKind[static_cast<int>(info.kind)] += info.storedBytes;
        ++levelsOfKind[static_cast<int>(info.kind)];
    }
    for (int k = 0; k < 4; ++k)
        std::printf("  levels %-10s x%-3llu %10llu bytes stored\n", toString(static_cast<LevelKind>(k)),
                    static_cast<unsigned long long>(levelsOfKind[k]), static_cast<unsigned long long>(byKind[k]));

    // Planes: raw bytes and zstd'd alone.
    const char* names[5] = {"references", "index deltas", "normals", "building+surface", "positions"};
    std::uint64_t raw[5] = {}, packed[5] = {};
    std::vector<pack::VertexAttributes> attributes;
    std::vector<std::byte> planes;
    pack::StreamScratch scratch;
    for (const Tile& tile : tiles.tiles)
        for (const TileLevel& level : tile.levels) {
            const std::size_t v = level.positions.size(), n = level.indices.size();
            if (v == 0) continue;
            const std::uint8_t s = v <= 65536 ? 2 : 4;
            pack::levelAttributes(level, attributes);
            pack::streamLevel(level, attributes, s, scratch, planes);
            const std::size_t at[6] = {0, v * s, v * s + n * s, v * s + n * s + 4 * v, v * s + n * s + 8 * v,
                                       planes.size()};
            for (int p = 0; p < 5; ++p) {
                raw[p] += at[p + 1] - at[p];
                packed[p] += zstdSize(planes.data() + at[p], at[p + 1] - at[p], options.zstdLevel);
            }
        }
    for (int p = 0; p < 5; ++p)
        std::printf("  plane %-17s %10llu bytes, zstd alone %9llu\n", names[p], static_cast<unsigned long long>(raw[p]),
                    static_cast<unsigned long long>(packed[p]));
    return 0;
}
