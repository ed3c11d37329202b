// Benchmark of CityJSON import (not a test: numbers go to
// docs/performance-cityjson.md). For each run it times:
//   parse    simdjson DOM parse alone (the floor: what the reader builds on)
//   nlohmann nlohmann::json DOM (the alternative we did not take)
//   read     readCityJsonBuffer: parse + vertices + objects + triangulation,
//            on the same in-memory bytes
//   import   the whole `places import` of the file (runImportPipeline: read
//            the file, assemble, tile with every detail level, write the zstd
//            pack to a temporary file), wall and process CPU time, with the
//            median of each of its steps
//   import   also on every core (--threads 0): same pack, wall time and the
//            ratio of import to parse, run by run
//   stripped the import on every core without the two costliest parts of the
//            product (the meshoptimizer level of leaves, zstd): not a pack we
//            ship, but a floor under the ratio this design can reach
// and prints the median of each, bytes/s and buildings/s.
//   places_bench_cityjson [FILE.city.json] [RUNS]
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "places/city/import.hpp"
#include "places/city/readers.hpp"
#include "places/core/mapped_file.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

template <class F>
double seconds(F&& f) {
    const auto t0 = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct ImportRuns {
    std::vector<double> wall, cpu, read, assemble, ground, tiles, write;
    places::city::ImportReport last;
};

void runImport(ImportRuns& runs, const std::string& input, const std::string& pack, unsigned threads,
               bool stripped = false) {
    places::city::ImportRequest request;
    request.inputs = {input};
    request.tiling.threads = threads;
    request.tiling.simplifiedLevel = !stripped;
    request.compress = !stripped;
    request.output = pack;
    places::NullProgress progress;
    const double cpu0 = cpuSeconds();
    const auto t0 = Clock::now();
    auto report = places::city::runImportPipeline(request, progress);
    runs.wall.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    runs.cpu.push_back(cpuSeconds() - cpu0);
    if (!report.ok) {
        std::fprintf(stderr, "import failed: %s\n", report.diagnostics.firstError().c_str());
        std::exit(1);
    }
    runs.read.push_back(report.timings.readSeconds);
    runs.assemble.push_back(report.timings.assembleSeconds);
    runs.ground.push_back(report.timings.groundSeconds);
    runs.tiles.push_back(report.timings.tileSeconds);
    runs.write.push_back(report.timings.writeSeconds);
    runs.last = std::move(report);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : std::string(PLACES_ASSETS_DIR) + "/city/cityjson/3-20-DELFSHAVEN.city.json";
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 21;
    auto file = places::readTextFile(path);
    if (!file) {
        std::fprintf(stderr, "%s\n", file.diagnostics.firstError().c_str());
        return 1;
    }
    const std::string& bytes = *file;
    const std::string pack = "/tmp/places_bench_cityjson." + std::to_string(::getpid()) + ".places";

    // The import on one thread and on every core (tiles and level blobs are
    // independent jobs; the pack is the same), interleaved with the parses.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    ImportRuns import, importAll, stripped;
    runImport(import, path, pack, 1);  // warm-up: page cache, PROJ database, allocator
    import = {};
    std::vector<double> ratio, ratioAll, ratioStripped;  // import wall / parse of the same run

    std::vector<double> parse, nlohmannParse, read;
    std::size_t buildings = 0, triangles = 0;
    for (int i = 0; i < runs; ++i) {
        parse.push_back(seconds([&] {
            simdjson::dom::parser parser;
            simdjson::dom::element root;
            if (parser.parse(bytes.data(), bytes.size()).get(root) != simdjson::SUCCESS) std::abort();
        }));
        nlohmannParse.push_back(seconds([&] {
            const auto json = nlohmann::json::parse(bytes, nullptr, false);
            if (json.is_discarded()) std::abort();
        }));
        read.push_back(seconds([&] {
            const auto result = places::city::readCityJsonBuffer(bytes, path, {});
            if (!result) std::abort();
            buildings = 0;
            for (const auto& object : result->objects)
                buildings += object.kind == places::city::ObjectKind::Building ? 1 : 0;
            triangles = result->triangles;
        }));
        runImport(import, path, pack, 1);
        runImport(importAll, path, pack, cores);
        runImport(stripped, path, pack, cores, true);
        ratio.push_back(import.wall.back() / parse.back());
        ratioAll.push_back(importAll.wall.back() / parse.back());
        ratioStripped.push_back(stripped.wall.back() / parse.back());
    }
    std::remove(pack.c_str());

    const double mb = static_cast<double>(bytes.size()) / 1e6;
    const double nb = static_cast<double>(buildings);
    const double tRead = median(read), tParse = median(parse), tNlohmann = median(nlohmannParse);
    const double tWall = median(import.wall), tCpu = median(import.cpu);
    std::printf("file       %s (%.2f MB, %zu buildings, %zu triangles), %d runs, medians\n",
                path.c_str(), mb, buildings, triangles, runs);
    std::printf("parse      simdjson DOM          %8.2f ms  %8.1f MB/s\n", tParse * 1e3, mb / tParse);
    std::printf("nlohmann   nlohmann::json DOM    %8.2f ms  %8.1f MB/s\n", tNlohmann * 1e3, mb / tNlohmann);
    std::printf("read       readCityJsonBuffer    %8.2f ms  %8.1f MB/s  %8.0f buildings/s  (%.2fx the bare parse)\n",
                tRead * 1e3, mb / tRead, nb / tRead, tRead / tParse);
    std::printf("import     runImportPipeline     %8.2f ms  %8.1f MB/s  %8.0f buildings/s  wall, 1 thread "
                "(%.2fx the bare parse, median of per-run ratios)\n",
                tWall * 1e3, mb / tWall, nb / tWall, median(ratio));
    std::printf("                                 %8.2f ms  %8.1f MB/s  %8.0f buildings/s  CPU, 1 thread (target >= 20000)\n",
                tCpu * 1e3, mb / tCpu, nb / tCpu);
    const double aWall = median(importAll.wall), aCpu = median(importAll.cpu);
    std::printf("import     runImportPipeline     %8.2f ms  %8.1f MB/s  %8.0f buildings/s  wall, %u threads "
                "(%.2fx the bare parse, target <= 5x), CPU %.2f ms\n",
                aWall * 1e3, mb / aWall, nb / aWall, cores, median(ratioAll), aCpu * 1e3);
    const auto steps = [](const char* label, const ImportRuns& r) {
        std::printf("  steps    %s: read %.2f, assemble %.2f, ground and blocks %.2f, tiles %.2f, write %.2f ms (wall "
                    "medians)\n",
                    label, median(r.read) * 1e3, median(r.assemble) * 1e3, median(r.ground) * 1e3,
                    median(r.tiles) * 1e3, median(r.write) * 1e3);
    };
    steps(cores > 1 ? "all threads" : "1 thread", importAll);
    steps("1 thread", import);
    std::printf("stripped   no simplified level, no zstd %5.2f ms wall, %u threads (%.2fx the bare parse: a floor, "
                "not a product)\n",
                median(stripped.wall) * 1e3, cores, median(ratioStripped));
    steps("stripped", stripped);
    std::printf("  pack     %llu tiles, %llu bytes (%.1f %% of the input)\n",
                static_cast<unsigned long long>(import.last.tiles),
                static_cast<unsigned long long>(import.last.outputBytes),
                100.0 * static_cast<double>(import.last.outputBytes) / static_cast<double>(bytes.size()));
    return 0;
}
