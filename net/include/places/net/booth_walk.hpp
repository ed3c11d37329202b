#pragma once
// How a queueing fair bot gets to its booth (issue #10, `places bots --fair
// --scene`): it walks from where it stands to a spot inside the booth's zone
// at walking pace, joins the queue once there, and stays on that spot while
// it queues and talks, so the others see a crowd at the booths instead of
// queues joined from anywhere. The crowd walker still gives the gestures (head
// bob, look around, hands); only the position is this walk's.
// Metres, venue frame (x, z horizontal).
#include <random>

#include <glm/vec2.hpp>

#include "places/net/fair_config.hpp"
#include "places/net/quantize.hpp"

namespace places::net {

class BoothWalk {
public:
    static constexpr float kSpeedMetresPerSecond = 1.4f;

    // Starts a walk from `from` to a random spot within 1.5 m of the zone's
    // centroid that lies inside it (the centroid when none is found).
    void start(glm::vec2 from, const FairZone& zone, std::mt19937& rng, double now);
    // Walks on to `now` (seconds, any epoch, never backwards).
    void advance(double now);
    bool active() const { return active_; }
    bool arrived() const { return active_ && position_ == target_; }
    glm::vec2 position() const { return position_; }
    // `gesture` (the crowd walker's pose) moved so that its head stands here.
    AvatarPose place(AvatarPose gesture) const;

private:
    bool active_ = false;
    glm::vec2 position_{0.0f}, target_{0.0f};
    double at_ = 0.0;
};

}  // namespace places::net
