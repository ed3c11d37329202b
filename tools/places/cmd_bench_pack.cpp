// places bench pack CITY.places: how fast a pack loads (medians over runs).
// Compare with `places import` of the same sources: target >= 20x faster.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "commands.hpp"
#include "places/city/pack_bench.hpp"

namespace places::cli {

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

void addPackBenchCommand(CLI::App& bench) {
    struct Options {
        std::string path;
        int runs = 15;
        bool cold = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = bench.add_subcommand("pack", "Time loading a city pack: mmap + index, then every tile");
    cmd->add_option("pack", options->path, "City pack file")->required();
    cmd->add_option("--runs", options->runs, "Runs (median reported)")->check(CLI::Range(1, 1000));
    cmd->add_flag("--cold", options->cold, "Drop the file from the page cache before each run");
    cmd->callback([options] {
        std::vector<double> open, touch, total;
        city::PackLoadTiming last;
        for (int run = 0; run < options->runs; ++run) {
            auto timing = city::timePackLoad(options->path, options->cold);
            if (!timing) {
                for (const auto& d : timing.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
                throw CommandExit{2};
            }
            last = *timing;
            open.push_back(timing->openSeconds);
            touch.push_back(timing->touchSeconds);
            total.push_back(timing->openSeconds + timing->touchSeconds);
        }
        const double t = median(total);
        std::printf("pack %s: %llu bytes, %llu triangles in all levels, %d %s runs\n", options->path.c_str(),
                    static_cast<unsigned long long>(last.fileBytes), static_cast<unsigned long long>(last.triangles),
                    options->runs, options->cold ? "cold" : "warm");
        std::printf("  open (mmap + index)    median %.3f ms\n", median(open) * 1e3);
        std::printf("  touch every level      median %.3f ms\n", median(touch) * 1e3);
        std::printf("  total                  median %.3f ms (%.0f MB/s of file, %.0f MB/s decoded)\n", t * 1e3,
                    t > 0 ? static_cast<double>(last.fileBytes) / t / 1e6 : 0.0,
                    t > 0 ? static_cast<double>(last.rawGeometryBytes) / t / 1e6 : 0.0);
    });
}

}  // namespace places::cli
