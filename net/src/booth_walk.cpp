#include "places/net/booth_walk.hpp"

#include <algorithm>

#include <glm/geometric.hpp>

namespace places::net {

void BoothWalk::start(glm::vec2 from, const FairZone& zone, std::mt19937& rng, double now) {
    glm::dvec2 centroid(0.0);
    for (const glm::dvec2& p : zone.outline) centroid += p;
    if (!zone.outline.empty()) centroid /= static_cast<double>(zone.outline.size());
    const double y = zone.floor + 1.0;  // a head's height band inside the zone
    std::uniform_real_distribution<double> jitter(-1.5, 1.5);
    glm::dvec2 spot = centroid;
    for (int i = 0; i < 8; ++i) {
        const glm::dvec2 candidate = centroid + glm::dvec2(jitter(rng), jitter(rng));
        if (zone.contains({candidate.x, y, candidate.y})) {
            spot = candidate;
            break;
        }
    }
    active_ = true;
    position_ = from;
    target_ = glm::vec2(spot);
    at_ = now;
}

void BoothWalk::advance(double now) {
    if (!active_) return;
    const float dt = static_cast<float>(std::max(0.0, now - at_));
    at_ = std::max(at_, now);
    const glm::vec2 d = target_ - position_;
    const float left = glm::length(d);
    const float step = kSpeedMetresPerSecond * dt;
    position_ = left <= step ? target_ : position_ + d * (step / left);
}

AvatarPose BoothWalk::place(AvatarPose pose) const {
    const glm::vec3 shift(position_.x - pose.head.position.x, 0.0f, position_.y - pose.head.position.z);
    pose.head.position += shift;
    pose.leftHand.position += shift;
    pose.rightHand.position += shift;
    return pose;
}

}  // namespace places::net
