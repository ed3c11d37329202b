#pragma once
// How simulated visitors move: walk towards a random target inside a square
// (around the origin unless given a centre) at walking pace, bob the head, look around, swing the hands.
// Shared by the load bots (bots.cpp) and the relay tick benchmark, so both load
// the relay with the same motion. Metres, venue frame (Y up, -Z ahead).
#include <cstdint>
#include <random>

#include <glm/vec2.hpp>

#include "places/net/quantize.hpp"

namespace places::net {

class BotWalker {
public:
    // `areaMetres`: side of the square around `centre` (x, z); `phase` decorrelates bots' gestures.
    BotWalker(std::mt19937& rng, float areaMetres, float phase, glm::vec2 centre = glm::vec2(0.0f));
    // Walks for `dt` seconds (picking a new target on arrival).
    void walk(float dt, std::mt19937& rng);
    // The pose at time `t` seconds (any epoch; only gestures depend on it).
    AvatarPose pose(double t) const;

private:
    glm::vec2 randomPoint(std::mt19937& rng) const;

    float half_;
    float phase_;
    glm::vec2 centre_;
    glm::vec2 position_{0.0f};  // (x, z)
    glm::vec2 target_{0.0f};
};

}  // namespace places::net
