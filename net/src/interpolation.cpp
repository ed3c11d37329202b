#include "places/net/interpolation.hpp"

#include <glm/gtc/quaternion.hpp>

namespace places::net {
namespace {

Pose blend(const Pose& a, const Pose& b, float t) {
    return {a.position + (b.position - a.position) * t, glm::slerp(a.orientation, b.orientation, t)};
}

}  // namespace

void InterpolationBuffer::push(std::uint32_t serverTimeMs, const AvatarPose& pose) {
    if (!samples_.empty() && serverTimeMs <= samples_.back().timeMs) return;
    samples_.push_back({serverTimeMs, pose});
    if (samples_.size() > kMaxSamples) samples_.pop_front();
}

std::optional<AvatarPose> InterpolationBuffer::sample(double t) const {
    if (samples_.empty()) return std::nullopt;
    if (t <= samples_.front().timeMs) return samples_.front().pose;
    for (std::size_t i = 1; i < samples_.size(); ++i) {
        const Sample& b = samples_[i];
        if (t > b.timeMs) continue;
        const Sample& a = samples_[i - 1];
        const auto f = static_cast<float>((t - a.timeMs) / static_cast<double>(b.timeMs - a.timeMs));
        return AvatarPose{blend(a.pose.head, b.pose.head, f), blend(a.pose.leftHand, b.pose.leftHand, f),
                          blend(a.pose.rightHand, b.pose.rightHand, f)};
    }
    return samples_.back().pose;
}

}  // namespace places::net
