#include "places/net/crowd.hpp"

namespace places::net {
namespace {

std::mt19937 streamOf(const CrowdConfig& config, std::size_t index) {
    std::seed_seq seq{config.seed, static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32)};
    return std::mt19937(seq);
}

}  // namespace

CrowdMember::CrowdMember(const CrowdConfig& config, std::size_t index)
    : rng_(streamOf(config, index)), walker_(rng_, config.areaMetres, static_cast<float>(index), config.centre) {}

void CrowdMember::advanceTo(double t) {
    // Fixed steps: the path must not depend on how often the caller asks.
    while (t_ + kStepSeconds <= t) {
        walker_.walk(static_cast<float>(kStepSeconds), rng_);
        t_ += kStepSeconds;
    }
}

std::vector<AvatarPose> scriptedCrowd(const CrowdConfig& config, std::size_t count, double t) {
    std::vector<AvatarPose> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        CrowdMember m(config, i);
        m.advanceTo(t);
        out.push_back(m.pose());
    }
    return out;
}

}  // namespace places::net
