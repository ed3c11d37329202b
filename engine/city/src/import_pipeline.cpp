#include <chrono>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "building_blocks.hpp"
#include "coordinate_check.hpp"
#include "parallel_jobs.hpp"
#include "places/city/assemble.hpp"
#include "places/city/crs_transform.hpp"
#include "places/city/glb_export.hpp"
#include "places/city/ground.hpp"
#include "places/city/import.hpp"
#include "places/city/pack.hpp"
#include "places/core/atomic_write.hpp"

namespace places::city {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uint64_t fileSize(const std::string& path) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(n);
}

// PROJ lookups of the inputs' CRS names, run on a helper thread while the
// reader goes on: the first PROJ database open of a process costs ~30 M
// instructions (as much as a fifth of Delfshaven's import), and assembling
// needs the names only after every file is read. normaliseCrs, describeCrs
// and projectedAreaOfUse (the coordinate check's area) memoise per process,
// so assembling then finds the answers ready; on the reader's thread they
// would be serial work.
class CrsLookahead {
public:
    explicit CrsLookahead(unsigned threads) : enabled_(jobThreads(threads) > 1) {}
    CrsLookahead(const CrsLookahead&) = delete;
    CrsLookahead& operator=(const CrsLookahead&) = delete;
    ~CrsLookahead() { join(); }

    void start(const std::string& crs) {
        if (!enabled_) return;
        helpers_.emplace_back([crs] {
            if (const auto name = normaliseCrs(crs)) {
                describeCrs(name->horizontal);
                projectedAreaOfUse(name->horizontal, detail::kAreaMarginDegrees);
            }
        });
    }
    void join() {
        for (std::thread& helper : helpers_) helper.join();
        helpers_.clear();
    }

private:
    bool enabled_;
    std::vector<std::thread> helpers_;
};

}  // namespace

ImportReport runImportPipeline(const ImportRequest& request, ProgressSink& progress) {
    ImportReport report;
    report.exitCode = 2;
    // Outputs that could never be written are refused before the work, not after.
    bool outputsOk = true;
    for (const std::string* output : {&request.output, &request.glb})
        if (!output->empty()) outputsOk = checkReplaceable(*output, report.diagnostics) && outputsOk;
    if (!outputsOk) return report;

    // Read every input before failing, so one run names every broken file.
    auto start = Clock::now();
    std::vector<SourceModel> sources;
    sources.reserve(request.inputs.size());
    std::uint64_t done = 0;
    CrsLookahead lookahead(request.tiling.threads);
    ReadOptions readOptions = request.read;
    readOptions.onCrs = [&lookahead](const std::string& crs) { lookahead.start(crs); };
    readOptions.threads = request.tiling.threads;
    for (const auto& path : request.inputs) {
        progress.update("read files", done, request.inputs.size());
        report.inputBytes += fileSize(path);
        auto read = readCityFile(path, readOptions);
        report.diagnostics.append(read.diagnostics);
        if (read.value) sources.push_back(std::move(*read.value));
        progress.update("read files", ++done, request.inputs.size());
    }
    progress.finish("read files");
    lookahead.join();
    report.timings.readSeconds = secondsSince(start);
    if (report.diagnostics.hasErrors()) return report;

    start = Clock::now();
    AssembleOptions assembleOptions = request.assemble;
    assembleOptions.threads = request.tiling.threads;
    auto city = assembleCity(std::move(sources), assembleOptions, progress);
    report.diagnostics.append(city.diagnostics);
    report.timings.assembleSeconds = secondsSince(start);
    if (!city.value || city.diagnostics.hasErrors()) return report;

    // Terrain before tiling: relief cut per leaf cell, or ground derived under the buildings.
    start = Clock::now();
    // With two cores, the ground's plan (Delaunay under the footprints) and the
    // buildings' blocks are independent: the helper plans, the main thread
    // builds blocks, and the helper takes the blocks left when its plan is done.
    PreparedBlocks blocks;
    GroundPlan plan;
    if (jobThreads(request.tiling.threads) > 1) {
        BlockJobs blockJobs(*city);
        std::exception_ptr planFailure;
        std::thread planner([&] {
            try {
                plan = planGround(*city, request.tiling.tileSize, request.ground);
                blockJobs.work();
            } catch (...) {
                planFailure = std::current_exception();
            }
        });
        try {
            blockJobs.work();
        } catch (...) {
            planner.join();
            throw;
        }
        planner.join();
        if (planFailure) std::rethrow_exception(planFailure);
        blocks = blockJobs.take();
    } else {
        plan = planGround(*city, request.tiling.tileSize, request.ground);
    }
    report.ground = applyGround(*city, std::move(plan));
    report.timings.groundSeconds = secondsSince(start);
    report.summary = city->summary;
    report.crs = city->geo.crs;

    start = Clock::now();
    const TileSet tiles = buildTiles(*city, request.tiling, progress, &blocks);
    report.tiles = tiles.tiles.size();
    report.timings.tileSeconds = secondsSince(start);

    report.exitCode = 1;  // from here on, failures are about writing output
    if (!request.output.empty()) {
        start = Clock::now();
        PackOptions options;
        options.zstd = request.compress;
        options.threads = request.tiling.threads;
        options.skipped = report.diagnostics.counters();
        auto written = writePack(*city, tiles, request.output, options);
        report.diagnostics.append(written.diagnostics);
        report.timings.writeSeconds = secondsSince(start);
        if (!written.value) return report;
        report.outputBytes = written->bytes;
    }
    if (!request.glb.empty()) {
        start = Clock::now();
        auto exported = exportGlb(*city, request.glb);
        report.diagnostics.append(exported.diagnostics);
        report.timings.glbSeconds = secondsSince(start);
        if (exported.diagnostics.hasErrors()) return report;
    }
    report.ok = true;
    report.exitCode = 0;
    return report;
}

}  // namespace places::city
