#pragma once
// How long a pose waited on its way in (socket, ENet, a relay busy with a tick)
// before the relay handled it. The sender stamps it with its own clock, whose
// offset to the relay's is unknown: the smallest (relay - sender) difference
// seen recently is taken as the path without a queue, and a pose's delay is how
// far its difference lies above that base (one-way queueing delay, as LEDBAT
// estimates it). The base is the minimum over the current and the previous
// window, so it follows a slow drift between the clocks and forgets a base
// that was taken while a queue already stood. Plain data; no clock of its own.
#include <array>
#include <cstdint>

namespace places::net {

class PoseAgeEstimator {
public:
    static constexpr std::uint64_t kWindowMicros = 10'000'000;

    // A pose stamped `senderMs` (sender's clock, wraps) handled at `relayMicros`
    // (the relay's clock); returns its queueing delay in ms (0 for the fastest seen).
    std::uint32_t observe(std::uint32_t senderMs, std::uint64_t relayMicros);

private:
    std::uint32_t base() const;

    std::array<std::uint32_t, 2> min_{};  // [0] this window, [1] the previous one (modular ms)
    std::array<bool, 2> seen_{};
    std::uint64_t windowStart_ = 0;
};

// Counts of delays in whole milliseconds (the last bucket holds everything
// longer), summed over a relay's life; percentiles of a stretch are taken from
// the difference of two copies (places bench relay does).
struct DelayHistogram {
    static constexpr std::size_t kBuckets = 2048;
    std::array<std::uint64_t, kBuckets> counts{};
    std::uint64_t total = 0;
    std::uint64_t sumMs = 0;
    void add(std::uint32_t ms) {
        ++counts[ms < kBuckets ? ms : kBuckets - 1];
        ++total;
        sumMs += ms;
    }
    // Nearest rank, in ms; 0 when empty.
    std::uint32_t percentile(double q) const;
    // What was added since `earlier` (a copy of this histogram).
    DelayHistogram since(const DelayHistogram& earlier) const;
};

// Delays of the last half to whole second, for decisions taken as the relay
// runs (its admission at capacity, load_shedder.hpp): counts in two halves of
// `ticksPerHalf` ticks each, the older half dropped when a new one starts, so
// the p99 follows the present without the noise of a single tick.
class RecentDelays {
public:
    static constexpr std::size_t kBuckets = 256;  // 1 ms each; the last holds everything longer

    explicit RecentDelays(std::uint32_t ticksPerHalf) : ticksPerHalf_(ticksPerHalf ? ticksPerHalf : 1) {}
    void add(std::uint32_t ms) { ++current_[ms < kBuckets ? ms : kBuckets - 1]; }
    // Ends a tick: recomputes the p99 over both halves, and starts a new half
    // every `ticksPerHalf` ticks.
    void endTick();
    // Nearest rank over the two halves, in ms; 0 while nothing was added.
    std::uint32_t p99() const { return p99_; }

private:
    std::array<std::uint32_t, kBuckets> current_{}, previous_{};
    std::uint32_t ticksPerHalf_;
    std::uint32_t ticks_ = 0;
    std::uint32_t p99_ = 0;
};

}  // namespace places::net
