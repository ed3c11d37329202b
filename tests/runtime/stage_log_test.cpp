#include <catch2/catch.hpp>

#include <sstream>
#include <vector>
#include <string>

#include "places/runtime/stage_log.hpp"

namespace {

// The columns of the row naming `stage`: start, ms, cpu ms, thread.
std::vector<std::string> rowOf(const std::string& table, const std::string& stage) {
    std::istringstream lines(table);
    for (std::string line; std::getline(lines, line);) {
        if (line.size() < stage.size() || line.compare(line.size() - stage.size(), stage.size(), stage) != 0) continue;
        std::istringstream fields(line);
        std::vector<std::string> columns(4);
        for (auto& column : columns) fields >> column;
        return columns;
    }
    return {};
}

}  // namespace

TEST_CASE("stage timings carry the recording thread's CPU time") {
    using namespace places::runtime;
    volatile double sink = 0.0;
    {
        StageScope stage("stage log test: busy");
        const double cpu0 = threadCpuMilliseconds();
        while (threadCpuMilliseconds() - cpu0 < 20.0) sink = sink + 1.0;  // ~20 ms of CPU
    }
    recordStage("stage log test: no cpu", StageClock::now());
    const std::string table = formatStages();
    CHECK(table.find("cpu ms") != std::string::npos);

    const auto busy = rowOf(table, "stage log test: busy");
    REQUIRE(busy.size() == 4);
    const double wallMs = std::stod(busy[1]), cpuMs = std::stod(busy[2]);
    CHECK(cpuMs >= 19.0);
    CHECK(cpuMs <= wallMs + 1.0);  // one thread cannot spend more CPU than wall time
    CHECK(busy[3] == "0");

    const auto none = rowOf(table, "stage log test: no cpu");
    REQUIRE(none.size() == 4);
    CHECK(none[2] == "-");
    CHECK(table.find("total, process start to now") != std::string::npos);
}
