// The desktop camera (places/runtime/desktop_camera.hpp): orbiting keeps the
// eye at its distance from the point it circles, fly mode moves the eye
// itself, and its views follow the target's aspect ratio.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

#include <glm/geometric.hpp>

#include "places/runtime/desktop_camera.hpp"

using places::runtime::DesktopCamera;

TEST_CASE("orbiting keeps the eye's distance to the orbit target", "[runtime][camera]") {
    DesktopCamera camera;
    places::render::Camera start;
    start.pose = {{0.0, 100.0, 200.0}, 0.0, -30.0};
    camera.jumpTo(start);
    // jumpTo orbits the point 1.5 x the eye height ahead (at least 20 m).
    const glm::dvec3 target = start.pose.position + places::visibility::forwardFromYawPitch(0.0, -30.0) * 150.0;
    camera.rotate(120.0, -40.0);  // pixels: 30 degrees of yaw, 10 of pitch
    CHECK(camera.camera().pose.yawDeg == Approx(30.0));
    CHECK(camera.camera().pose.pitchDeg == Approx(-20.0));
    CHECK(glm::length(camera.camera().pose.position - target) == Approx(150.0));
    camera.zoom(1.0);  // closer by 15 %
    CHECK(glm::length(camera.camera().pose.position - target) == Approx(127.5));
    camera.rotate(0.0, -1000.0);  // pitch stops short of straight up
    CHECK(camera.camera().pose.pitchDeg == Approx(89.0));
}

TEST_CASE("fly mode moves the eye along its heading", "[runtime][camera]") {
    DesktopCamera camera;
    places::render::Camera start;
    start.pose = {{10.0, 2.0, 0.0}, 90.0, 0.0};  // looking east (+x)
    camera.jumpTo(start);
    camera.toggleFly();
    REQUIRE(camera.fly());
    camera.move({0.0, 0.0, 1.0}, 5.0);  // forward 5 m
    CHECK(camera.camera().pose.position.x == Approx(15.0));
    CHECK(camera.camera().pose.position.z == Approx(0.0).margin(1e-9));
    camera.rotate(40.0, 0.0);  // fly: turning does not move the eye
    CHECK(camera.camera().pose.position.x == Approx(15.0));
    const auto views = camera.views({200, 100});
    CHECK(views.count == 1);
}

TEST_CASE("a walking visitor keeps eye height above a sloped ground", "[runtime][camera][ground]") {
    // Terrain rising 0.12 m per metre east, a 3 m cliff at x = 40 (a terrace
    // wall of the relief), nothing beyond x = 60.
    const auto terrain = [](double x, double) -> std::optional<double> {
        if (x > 60.0) return std::nullopt;
        return 0.12 * x + (x >= 40.0 ? 3.0 : 0.0);
    };
    DesktopCamera camera;
    places::render::Camera start;
    start.pose = {{0.0, 30.0, 0.0}, 90.0, 0.0};  // looking east, far above the ground
    camera.jumpTo(start);
    places::runtime::WalkSettings walk;
    walk.eyeHeightM = 1.65;
    camera.walkOnGround(terrain, walk);
    REQUIRE(camera.walking());
    CHECK(camera.camera().pose.position.y == Approx(1.65));  // the start stands on the ground
    CHECK(camera.feetY() == Approx(0.0));

    // Walk east at 1.4 m/s in 60 Hz frames: the eye follows the slope,
    // lagging at most a few centimetres behind (it eases, no jumps).
    const double frame = 1.0 / 60.0;
    double worst = 0.0, previousY = camera.camera().pose.position.y;
    while (camera.camera().pose.position.x < 35.0) {
        camera.move({0.0, 0.0, 1.0}, 1.4 * frame);
        camera.settle(frame);
        const glm::dvec3 eye = camera.camera().pose.position;
        worst = std::max(worst, std::abs(eye.y - (*terrain(eye.x, eye.z) + 1.65)));
        CHECK(eye.y - previousY <= 0.12 * 1.4 * frame + 1e-9);  // never faster than the slope climbs
        previousY = eye.y;
    }
    CHECK(worst < 0.05);
    for (int i = 0; i < 60; ++i) camera.settle(frame);  // standing still: settled
    const glm::dvec3 settled = camera.camera().pose.position;
    CHECK(settled.y == Approx(*terrain(settled.x, 0.0) + 1.65).margin(1e-3));

    // The 3 m cliff is more than the 0.5 m step: the visitor stops below it.
    for (int i = 0; i < 600; ++i) camera.move({0.0, 0.0, 1.0}, 1.4 * frame);
    CHECK(camera.camera().pose.position.x < 40.0);
    CHECK(camera.camera().pose.position.x > 39.9);

    // Off the terrain the feet keep the level of the last ground they
    // walked on: the terrain's edge (a long move is walked in pieces).
    DesktopCamera upper;
    start.pose = {{50.0, 30.0, 0.0}, 90.0, 0.0};
    upper.jumpTo(start);
    upper.walkOnGround(terrain, walk);
    const double feet = upper.feetY();
    CHECK(feet == Approx(0.12 * 50.0 + 3.0));
    upper.move({0.0, 0.0, 1.0}, 20.0);  // to x = 70, beyond the terrain's edge
    upper.settle(1.0);
    CHECK(upper.camera().pose.position.x == Approx(70.0));
    CHECK(upper.feetY() == Approx(0.12 * 60.0 + 3.0).margin(0.12 * DesktopCamera::kWalkPieceM));

    // From off the terrain back onto it, whatever the step at its edge.
    DesktopCamera outside;
    start.pose = {{80.0, 1.65, 0.0}, 270.0, 0.0};  // on a plane at 0, looking west
    outside.jumpTo(start);
    outside.walkOnGround(terrain, walk);
    CHECK(outside.feetY() == Approx(0.0));
    outside.move({0.0, 0.0, 1.0}, 25.0);  // to x = 55: the terrain is 9.6 m up there
    CHECK(outside.camera().pose.position.x == Approx(55.0));
    CHECK(outside.feetY() == Approx(0.12 * 55.0 + 3.0));
}

TEST_CASE("a walking visitor stops at a wall, slides along it and walks out of one they stand in",
          "[runtime][camera][walk]") {
    // A wall 1 m thick across x = 5..6, and the body's 0.25 m around the feet.
    const auto inWall = [](const glm::dvec3& feet) { return std::abs(feet.x - 5.5) < 0.5 + 0.25; };
    places::render::Camera start;
    start.pose = {{0.0, 1.65, 0.0}, 90.0, 0.0};  // looking east
    places::runtime::WalkSettings walk;
    walk.eyeHeightM = 1.65;
    const double frame = 1.0 / 60.0;

    DesktopCamera camera;
    camera.jumpTo(start);
    camera.walkOnGround({}, walk);  // no terrain: the level of the start
    camera.keepClear(inWall);
    for (int i = 0; i < 600; ++i) camera.move({0.0, 0.0, 1.0}, 1.4 * frame);
    const double stopped = camera.camera().pose.position.x;
    CHECK(stopped <= 4.75);
    CHECK(stopped > 4.75 - 1.4 * frame - 1e-9);  // within a frame's step of the wall
    CHECK(camera.stepsBlocked() > 0);
    CHECK(camera.camera().pose.position.y == Approx(1.65));

    // Walking at the wall at 45 degrees: the part along it goes on.
    for (int i = 0; i < 60; ++i) camera.move(glm::normalize(glm::dvec3(1.0, 0.0, 1.0)), 1.4 * frame);
    CHECK(camera.camera().pose.position.x <= 4.75);
    CHECK(camera.camera().pose.position.z == Approx(1.4 / std::sqrt(2.0)).epsilon(0.05));

    // One long step (a stalled frame): taken in pieces, so the wall is met, not jumped.
    DesktopCamera lagged;
    lagged.jumpTo(start);
    lagged.walkOnGround({}, walk);
    lagged.keepClear(inWall);
    lagged.move({0.0, 0.0, 1.0}, 10.0);
    CHECK(lagged.camera().pose.position.x <= 4.75);
    CHECK(lagged.camera().pose.position.x > 4.75 - DesktopCamera::kWalkPieceM);
    DesktopCamera free;
    free.jumpTo(start);
    free.walkOnGround({}, walk);
    free.move({0.0, 0.0, 1.0}, 10.0);  // nothing in the way: all of it
    CHECK(free.camera().pose.position.x == Approx(10.0));
    CHECK(free.stepsBlocked() == 0);

    // Standing in the wall (a spawn inside a prop): every way out is open,
    // and once out the wall holds again.
    DesktopCamera stuck;
    start.pose.position.x = 5.5;
    stuck.jumpTo(start);
    stuck.walkOnGround({}, walk);
    stuck.keepClear(inWall);
    stuck.move({0.0, 0.0, 1.0}, 1.0);
    CHECK(stuck.camera().pose.position.x == Approx(6.5));
    stuck.move({0.0, 0.0, -1.0}, 1.0);  // back west: into the wall again
    CHECK(stuck.camera().pose.position.x >= 6.25);
    CHECK(stuck.stepsBlocked() > 0);
}

TEST_CASE("walking on a new ground forgets the old one", "[runtime][camera][ground]") {
    // A portal from a venue on a hill (terrain 20 m up) to one without
    // terrain: the visitor walks the new venue's level, not the old hill.
    const auto hill = [](double, double) -> std::optional<double> { return 20.0; };
    places::runtime::WalkSettings walk;
    walk.eyeHeightM = 1.65;
    DesktopCamera camera;
    places::render::Camera start;
    start.pose = {{0.0, 25.0, 0.0}, 0.0, 0.0};
    camera.jumpTo(start);
    camera.walkOnGround(hill, walk);
    CHECK(camera.feetY() == Approx(20.0));
    start.pose.position = {0.0, 1.65, 0.0};  // the other venue's spawn, on its ground at 0
    camera.jumpTo(start);
    camera.walk(1.65);
    camera.walkOnGround({}, walk);
    camera.move({0.0, 0.0, 1.0}, 3.0);
    camera.settle(1.0);
    CHECK(camera.feetY() == Approx(0.0));
    CHECK(camera.camera().pose.position.y == Approx(1.65));
}
