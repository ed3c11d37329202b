#pragma once
// Remote avatars are drawn a little in the past (about 100 ms, three snapshot
// intervals at 30 Hz) so there are two snapshots to blend between even when one
// is lost. Times are the relay's clock in milliseconds.
#include <cstdint>
#include <deque>
#include <optional>

#include "places/net/quantize.hpp"

namespace places::net {

class InterpolationBuffer {
public:
    static constexpr std::size_t kMaxSamples = 16;

    // Samples must come in time order; an older or equal time is ignored.
    void push(std::uint32_t serverTimeMs, const AvatarPose& pose);
    // The pose at `serverTimeMs`: blended between the two samples around it,
    // the oldest before the first, the newest after the last (no extrapolation).
    std::optional<AvatarPose> sample(double serverTimeMs) const;
    bool empty() const { return samples_.empty(); }

private:
    struct Sample {
        std::uint32_t timeMs;
        AvatarPose pose;
    };
    std::deque<Sample> samples_;
};

}  // namespace places::net
