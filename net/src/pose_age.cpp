#include "places/net/pose_age.hpp"

#include <algorithm>
#include <cmath>

namespace places::net {
namespace {

// Modular order of two clock differences (each wraps at 2^32 ms).
bool before(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

// The millisecond bucket holding the `rank`-th smallest delay (1-based) of
// per-millisecond counts (`countAt(ms)`, `buckets` of them); the last bucket
// when fewer were counted.
template <class CountAt>
std::uint32_t bucketAtRank(const CountAt& countAt, std::size_t buckets, std::uint64_t rank) {
    std::uint64_t seen = 0;
    for (std::size_t ms = 0; ms < buckets; ++ms) {
        seen += countAt(ms);
        if (seen >= rank) return static_cast<std::uint32_t>(ms);
    }
    return static_cast<std::uint32_t>(buckets - 1);
}

}  // namespace

std::uint32_t PoseAgeEstimator::base() const {
    if (!seen_[1]) return min_[0];
    if (!seen_[0]) return min_[1];
    return before(min_[1], min_[0]) ? min_[1] : min_[0];
}

std::uint32_t PoseAgeEstimator::observe(std::uint32_t senderMs, std::uint64_t relayMicros) {
    const auto difference = static_cast<std::uint32_t>(relayMicros / 1000) - senderMs;
    if (!seen_[0] && !seen_[1]) windowStart_ = relayMicros;
    if (relayMicros - windowStart_ >= kWindowMicros) {
        min_[1] = min_[0];
        seen_[1] = seen_[0];
        seen_[0] = false;
        windowStart_ = relayMicros;
    }
    if (!seen_[0] || before(difference, min_[0])) {
        min_[0] = difference;
        seen_[0] = true;
    }
    const auto delay = static_cast<std::int32_t>(difference - base());
    return static_cast<std::uint32_t>(std::max(delay, 0));
}

std::uint32_t DelayHistogram::percentile(double q) const {
    if (total == 0) return 0;
    const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total))));
    return bucketAtRank([this](std::size_t ms) { return counts[ms]; }, kBuckets, rank);
}

DelayHistogram DelayHistogram::since(const DelayHistogram& earlier) const {
    DelayHistogram d;
    for (std::size_t i = 0; i < kBuckets; ++i) d.counts[i] = counts[i] - earlier.counts[i];
    d.total = total - earlier.total;
    d.sumMs = sumMs - earlier.sumMs;
    return d;
}

void RecentDelays::endTick() {
    const auto both = [this](std::size_t ms) { return std::uint64_t{current_[ms]} + previous_[ms]; };
    std::uint64_t total = 0;
    for (std::size_t ms = 0; ms < kBuckets; ++ms) total += both(ms);
    p99_ = total == 0 ? 0 : bucketAtRank(both, kBuckets, std::max<std::uint64_t>(1, (total * 99 + 99) / 100));
    if (++ticks_ >= ticksPerHalf_) {
        previous_ = current_;
        current_.fill(0);
        ticks_ = 0;
    }
}

}  // namespace places::net
