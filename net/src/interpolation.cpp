#include "places/net/interpolation.hpp"

#include <glm/gtc/quaternion.hpp>

namespace places::net {
namespace {

// Normalised lerp, not slerp: samples are one or a few snapshots apart, a few
// degrees at most, where the two differ by far less than the wire's rotation
// step, and a front end blends every avatar every frame (slerp's acos and sines
// were most of the presence list's time at 1,000 avatars).
glm::quat nlerp(const glm::quat& a, glm::quat b, float t) {
    if (glm::dot(a, b) < 0.0f) b = -b;  // the short way round
    return glm::normalize(a * (1.0f - t) + b * t);
}

Pose blend(const Pose& a, const Pose& b, float t) {
    return {a.position + (b.position - a.position) * t, nlerp(a.orientation, b.orientation, t)};
}

}  // namespace

void InterpolationBuffer::push(std::uint32_t serverTimeMs, const AvatarPose& pose) {
    if (!samples_.empty() && serverTimeMs <= samples_.back().timeMs) return;
    samples_.push_back({serverTimeMs, pose});
    if (samples_.size() > kMaxSamples) samples_.pop_front();
}

std::optional<AvatarPose> InterpolationBuffer::sample(double t) const {
    if (samples_.empty()) return std::nullopt;
    if (t >= samples_.back().timeMs) return samples_.back().pose;
    if (t <= samples_.front().timeMs) return samples_.front().pose;
    // From the newest back: the drawing time is a few samples behind the newest
    // (the interpolation delay), so this stops after a step or two.
    std::size_t i = samples_.size() - 1;
    while (samples_[i - 1].timeMs > t) --i;
    const Sample& a = samples_[i - 1];
    const Sample& b = samples_[i];
    const auto f = static_cast<float>((t - a.timeMs) / static_cast<double>(b.timeMs - a.timeMs));
    return AvatarPose{blend(a.pose.head, b.pose.head, f), blend(a.pose.leftHand, b.pose.leftHand, f),
                      blend(a.pose.rightHand, b.pose.rightHand, f)};
}

}  // namespace places::net
