// places_bench_import [--runs N] [FILE.gml ...]
//
// Measures, in one process and interleaved run by run:
//   (a) libcitygml's bare parse + tessellation of the files (the floor any
//       libcitygml-based importer pays), with the same ParserParams the reader
//       uses (optimize, tesselate) and a logger that drops every message;
//   (b) the whole `places import` (runImportPipeline: read, assemble, tile with
//       all detail levels, write the zstd pack to a temporary file);
//   (c) loading the pack that (b) wrote: mmap + index validation, then every
//       level of every tile checked and decoded (what a renderer pays).
// Prints the median of each, the ratios (targets: b <= 1.3 a, b >= 20 c), the
// pack size against the source size (target <= 40 %) and peak RSS.
// Both wall-clock and process CPU time are measured: on a shared machine the
// CPU-time ratio is the stable one (other processes' load does not enter it).
// Default files: the three Gelsenkirchen LoD2 tiles in assets/.
#include <sys/resource.h>
#include <unistd.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <citygml/citygml.h>
#include <citygml/citygmllogger.h>
#include <citygml/citymodel.h>

#include "places/city/import.hpp"
#include "places/city/pack_bench.hpp"

namespace {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"  // owned by make_shared: derived deleter
class SilentLogger final : public citygml::CityGMLLogger {
public:
    SilentLogger() : CityGMLLogger(LOGLEVEL::LL_ERROR) {}
    void log(LOGLEVEL, const std::string&, const char*, int) const override {}
};
#pragma GCC diagnostic pop

using Clock = std::chrono::steady_clock;

double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Timing {
    std::vector<double> wall, cpu;
};

template <class F>
void measure(Timing& timing, F&& work) {
    const auto wallStart = Clock::now();
    const double cpuStart = cpuSeconds();
    work();
    timing.cpu.push_back(cpuSeconds() - cpuStart);
    timing.wall.push_back(std::chrono::duration<double>(Clock::now() - wallStart).count());
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// (a) Returns the number of root objects so the work cannot be optimised away.
std::size_t bareParse(const std::vector<std::string>& files) {
    citygml::ParserParams params;
    params.optimize = true;
    params.tesselate = true;
    auto logger = std::make_shared<SilentLogger>();
    std::size_t roots = 0;
    for (const auto& file : files) {
        auto model = citygml::load(file, params, logger);
        if (!model) {
            std::fprintf(stderr, "libcitygml could not read %s\n", file.c_str());
            std::exit(1);
        }
        roots += model->getNumRootCityObjects();
    }
    return roots;
}

// (b) The whole import as `places import` runs it, writing `pack`.
places::city::ImportReport placesImport(const std::vector<std::string>& files, const std::string& pack) {
    places::city::ImportRequest request;
    request.inputs = files;
    request.output = pack;
    places::NullProgress progress;
    auto report = places::city::runImportPipeline(request, progress);
    if (!report.ok) {
        std::fprintf(stderr, "import failed: %s\n", report.diagnostics.firstError().c_str());
        std::exit(1);
    }
    return report;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 9;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (arg == "-h" || arg == "--help") {
            std::printf("usage: places_bench_import [--runs N] [FILE.gml ...]\n");
            return 0;
        } else
            files.push_back(arg);
    }
    if (files.empty()) {
        for (const char* name : {"LoD2_32_365_5713_1_NW.gml", "LoD2_32_370_5713_1_NW.gml", "LoD2_32_370_5714_1_NW.gml"})
            files.push_back(std::string(PLACES_ASSETS_DIR) + "/city/citygml/" + name);
    }

    const std::string pack = "/tmp/places_bench_import." + std::to_string(::getpid()) + ".places";

    // One warm-up of each (page cache, xerces initialisation, PROJ database).
    const std::size_t roots = bareParse(files);
    places::city::ImportReport report = placesImport(files, pack);

    Timing bare, import;
    std::vector<double> load;
    for (int run = 0; run < runs; ++run) {
        measure(bare, [&] { bareParse(files); });
        measure(import, [&] { report = placesImport(files, pack); });
        auto timing = places::city::timePackLoad(pack, false);
        if (!timing.value) {
            std::fprintf(stderr, "%s\n", timing.diagnostics.firstError().c_str());
            return 1;
        }
        load.push_back(timing->openSeconds + timing->touchSeconds);
    }
    std::remove(pack.c_str());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);

    const auto& s = report.summary;
    std::printf("files: %zu (%.2f MB), root objects: %zu, buildings: %llu, parts: %llu, triangles: %llu\n",
                files.size(), static_cast<double>(report.inputBytes) / 1e6, roots,
                static_cast<unsigned long long>(s.buildings), static_cast<unsigned long long>(s.parts),
                static_cast<unsigned long long>(s.triangles));
    std::printf("runs: %d, medians                      wall ms    cpu ms\n", runs);
    std::printf("(a) libcitygml parse+tessellate       %8.1f  %8.1f\n", median(bare.wall) * 1e3,
                median(bare.cpu) * 1e3);
    std::printf("(b) places import (read..pack write)  %8.1f  %8.1f\n", median(import.wall) * 1e3,
                median(import.cpu) * 1e3);
    std::printf("(c) pack load (open + every level)    %8.2f\n", median(load) * 1e3);
    std::printf("ratio b/a (target <= 1.3)             %8.3f  %8.3f\n", median(import.wall) / median(bare.wall),
                median(import.cpu) / median(bare.cpu));
    std::printf("ratio b/c (target >= 20)              %8.1f\n", median(import.wall) / median(load));
    std::printf("pack size: %llu bytes = %.1f %% of the source (target <= 40 %%)\n",
                static_cast<unsigned long long>(report.outputBytes),
                100.0 * static_cast<double>(report.outputBytes) / static_cast<double>(report.inputBytes));
    std::printf("peak RSS: %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
