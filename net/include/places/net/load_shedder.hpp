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
//   4 new joins refused by the instances that were open (overflow opens another),
//     and the relay as a whole admits new visitors only while those inside
//     still get their poses in time: the p99 of the relayed poses' age at
//     their send over the last second (waiting to arrive, to the tick, and the
//     tick itself) below `admitAgeMs`, and at most `admitPerTick` a tick, so
//     each newcomer's cost shows before the next comes in. At a load the
//     machine cannot carry, this is what holds the latency of those inside:
//     the levels before shed work per visitor, only fewer visitors shed the
//     cost that grows with them (receiving their poses, one datagram each).
//     The age, not the tick's cost, decides: the cost of refused clients
//     knocking again is part of the tick's cost but not of anyone's latency.
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
    // Level 4: new visitors admitted only while the recent p99 age is below
    // this. At 30 Hz the wait for the tick alone reaches 33 ms, and a relay at
    // level 4 shows 39-48 ms in steady state (docs/performance-net.md): 40
    // admits in its quieter moments only, and leaves 10 ms of the nearest
    // avatars' 50 ms for newcomers admitted before their cost showed and for
    // a machine that turns slower after they came in.
    std::uint32_t admitAgeMs = 40;
    std::uint32_t admitPerTick = 2;      // level 4: and at most this many per tick
};

class LoadShedder {
public:
    LoadShedder(ShedParams params, std::uint64_t periodMicros);

    // One tick's cost in microseconds; returns +1 or -1 when the level changed, else 0.
    int observe(std::uint64_t costMicros);

    ShedLevel level() const { return level_; }
    // Whether a new visitor may come in now (always below level 4), given the
    // p99 age of the poses relayed over the last second; a yes counts against
    // this tick's admissions.
    bool admitVisitor(std::uint32_t recentAgeP99Ms);
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
    std::uint32_t admittedThisTick_ = 0;
};

}  // namespace places::net
