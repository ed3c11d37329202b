#pragma once
// The relay's overload controller: it watches what each tick cost (wall time
// of the tick plus the packet handling since the last one, so preemption by
// other processes counts: it is CPU the relay did not get) against the tick
// period, and names a degradation level. The relay sheds work in this order,
// each level keeping what the ones before it shed (docs/formats/protocol.md,
// "Overload"):
//   1 fewer far-tier updates (each viewer ranks and sends fewer distant avatars per tick),
//   2 lower rate for distant avatars (a viewer's far tier runs every third tick),
//   3 a smaller near set (half the full-rate avatars),
//   4 new joins refused by the instances that were open (overflow opens another).
// It raises one level at a time while the smoothed cost stays above
// `raiseAbove` (waiting `raiseAfterTicks` after each change, so the last step's
// effect shows in the average first), and gives levels back one at a time only
// after `lowerAfterTicks` consecutive ticks below `lowerBelow`: the gap between
// the two thresholds and the long calm wait are the hysteresis that keeps it
// from flapping. Plain data in, plain data out; no clock of its own.
#include <array>
#include <cstdint>
#include <string_view>

namespace places::net {

enum class ShedLevel : std::uint8_t { Normal = 0, FewerFar = 1, SlowerFar = 2, SmallerNear = 3, RefuseJoins = 4 };
inline constexpr std::size_t kShedLevels = 5;
std::string_view toString(ShedLevel level);

struct ShedParams {
    bool enabled = true;
    double smoothing = 0.2;              // weight of the newest tick in the moving average (~5 ticks)
    double raiseAbove = 0.8;             // smoothed cost / tick period above this: one level more
    double lowerBelow = 0.5;             // below this for `lowerAfterTicks` in a row: one level less
    std::uint32_t raiseAfterTicks = 10;  // ticks after any change before the next raise
    std::uint32_t lowerAfterTicks = 60;  // 2 s at 30 Hz
    ShedLevel maxLevel = ShedLevel::RefuseJoins;
};

class LoadShedder {
public:
    LoadShedder(ShedParams params, std::uint64_t periodMicros);

    // One tick's cost in microseconds; returns +1 or -1 when the level changed, else 0.
    int observe(std::uint64_t costMicros);

    ShedLevel level() const { return level_; }
    // Smoothed cost as a share of the tick period (1.0 = the whole period).
    double load() const { return load_; }
    const ShedParams& params() const { return params_; }

private:
    ShedParams params_;
    double period_;
    double load_ = 0.0;
    bool primed_ = false;
    ShedLevel level_ = ShedLevel::Normal;
    std::uint32_t sinceChange_ = 0;
    std::uint32_t calm_ = 0;
};

}  // namespace places::net
