#include "places/net/bot_motion.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace places::net {

namespace {
constexpr float kWalkingSpeed = 1.3f;  // m/s
}

BotWalker::BotWalker(std::mt19937& rng, float areaMetres, float phase, glm::vec2 centre)
    : half_(areaMetres / 2.0f), phase_(phase), centre_(centre) {
    position_ = randomPoint(rng);
    target_ = randomPoint(rng);
}

glm::vec2 BotWalker::randomPoint(std::mt19937& rng) const {
    std::uniform_real_distribution<float> area(-half_, half_);
    const float x = area(rng);
    return centre_ + glm::vec2(x, area(rng));
}

void BotWalker::walk(float dt, std::mt19937& rng) {
    const glm::vec2 dir = target_ - position_;
    const float dist = glm::length(dir);
    if (dist < 0.5f) target_ = randomPoint(rng);
    else position_ += dir / dist * std::min(dist, kWalkingSpeed * dt);
}

AvatarPose BotWalker::pose(double t) const {
    AvatarPose p;
    const glm::vec2 dir = target_ - position_;
    const float yaw = std::atan2(-dir.x, -dir.y) + 0.4f * static_cast<float>(std::sin(t * 0.7 + phase_));  // look around
    p.head.position = {position_.x, 1.7f + 0.02f * static_cast<float>(std::sin(t * 2.0 + phase_)), position_.y};
    p.head.orientation = glm::angleAxis(yaw, glm::vec3(0, 1, 0));
    const float swing = 0.25f * static_cast<float>(std::sin(t * 3.0 + phase_));
    const glm::vec3 side = p.head.orientation * glm::vec3(1, 0, 0);
    const glm::vec3 fwd = p.head.orientation * glm::vec3(0, 0, -1);
    p.leftHand.position = p.head.position - 0.3f * side + swing * fwd + glm::vec3(0, -0.6f, 0);
    p.rightHand.position = p.head.position + 0.3f * side - swing * fwd + glm::vec3(0, -0.6f, 0);
    p.leftHand.orientation = p.rightHand.orientation = p.head.orientation;
    return p;
}

}  // namespace places::net
