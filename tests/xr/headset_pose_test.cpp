// This visitor's pose for the relay from a headset frame (plain data): the
// head and tracked hands placed in the venue by the stage anchor, untracked
// hands at the hips turned with the head's yaw.
#include <catch2/catch.hpp>

#include <cmath>

#include <glm/gtc/quaternion.hpp>

#include "places/xr_front/headset_source.hpp"

using namespace places;

namespace {

XrPosef xrPose(glm::dvec3 p, glm::dquat q) {
    return {{float(q.x), float(q.y), float(q.z), float(q.w)}, {float(p.x), float(p.y), float(p.z)}};
}

}  // namespace

TEST_CASE("headset visitor pose: head and tracked hands go through the stage anchor into the venue") {
    // A stage facing east (yaw 90): stage -Z is venue +X, stage +X is venue +Z.
    const xr::StageAnchor anchor = xr::StageAnchor::underEye({10.0, 1.6, -5.0}, 90.0, 1.6);
    xr::StagePose head;
    head.position = {0.0, 1.6, 0.0};
    xr::ControllerState pad;
    pad.handTracked = {true, true};
    pad.handPose[0] = xrPose({-0.2, 1.3, -0.3}, {1, 0, 0, 0});
    pad.handPose[1] = xrPose({0.2, 1.3, -0.3}, {1, 0, 0, 0});
    const net::AvatarPose pose = xr_front::headsetVisitorPose(anchor, head, pad);
    CHECK(pose.head.position.x == Approx(10.0));
    CHECK(pose.head.position.y == Approx(1.6));
    CHECK(pose.head.position.z == Approx(-5.0));
    // The head looks east: its -Z is venue +X.
    const glm::vec3 look = pose.head.orientation * glm::vec3(0, 0, -1);
    CHECK(look.x == Approx(1.0).margin(1e-5));
    CHECK(pose.rightHand.position.x == Approx(10.3).margin(1e-5));
    CHECK(pose.rightHand.position.y == Approx(1.3).margin(1e-5));
    CHECK(pose.rightHand.position.z == Approx(-4.8).margin(1e-5));
    CHECK(pose.leftHand.position.z == Approx(-5.2).margin(1e-5));
}

TEST_CASE("headset visitor pose: untracked hands hang at the hips, turned with the head's yaw only") {
    const xr::StageAnchor anchor;  // stage = venue
    xr::StagePose head;
    head.position = {1.0, 1.7, 2.0};
    // Looking west (turned +90 degrees about Y) and 40 degrees down: the hands follow the yaw, not the pitch.
    head.orientation = glm::angleAxis(glm::radians(90.0), glm::dvec3(0, 1, 0)) *
                       glm::angleAxis(glm::radians(-40.0), glm::dvec3(1, 0, 0));
    const xr::ControllerState pad;  // nothing tracked (e.g. not FOCUSED)
    const net::AvatarPose pose = xr_front::headsetVisitorPose(anchor, head, pad);
    // Facing -X: the right hand is on the -Z side, 0.75 m below the eyes, 0.08 m ahead.
    CHECK(pose.rightHand.position.x == Approx(1.0 - 0.08).margin(1e-4));
    CHECK(pose.rightHand.position.y == Approx(1.7 - 0.75).margin(1e-4));
    CHECK(pose.rightHand.position.z == Approx(2.0 - 0.22).margin(1e-4));
    CHECK(pose.leftHand.position.z == Approx(2.0 + 0.22).margin(1e-4));
    const glm::vec3 handForward = pose.rightHand.orientation * glm::vec3(0, 0, -1);
    CHECK(handForward.x == Approx(-1.0).margin(1e-5));
    CHECK(handForward.y == Approx(0.0).margin(1e-5));
}
