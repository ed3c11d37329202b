#include "places/runtime/stage_log.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <time.h>
#include <unistd.h>

namespace places::runtime {

namespace {

struct Stage {
    std::string name;
    StageClock::time_point start;
    StageClock::time_point end;
    std::thread::id thread;
    double cpuMs;  // negative: not known
};

struct StageLog {
    std::mutex mutex;
    std::vector<Stage> stages;
};

StageLog& stageLog() {
    static StageLog log;
    return log;
}

// Static initialisation runs after exec and dynamic linking, before main.
const StageClock::time_point kStaticInit = StageClock::now();
const std::thread::id kMainThread = std::this_thread::get_id();

// Milliseconds from the kernel's process start to now (10 ms resolution:
// field 22 of /proc/self/stat is in clock ticks since boot); -1 if unknown.
double millisecondsSinceExec() {
    std::ifstream in("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return -1.0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i != 22) continue;
        timespec boot{};
        clock_gettime(CLOCK_BOOTTIME, &boot);
        const double ticks = std::strtod(field.c_str(), nullptr);
        const double startMs = ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
        return double(boot.tv_sec) * 1000.0 + double(boot.tv_nsec) / 1e6 - startMs;
    }
    return -1.0;
}

double cpuMilliseconds(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return double(t.tv_sec) * 1000.0 + double(t.tv_nsec) / 1e6;
}

}  // namespace

double threadCpuMilliseconds() { return cpuMilliseconds(CLOCK_THREAD_CPUTIME_ID); }

void recordStage(std::string name, StageClock::time_point start, double cpuStart) {
    const auto end = StageClock::now();
    const double cpu = cpuStart < 0.0 ? -1.0 : threadCpuMilliseconds() - cpuStart;
    StageLog& log = stageLog();
    std::lock_guard lock(log.mutex);
    log.stages.push_back({std::move(name), start, end, std::this_thread::get_id(), cpu});
}

bool stageTraceRequested() {
    const char* value = std::getenv("PLACES_TRACE");
    return value && *value && std::string(value) != "0";
}

std::string formatStages() {
    StageLog& log = stageLog();
    std::vector<Stage> stages;
    {
        std::lock_guard lock(log.mutex);
        stages = log.stages;
    }
    std::stable_sort(stages.begin(), stages.end(), [](const Stage& a, const Stage& b) { return a.start < b.start; });
    const auto now = StageClock::now();
    const double sinceExec = millisecondsSinceExec();
    // Offset of kStaticInit after exec: total since exec minus what we measured.
    const double before =
        sinceExec < 0 ? 0.0 : std::max(0.0, sinceExec - std::chrono::duration<double, std::milli>(now - kStaticInit).count());
    auto ms = [&](StageClock::time_point t) { return before + std::chrono::duration<double, std::milli>(t - kStaticInit).count(); };

    std::map<std::thread::id, int> threads{{kMainThread, 0}};
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line, "%9s %9s %9s %6s  %s\n", "start ms", "ms", "cpu ms", "thread", "stage");
    out << line;
    std::snprintf(line, sizeof line, "%9.1f %9.1f %9s %6d  %s\n", 0.0, before, "-", 0,
                  "exec + dynamic linking (10 ms resolution)");
    out << line;
    for (const Stage& s : stages) {
        const int thread = threads.emplace(s.thread, int(threads.size())).first->second;
        char cpu[32] = "-";
        if (s.cpuMs >= 0.0) std::snprintf(cpu, sizeof cpu, "%.1f", s.cpuMs);
        std::snprintf(line, sizeof line, "%9.1f %9.1f %9s %6d  %s\n", ms(s.start),
                      std::chrono::duration<double, std::milli>(s.end - s.start).count(), cpu, thread, s.name.c_str());
        out << line;
    }
    // The process's CPU includes exec and dynamic linking and every thread
    // (lavapipe's rasteriser threads too), so it may exceed the wall time.
    std::snprintf(line, sizeof line, "%9.1f %9s %9.1f %6s  %s\n", ms(now), "",
                  cpuMilliseconds(CLOCK_PROCESS_CPUTIME_ID), "", "total, process start to now");
    out << line;
    return out.str();
}

}  // namespace places::runtime
