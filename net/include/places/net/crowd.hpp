#pragma once
// Deterministic crowds: member i of a crowd with a given seed walks the same
// path in every run, whatever the thread count or the machine's timing, because
// it has its own random stream (seeded by seed and index) and walks in fixed
// steps. The load bots move this way (`places bots --seed`), and a golden image
// of a crowd can be rendered without a network from scriptedCrowd().
// Metres, venue (local) frame: Y up, the square centred on `centre` (x, z).
#include <cstdint>
#include <random>
#include <vector>

#include <glm/vec2.hpp>

#include "places/net/bot_motion.hpp"

namespace places::net {

struct CrowdConfig {
    std::uint32_t seed = 1;
    glm::vec2 centre{0.0f};    // (x, z) of the walking square's centre
    float areaMetres = 40.0f;  // side of the square
};

class CrowdMember {
public:
    static constexpr double kStepSeconds = 1.0 / 30.0;

    CrowdMember(const CrowdConfig& config, std::size_t index);
    // Walks on to `t` seconds after the member started (never backwards).
    void advanceTo(double t);
    // The pose at the time walked to.
    AvatarPose pose() const { return walker_.pose(t_); }

private:
    std::mt19937 rng_;
    BotWalker walker_;
    double t_ = 0.0;
};

// The poses of members 0..count-1 at `t` seconds (each walked from 0).
std::vector<AvatarPose> scriptedCrowd(const CrowdConfig& config, std::size_t count, double t);

}  // namespace places::net
