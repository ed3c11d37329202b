#include "places/net/load_shedder.hpp"

#include <algorithm>

namespace places::net {

std::string_view toString(ShedLevel level) {
    switch (level) {
        case ShedLevel::Normal: return "normal";
        case ShedLevel::FewerFar: return "fewer_far";
        case ShedLevel::SlowerFar: return "slower_far";
        case ShedLevel::SmallerNear: return "smaller_near";
        case ShedLevel::RefuseJoins: return "refuse_joins";
    }
    return "invalid";
}

LoadShedder::LoadShedder(ShedParams params, std::uint64_t periodMicros)
    : params_(params), period_(static_cast<double>(std::max<std::uint64_t>(periodMicros, 1))) {}

int LoadShedder::observe(std::uint64_t costMicros) {
    const double ratio = static_cast<double>(costMicros) / period_;
    load_ = primed_ ? load_ + params_.smoothing * (ratio - load_) : ratio;
    primed_ = true;
    admittedThisTick_ = 0;
    if (!params_.enabled) return 0;
    ++sinceChange_;
    calm_ = load_ < params_.lowerBelow ? calm_ + 1 : 0;
    const auto step = [&](int by) {
        level_ = static_cast<ShedLevel>(static_cast<int>(level_) + by);
        sinceChange_ = 0;
        calm_ = 0;
        return by;
    };
    if (load_ > params_.raiseAbove && level_ < params_.maxLevel && sinceChange_ >= params_.raiseAfterTicks)
        return step(+1);
    if (level_ != ShedLevel::Normal && calm_ >= params_.lowerAfterTicks) return step(-1);
    return 0;
}

bool LoadShedder::admitVisitor(std::uint32_t recentAgeP99Ms) {
    if (level_ < ShedLevel::RefuseJoins) return true;
    if (recentAgeP99Ms >= params_.admitAgeMs || admittedThisTick_ >= params_.admitPerTick) return false;
    ++admittedThisTick_;
    return true;
}

}  // namespace places::net
