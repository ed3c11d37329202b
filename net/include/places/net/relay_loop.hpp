#pragma once
// Runs a Relay in real time on the calling thread: ticks at the configured rate
// and between ticks drains the transport every kDrainMicros, each drain bounded in time (not on every packet:
// an ENet service visits every peer, so waking per packet at 1,000 peers would
// cost more than the packets; poses are only used at the next tick anyway), and on stop tells every client
// and drains the transport briefly so the notices go out. The metrics text is
// published once a second for other threads (the stats server) to read.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "places/net/relay.hpp"

namespace places::net {

class RelayLoop {
public:
    static constexpr std::uint64_t kDrainMicros = 2000;
    // Draining the transport is bounded (Relay::pump's budget), so a flood of
    // packets never holds a tick back: right before a tick at most 1/4 of the
    // period, between ticks the time left until the next one (at least 0.5 ms).
    static constexpr std::uint64_t kPreTickDrainShare = 4;
    static constexpr std::uint64_t kMinDrainMicros = 500;

    RelayLoop(Relay& relay, const Clock& clock) : relay_(relay), clock_(clock) {}

    // Returns after `stop` became true and the shutdown notices were flushed.
    void run(const std::atomic<bool>& stop);

    // Benchmarks: tick durations and CPU time recorded only while `recordWhile`
    // is true (the bots' measured window; not "while every bot is in": a relay
    // at its capacity refuses some). Set before run(); read after run() returned.
    struct SteadyWindow {
        const std::atomic<bool>* recordWhile = nullptr;  // null = do not record
        std::vector<std::uint64_t> tickMicros;     // wall time of each tick
        std::vector<std::uint64_t> tickCpuMicros;  // CPU time of each tick (immune to preemption)
        std::vector<std::uint64_t> flushMicros;    // of each tick's wall time: the transport flush
        std::vector<double> load;                  // the shedder's smoothed load after each tick
        std::vector<std::uint32_t> relayedAgeP99Ms;  // RelayMetrics::relayedPoseAgeP99Ms after each tick
        std::size_t sessionsSeen = 0;              // sessions at the last recorded tick
        double cpuSeconds = 0.0;
        double wallSeconds = 0.0;
        std::uint64_t bytesOut = 0;  // relay -> clients, Places messages (no ENet headers)
        // The relay's incoming pose delays at the first and the last recorded tick
        // (their difference is the window's), and its superseded poses and cut drains.
        DelayHistogram inboundAtStart, inboundAtEnd;
        std::uint64_t supersededAtStart = 0, supersededAtEnd = 0, cutsAtStart = 0, cutsAtEnd = 0;
    };
    SteadyWindow steady;
    // Called on the loop's thread at every publication (once a second), so an
    // owner on another thread can copy what it needs (the venue host's census).
    // Set before run().
    std::function<void(const Relay&)> onPublish;
    // Prometheus text of the last publication; thread-safe.
    std::string metricsText() const;
    // CPU seconds the loop's thread used so far (CLOCK_THREAD_CPUTIME_ID); thread-safe.
    double cpuSeconds() const { return cpuSeconds_.load(); }

private:
    void publish();

    Relay& relay_;
    const Clock& clock_;
    mutable std::mutex mutex_;
    std::string metricsText_;
    std::atomic<double> cpuSeconds_{0.0};
};

}  // namespace places::net
