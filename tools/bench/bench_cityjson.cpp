// Benchmark of the CityJSON reader (not a test: numbers go to
// docs/performance-cityjson.md). One thread. For each run it times, on the
// same in-memory bytes:
//   parse    simdjson DOM parse alone (the floor: what the reader builds on)
//   nlohmann nlohmann::json::parse DOM (the alternative we did not take)
//   read     readCityJsonBuffer: parse + vertices + objects + triangulation
// and prints the median of each, bytes/s and buildings/s of `read`.
//   places_bench_cityjson [FILE.city.json] [RUNS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

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
    }
    const double mb = static_cast<double>(bytes.size()) / 1e6;
    const double tRead = median(read), tParse = median(parse), tNlohmann = median(nlohmannParse);
    std::printf("file       %s (%.2f MB, %zu buildings, %zu triangles), %d runs, medians, one thread\n",
                path.c_str(), mb, buildings, triangles, runs);
    std::printf("parse      simdjson DOM          %8.2f ms  %8.1f MB/s\n", tParse * 1e3, mb / tParse);
    std::printf("nlohmann   nlohmann::json DOM    %8.2f ms  %8.1f MB/s\n", tNlohmann * 1e3, mb / tNlohmann);
    std::printf("read       readCityJsonBuffer    %8.2f ms  %8.1f MB/s  %8.0f buildings/s  (%.2fx the bare parse)\n",
                tRead * 1e3, mb / tRead, static_cast<double>(buildings) / tRead, tRead / tParse);
    return 0;
}
