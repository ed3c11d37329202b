// Deterministic crowds: the same seed walks the same paths, whoever asks when.
#include <catch2/catch.hpp>

#include "places/net/crowd.hpp"

using namespace places::net;

TEST_CASE("crowd: the same seed gives the same poses, however often the walk is sampled", "[unit][crowd]") {
    CrowdConfig config;
    config.seed = 42;
    config.centre = {120.0f, -35.0f};
    config.areaMetres = 30.0f;
    const auto once = scriptedCrowd(config, 50, 20.0);
    const auto again = scriptedCrowd(config, 50, 20.0);
    REQUIRE(once.size() == 50);
    // A member asked every frame of a jittery frame loop ends where one asked once does.
    CrowdMember sampled(config, 7);
    for (double t = 0.0; t < 20.0; t += 0.013 + 0.011 * std::sin(t * 31.0)) sampled.advanceTo(t);
    sampled.advanceTo(20.0);
    CHECK(sampled.pose().head.position == once[7].head.position);
    for (std::size_t i = 0; i < once.size(); ++i) {
        CHECK(once[i].head.position == again[i].head.position);
        CHECK(once[i].head.orientation == again[i].head.orientation);
        CHECK(once[i].leftHand.position == again[i].leftHand.position);
        // Inside the square around the centre, at head height.
        CHECK(std::abs(once[i].head.position.x - 120.0f) <= 15.0f);
        CHECK(std::abs(once[i].head.position.z + 35.0f) <= 15.0f);
        CHECK(once[i].head.position.y == Approx(1.7f).margin(0.03));
    }
    // Members differ from each other, and another seed is another crowd.
    CHECK(once[0].head.position != once[1].head.position);
    config.seed = 43;
    const auto other = scriptedCrowd(config, 50, 20.0);
    std::size_t same = 0;
    for (std::size_t i = 0; i < once.size(); ++i) same += once[i].head.position == other[i].head.position;
    CHECK(same == 0);
    // They walk: 20 s later most are elsewhere.
    const auto later = scriptedCrowd(config, 50, 40.0);
    std::size_t moved = 0;
    for (std::size_t i = 0; i < later.size(); ++i) moved += glm::length(later[i].head.position - other[i].head.position) > 1.0f;
    CHECK(moved > 40);
}
