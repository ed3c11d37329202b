#include <catch2/catch.hpp>

#include <cmath>

#include <glm/mat4x4.hpp>
#include <glm/trigonometric.hpp>

#include "places/visibility/camera.hpp"

using namespace places::visibility;

namespace {
glm::dvec4 clip(const glm::dmat4& m, const glm::dvec3& p) { return m * glm::dvec4(p, 1.0); }
}  // namespace

TEST_CASE("yaw is a compass heading, pitch is above the horizon") {
    const glm::dvec3 north = forwardFromYawPitch(0, 0), east = forwardFromYawPitch(90, 0);
    CHECK(north.z == Approx(-1.0));  // local z points south
    CHECK(east.x == Approx(1.0));
    CHECK(forwardFromYawPitch(180, 0).z == Approx(1.0));
    CHECK(forwardFromYawPitch(0, -90).y == Approx(-1.0));
    for (double yaw : {0.0, 45.0, 135.0, 225.0, 300.0}) {
        for (double pitch : {-60.0, 0.0, 30.0}) {
            const YawPitch back = yawPitchFromDirection(forwardFromYawPitch(yaw, pitch));
            CHECK(back.yawDeg == Approx(yaw).margin(1e-9));
            CHECK(back.pitchDeg == Approx(pitch).margin(1e-9));
        }
    }
}

TEST_CASE("CRS and local coordinates convert like the city import") {
    places::city::GeoReference geo{"EPSG:25832", "EPSG:7837", {365760.0, 5713580.0, 52.0}};
    const glm::dvec3 local = localFromCrs({365770.0, 5713600.0, 55.0}, geo);
    CHECK(local == glm::dvec3(10.0, 3.0, -20.0));  // 20 m north = z -20
    CHECK(crsFromLocal(local, geo) == glm::dvec3(365770.0, 5713600.0, 55.0));
}

TEST_CASE("the view matrix puts what the camera looks at on -z") {
    const CameraPose pose{{100.0, 2.0, -50.0}, 90.0, 0.0};  // looking east
    const glm::dmat4 view = viewMatrix(pose);
    const glm::dvec4 ahead = view * glm::dvec4(110.0, 2.0, -50.0, 1.0);
    CHECK(ahead.x == Approx(0.0).margin(1e-9));
    CHECK(ahead.z == Approx(-10.0));
    const glm::dvec4 south = view * glm::dvec4(100.0, 2.0, -40.0, 1.0);  // on the right when facing east
    CHECK(south.x == Approx(10.0));
    const glm::dvec4 above = view * glm::dvec4(110.0, 7.0, -50.0, 1.0);
    CHECK(above.y == Approx(5.0));
    // Straight down stays well-defined: north is up on screen at yaw 0.
    const glm::dmat4 down = viewMatrix({{0, 100, 0}, 0.0, -90.0});
    CHECK((down * glm::dvec4(0, 0, -10, 1)).y == Approx(10.0));
    CHECK((down * glm::dvec4(0, 0, 0, 1)).z == Approx(-100.0));
}

TEST_CASE("projections follow Vulkan clip space: y down, depth 0..1") {
    Projection standard{60.0, 1.0, 0.5, 1000.0, false};
    const glm::dmat4 p = projectionMatrix(standard);
    glm::dvec4 c = clip(p, {0, 0, -0.5});
    CHECK(c.z / c.w == Approx(0.0).margin(1e-12));
    c = clip(p, {0, 0, -1000});
    CHECK(c.z / c.w == Approx(1.0));
    c = clip(p, {0, 1, -5});  // above the axis -> negative clip y (top of the image)
    CHECK(c.y / c.w < 0.0);

    Projection reverse{60.0, 1.0, 0.5, 1000.0, true};
    c = clip(projectionMatrix(reverse), {0, 0, -0.5});
    CHECK(c.z / c.w == Approx(1.0));
    c = clip(projectionMatrix(reverse), {0, 0, -1000});
    CHECK(c.z / c.w == Approx(0.0).margin(1e-12));

    Projection infinite{60.0, 2.0, 0.5, 0.0, true};
    const glm::dmat4 pi = projectionMatrix(infinite);
    c = clip(pi, {0, 0, -0.5});
    CHECK(c.z / c.w == Approx(1.0));
    c = clip(pi, {0, 0, -1e7});
    CHECK(c.z / c.w > 0.0);
    CHECK(c.z / c.w < 1e-6);
    // Vertical fov 60: the top edge of the image is at 30 degrees; aspect 2 doubles x.
    c = clip(pi, {0, std::tan(glm::radians(30.0)) * 10.0, -10});
    CHECK(c.y / c.w == Approx(-1.0));
    c = clip(pi, {2.0 * std::tan(glm::radians(30.0)) * 10.0, 0, -10});
    CHECK(c.x / c.w == Approx(1.0));
}

TEST_CASE("roll turns the camera about its view direction") {
    const CameraPose level{{10.0, 2.0, 5.0}, 0.0, 0.0};  // looking north (-z)
    CameraPose rolled = level;
    rolled.rollDeg = 0.0;
    CHECK(viewMatrix(rolled) == viewMatrix(level));  // roll 0 is the level camera
    rolled.rollDeg = 90.0;  // clockwise seen from behind: up now points east (world +x)
    const glm::dmat4 view = viewMatrix(rolled);
    const glm::dvec4 east = view * glm::dvec4(11.0, 2.0, 5.0, 1.0);
    CHECK(east.y == Approx(1.0));
    CHECK(east.x == Approx(0.0).margin(1e-12));
    const glm::dvec4 above = view * glm::dvec4(10.0, 3.0, 5.0, 1.0);  // world up is on the left now
    CHECK(above.x == Approx(-1.0));
    CHECK(above.y == Approx(0.0).margin(1e-12));
    const glm::dvec4 ahead = view * glm::dvec4(10.0, 2.0, -5.0, 1.0);  // the view direction is unchanged
    CHECK(ahead.z == Approx(-10.0));
    CHECK(glm::length(glm::dvec2(ahead.x, ahead.y)) == Approx(0.0).margin(1e-12));
    // 30 degrees: the world's up leans left by 30 degrees on screen.
    rolled.rollDeg = 30.0;
    const glm::dvec4 up30 = viewMatrix(rolled) * glm::dvec4(10.0, 3.0, 5.0, 1.0);
    CHECK(up30.x == Approx(-std::sin(glm::radians(30.0))));
    CHECK(up30.y == Approx(std::cos(glm::radians(30.0))));
}

TEST_CASE("the view matrix from an orientation matches yaw/pitch/roll and inverts the pose") {
    // Yaw 90 (east) = turning right = -90 degrees about +y; then pitch and roll.
    CameraPose pose{{3.0, 1.5, -2.0}, 90.0, 20.0, 15.0};
    const glm::dquat q = glm::angleAxis(glm::radians(-90.0), glm::dvec3(0, 1, 0)) *
                         glm::angleAxis(glm::radians(20.0), glm::dvec3(1, 0, 0)) *
                         glm::angleAxis(glm::radians(-15.0), glm::dvec3(0, 0, 1));
    const glm::dmat4 a = viewMatrix(pose);
    const glm::dmat4 b = viewMatrix(pose.position, q);
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) CHECK(b[c][r] == Approx(a[c][r]).margin(1e-12));
    // The camera's own position maps to the view origin.
    const glm::dvec4 origin = b * glm::dvec4(pose.position, 1.0);
    CHECK(glm::length(glm::dvec3(origin)) == Approx(0.0).margin(1e-12));
}

TEST_CASE("an asymmetric XrFovf frustum maps each edge to the clip edge") {
    // A real headset's left eye: wider towards the nose side is the right edge here.
    FovProjection fov{-0.82, 0.70, 0.76, -0.84, 0.05, 0.0, true};
    const glm::dmat4 p = projectionMatrix(fov);
    const double z = -7.0;  // any depth: the edges are planes through the eye
    auto ndc = [&](double x, double y) {
        const glm::dvec4 c = clip(p, {x, y, z});
        return glm::dvec3(c) / c.w;
    };
    CHECK(ndc(std::tan(fov.angleLeft) * -z, 0.0).x == Approx(-1.0));
    CHECK(ndc(std::tan(fov.angleRight) * -z, 0.0).x == Approx(1.0));
    CHECK(ndc(0.0, std::tan(fov.angleUp) * -z).y == Approx(-1.0));  // up = top row in Vulkan
    CHECK(ndc(0.0, std::tan(fov.angleDown) * -z).y == Approx(1.0));
    // The view direction is off-centre in an asymmetric frustum.
    CHECK(ndc(0.0, 0.0).x > 0.0);
    // Reverse-Z with an infinite far plane: 1 at near, towards 0 far away.
    glm::dvec4 c = clip(p, {0, 0, -0.05});
    CHECK(c.z / c.w == Approx(1.0));
    c = clip(p, {0, 0, -1e7});
    CHECK(c.z / c.w < 1e-6);
    CHECK(c.z / c.w > 0.0);
    // Symmetric angles give the same matrix as the vertical-fov projection.
    const double half = glm::radians(30.0);
    const double hx = std::atan(std::tan(half) * 1.5);
    const glm::dmat4 sym = projectionMatrix(FovProjection{-hx, hx, half, -half, 0.1, 0.0, true});
    const glm::dmat4 classic = projectionMatrix(Projection{60.0, 1.5, 0.1, 0.0, true});
    for (int col = 0; col < 4; ++col)
        for (int row = 0; row < 4; ++row) CHECK(sym[col][row] == Approx(classic[col][row]).margin(1e-12));
}
