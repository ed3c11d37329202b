#pragma once
// The runtime relay tests' visitors: joining a venue under a name, and a
// visitor's pose standing at a spot (head at 1.7 m, hands beside it).
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "places/runtime/venue_join.hpp"

namespace places::test {

// Joins `scene`'s venue as `name` (anonymous; empty: the ticket's name); the test fails if it cannot.
inline std::unique_ptr<runtime::VenueClient> joinAs(runtime::VenueJoinSettings settings, const std::string& name,
                                                    const runtime::RenderScene& scene, const net::Clock& clock) {
    if (!name.empty()) settings.name = name;
    auto joined = runtime::joinVenue(settings, scene, clock);
    INFO(name);
    REQUIRE(joined.value);
    return std::move(*joined.value);
}

inline net::AvatarPose standingAt(double x, double z) {
    net::AvatarPose p;
    p.head.position = {float(x), 1.7f, float(z)};
    p.leftHand.position = {float(x) - 0.3f, 1.0f, float(z)};
    p.rightHand.position = {float(x) + 0.3f, 1.0f, float(z)};
    return p;
}

}  // namespace places::test
