#pragma once
// Progress reporting for long work (imports, tiling, benchmarks). Processing
// code takes a ProgressSink& so tests can pass a silent or recording sink and
// the CLI passes a throttled stderr printer.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace places {

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // `phase` names the work ("parse", "tiles"); `done` of `total` units (total 0 = unknown).
    virtual void update(std::string_view phase, std::uint64_t done, std::uint64_t total) = 0;
    virtual void finish(std::string_view phase) = 0;
};

class NullProgress final : public ProgressSink {
public:
    void update(std::string_view, std::uint64_t, std::uint64_t) override {}
    void finish(std::string_view) override {}
};

// Writes "\r[phase] done/total (pct%)" to stderr at most every 100 ms; on a
// non-terminal stderr it writes whole lines at most once a second.
class StderrProgress final : public ProgressSink {
public:
    StderrProgress();
    void update(std::string_view phase, std::uint64_t done, std::uint64_t total) override;
    void finish(std::string_view phase) override;

private:
    std::chrono::steady_clock::time_point last_{};
    std::string lastPhase_;
    bool tty_ = false;
    bool pending_ = false;
};

}  // namespace places
