#pragma once
// Measures what loading a city pack costs a renderer: mapping it and
// validating the index (open), then touching every tile's every level
// (checksum, zstd decode, index and attribute checks). One run; callers take
// medians over several.
#include <cstdint>
#include <string>

#include "places/core/diagnostic.hpp"

namespace places::city {

struct PackLoadTiming {
    double openSeconds = 0.0;    // mmap + header, section table, CRCs and records
    double touchSeconds = 0.0;   // every level's blob checked and decoded
    std::uint64_t fileBytes = 0;
    std::uint64_t rawGeometryBytes = 0;  // decoded bytes touched
    std::uint64_t triangles = 0;         // over all levels
};

// `dropCache` asks the kernel to forget the file's cached pages first
// (posix_fadvise DONTNEED; works without root for clean pages), for cold numbers.
Result<PackLoadTiming> timePackLoad(const std::string& path, bool dropCache);

}  // namespace places::city
