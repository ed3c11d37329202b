// PortalWalk's rules without a relay: a portal fires once per walk-in after
// the dwell, re-arms only a metre outside, never fires for a visitor who
// arrives standing in it; the target scene resolves beside the scene file.
#include <catch2/catch.hpp>

#include "places/runtime/portal_walk.hpp"

using places::runtime::PortalWalk;
using namespace places;

namespace {

PortalWalk gate() {
    // Strings moved in whole: GCC 12's -Wrestrict misfires on assigning literals here.
    scenes::Zone z;
    z.name = std::string("Gate");
    z.outline = {{8, -2}, {12, -2}, {12, 2}, {8, 2}};
    const scenes::Portal p{std::string("to b"), std::string("Gate"), std::string("b"),
                           std::string("/data/scenes/b.json"), std::string()};
    PortalWalk w;
    w.setScene("/data/scenes/a.json", {z}, {p});
    return w;
}

}  // namespace

TEST_CASE("a portal fires once per walk-in, after the dwell, and re-arms a metre outside", "[runtime][portal]") {
    PortalWalk w = gate();
    REQUIRE(w.portals() == 1);
    CHECK_FALSE(w.step({0, 1.7, 0}, 0.0));   // outside: armed
    CHECK_FALSE(w.step({10, 1.7, 0}, 1.0));  // in, dwell not yet over
    CHECK_FALSE(w.step({10, 1.7, 0}, 1.2));
    const auto fired = w.step({10, 1.7, 0}, 1.4);
    REQUIRE(fired);
    CHECK(*fired == "to b");
    CHECK_FALSE(w.step({10, 1.7, 0}, 2.0));   // standing in it: once
    CHECK_FALSE(w.step({7.5, 1.7, 0}, 2.5));  // half a metre out: still in the band
    CHECK_FALSE(w.step({10, 1.7, 0}, 3.0));   // back in: not re-armed
    CHECK_FALSE(w.step({10, 1.7, 0}, 4.0));
    CHECK_FALSE(w.step({6.5, 1.7, 0}, 5.0));  // 1.5 m out: re-armed
    CHECK_FALSE(w.step({10, 1.7, 0}, 6.0));
    CHECK(w.step({10, 1.7, 0}, 6.5));
}

TEST_CASE("a visitor who arrives inside a portal's zone is not sent straight on", "[runtime][portal]") {
    PortalWalk w = gate();
    for (double t = 0; t < 3; t += 0.1) CHECK_FALSE(w.step({10, 1.7, 0}, t));
    CHECK_FALSE(w.step({0, 1.7, 0}, 3.0));
    CHECK_FALSE(w.step({10, 1.7, 0}, 4.0));
    CHECK(w.step({10, 1.7, 0}, 4.5));
}

TEST_CASE("the scene of an arrival: the portal's own, else the venue's file beside this scene", "[runtime][portal]") {
    PortalWalk w = gate();
    CHECK(w.sceneFor("b") == "/data/scenes/b.json");
    CHECK(w.sceneFor("c") == "/data/scenes/c.json");
    CHECK(w.sceneFor("../etc/passwd").empty());  // a venue id is a name, never a path
    CHECK(w.sceneFor("").empty());
}
