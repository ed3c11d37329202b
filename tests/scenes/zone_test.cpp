#include <catch2/catch.hpp>

#include <cmath>

#include <glm/trigonometric.hpp>

#include "places/scenes/scene.hpp"

using namespace places::scenes;

TEST_CASE("zones contain the points inside their outline and height") {
    Zone zone;
    zone.outline = {{0, 0}, {10, 0}, {10, -5}, {0, -5}};
    zone.floor = 1.0;
    zone.height = 3.0;
    CHECK(zone.contains({5, 2, -2}));
    CHECK_FALSE(zone.contains({5, 0.5, -2}));  // below the floor
    CHECK_FALSE(zone.contains({5, 4.5, -2}));  // above floor + height
    CHECK_FALSE(zone.contains({11, 2, -2}));
    CHECK_FALSE(zone.contains({5, 2, 1}));
    zone.outline.resize(2);
    CHECK_FALSE(zone.contains({5, 2, -2}));
}

TEST_CASE("placements translate, rotate (compass yaw) and scale") {
    Placement p;
    p.position = {100, 2, -50};
    p.rotation = glm::angleAxis(glm::radians(-90.0), glm::dvec3(0, 1, 0));  // yaw 90
    p.scale = glm::dvec3(2.0);
    const glm::dvec4 south = p.matrix() * glm::dvec4(0, 0, 1, 1);  // asset +z (south at yaw 0)
    CHECK(south.x == Approx(98.0));  // turned clockwise: now west
    CHECK(south.z == Approx(-50.0));
    CHECK(Sun{90.0, 0.0, {}}.direction().x == Approx(1.0));
    CHECK(Sun{0.0, 90.0, {}}.direction().y == Approx(1.0));
}
