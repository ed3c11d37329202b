// places_bench_citygml [--runs N] [FILE.gml ...]
//
// Measures, in one process and interleaved run by run:
//   (a) libcitygml's bare parse + tessellation of the files (the floor any
//       libcitygml-based importer pays), with the same ParserParams the reader
//       uses (optimize, tesselate) and a logger that drops every message;
//   (b) Places' readCityGml on each file + assembleCity over all of them
//       (semantics, de-duplication, CRS, rebasing, normals, mesh).
// Prints the median of each, their ratio (target: b <= 1.3 a) and peak RSS.
// Both wall-clock and process CPU time are measured: on a shared machine the
// CPU-time ratio is the stable one (other processes' load does not enter it).
// Default files: the three Gelsenkirchen LoD2 tiles in assets/.
#include <sys/resource.h>
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

#include "places/city/assemble.hpp"
#include "places/city/readers.hpp"

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

// (b) Returns the imported city's triangle count; `assembleCpu` gets the CPU
// time of the assembly step alone.
std::size_t placesImport(const std::vector<std::string>& files, places::city::ImportSummary& summary,
                         double& assembleCpu) {
    std::vector<places::city::SourceModel> sources;
    for (const auto& file : files) {
        auto read = places::city::readCityGml(file, {});
        if (!read.ok()) {
            std::fprintf(stderr, "%s\n", read.diagnostics.firstError().c_str());
            std::exit(1);
        }
        sources.push_back(std::move(*read.value));
    }
    places::NullProgress progress;
    const double start = cpuSeconds();
    auto city = places::city::assembleCity(std::move(sources), {}, progress);
    assembleCpu = cpuSeconds() - start;
    if (!city.ok()) {
        std::fprintf(stderr, "%s\n", city.diagnostics.firstError().c_str());
        std::exit(1);
    }
    summary = city->summary;
    return city->mesh.triangleCount();
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
            std::printf("usage: places_bench_citygml [--runs N] [FILE.gml ...]\n");
            return 0;
        } else
            files.push_back(arg);
    }
    if (files.empty()) {
        for (const char* name : {"LoD2_32_365_5713_1_NW.gml", "LoD2_32_370_5713_1_NW.gml", "LoD2_32_370_5714_1_NW.gml"})
            files.push_back(std::string(PLACES_ASSETS_DIR) + "/city/citygml/" + name);
    }

    // One warm-up of each (page cache, xerces initialisation, PROJ database).
    places::city::ImportSummary summary;
    double assembleCpu = 0.0;
    const std::size_t roots = bareParse(files);
    const std::size_t triangles = placesImport(files, summary, assembleCpu);

    Timing bare, import;
    std::vector<double> assemble;
    for (int run = 0; run < runs; ++run) {
        measure(bare, [&] { bareParse(files); });
        measure(import, [&] { placesImport(files, summary, assembleCpu); });
        assemble.push_back(assembleCpu);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);

    std::printf("files: %zu, root objects: %zu, buildings: %llu, parts: %llu, triangles: %zu\n", files.size(), roots,
                static_cast<unsigned long long>(summary.buildings), static_cast<unsigned long long>(summary.parts),
                triangles);
    std::printf("runs: %d, medians              wall ms    cpu ms\n", runs);
    std::printf("(a) libcitygml parse+tessellate %8.1f  %8.1f\n", median(bare.wall) * 1e3, median(bare.cpu) * 1e3);
    std::printf("(b) readCityGml + assembleCity  %8.1f  %8.1f\n", median(import.wall) * 1e3, median(import.cpu) * 1e3);
    std::printf("    of which assembleCity                 %8.1f\n", median(assemble) * 1e3);
    std::printf("ratio b/a (target <= 1.3)       %8.3f  %8.3f\n", median(import.wall) / median(bare.wall),
                median(import.cpu) / median(bare.cpu));
    std::printf("peak RSS: %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
