#pragma once
// Where the time of one command goes: named wall-clock stages, recorded from
// any thread, printed by `places render --timings` (or PLACES_TRACE=1) as a
// table of start and duration in milliseconds since the process started.
//
// Time zero is the process start as the kernel recorded it (/proc/self/stat,
// 10 ms resolution): the first row, "exec + dynamic linking", is the time
// before any of our code ran (loading libvulkan, Assimp, PROJ, ...). Stages
// may overlap (the scene loads on a second thread while Vulkan starts).
#include <chrono>
#include <string>

namespace places::runtime {

using StageClock = std::chrono::steady_clock;

// Records [start, now) under `name`; thread-safe. Cheap enough to leave on.
void recordStage(std::string name, StageClock::time_point start);

// Records the stage from construction to destruction.
class StageScope {
public:
    explicit StageScope(std::string name) : name_(std::move(name)), start_(StageClock::now()) {}
    ~StageScope() { recordStage(std::move(name_), start_); }
    void rename(std::string name) { name_ = std::move(name); }  // when the name is known only at the end
    StageScope(const StageScope&) = delete;
    StageScope& operator=(const StageScope&) = delete;

private:
    std::string name_;
    StageClock::time_point start_;
};

// True when PLACES_TRACE is set to anything but "" or "0".
bool stageTraceRequested();

// The table of every recorded stage, ordered by start, with the thread that
// ran it (0 = the main thread) and the total since process start.
std::string formatStages();

}  // namespace places::runtime
