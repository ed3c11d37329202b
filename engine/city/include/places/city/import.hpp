#pragma once
// The whole import as one call: read every input, assemble one City, tile it,
// write the pack (and optionally a GLB). Shared by `places import`, the import
// cache of scene files, tests and the benchmark, so they all measure and check
// the same code path.
#include <cstdint>
#include <string>
#include <vector>

#include "places/city/assemble.hpp"
#include "places/city/ground.hpp"
#include "places/city/readers.hpp"
#include "places/city/tiling.hpp"
#include "places/core/diagnostic.hpp"
#include "places/core/progress.hpp"

namespace places::city {

struct ImportRequest {
    std::vector<std::string> inputs;
    std::string output;        // .places path; empty = do not write a pack
    std::string glb;           // .glb path; empty = no export
    bool compress = true;      // zstd per tile level (packs ~3x smaller, decode ~1 GB/s)
    ReadOptions read;
    AssembleOptions assemble;
    GroundOptions ground;      // derived ground where the input has no relief (ground.hpp)
    TilingOptions tiling;
};

struct ImportTimings {
    double readSeconds = 0, assembleSeconds = 0, groundSeconds = 0, tileSeconds = 0, writeSeconds = 0, glbSeconds = 0;
    double total() const {
        return readSeconds + assembleSeconds + groundSeconds + tileSeconds + writeSeconds + glbSeconds;
    }
};

struct ImportReport {
    bool ok = false;
    int exitCode = 0;                  // 0 ok, 1 could not write output, 2 bad input
    Diagnostics diagnostics;           // everything the readers and steps reported
    ImportSummary summary;
    GroundReport ground;
    std::string crs;
    std::uint64_t tiles = 0;
    std::uint64_t inputBytes = 0;
    std::uint64_t outputBytes = 0;
    ImportTimings timings;
};

ImportReport runImportPipeline(const ImportRequest& request, ProgressSink& progress);

// The same pipeline, run from the import plugin (libplaces_import.so, loaded
// on first use): what the places program calls, so that commands which do
// not import never load PROJ and the import's other libraries. A missing
// plugin is an error in the report (exit code 1), not a crash.
ImportReport runImport(const ImportRequest& request, ProgressSink& progress);

// Human-readable summary: counts, skipped/salvaged by reason, time, sizes.
std::string formatSummary(const ImportReport& report);

}  // namespace places::city
