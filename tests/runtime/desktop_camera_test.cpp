// The desktop camera (places/runtime/desktop_camera.hpp): orbiting keeps the
// eye at its distance from the point it circles, fly mode moves the eye
// itself, and its views follow the target's aspect ratio.
#include <catch2/catch.hpp>

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
