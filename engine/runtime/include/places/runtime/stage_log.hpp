#pragma once
// Where the time of one command goes: named wall-clock stages, recorded from
// any thread, printed by `places render --timings` (or PLACES_TRACE=1) as a
// table of start and duration in milliseconds since the process started, with
// the CPU time the recording thread spent in each stage (on a loaded machine
// the wall time is mostly waiting for a core; the CPU time is the work).
//
// Time zero is the process start as the kernel recorded it (/proc/self/stat,
// 10 ms resolution): the first row, "exec + dynamic linking", is the time
// before any of our code ran (loading libvulkan, Assimp, PROJ, ...). Stages
// may overlap (the scene loads on a second thread while Vulkan starts).
#include <chrono>
#include <string>

namespace places::runtime {

using StageClock = std::chrono::steady_clock;

// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), in milliseconds.
double threadCpuMilliseconds();

// Records [start, now) under `name`; thread-safe. Cheap enough to leave on.
// `cpuStart` is threadCpuMilliseconds() at `start` (negative: not known).
void recordStage(std::string name, StageClock::time_point start, double cpuStart = -1.0);

// Records the stage from construction to destruction.
class StageScope {
public:
    explicit StageScope(std::string name)
        : name_(std::move(name)), start_(StageClock::now()), cpuStart_(threadCpuMilliseconds()) {}
    ~StageScope() { recordStage(std::move(name_), start_, cpuStart_); }
    void rename(std::string name) { name_ = std::move(name); }  // when the name is known only at the end
    StageScope(const StageScope&) = delete;
    StageScope& operator=(const StageScope&) = delete;

private:
    std::string name_;
    StageClock::time_point start_;
    double cpuStart_;
};

// True when PLACES_TRACE is set to anything but "" or "0".
bool stageTraceRequested();

// The table of every recorded stage, ordered by start, with its thread CPU
// time ("-" where not known), the thread that ran it (0 = the main thread),
// and the total since process start with the process's CPU time (user + sys,
// every thread).
std::string formatStages();

}  // namespace places::runtime
