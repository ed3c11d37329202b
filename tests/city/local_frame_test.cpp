// The CRS <-> local frame conversion (places/city/local_frame.hpp): the axis
// convention x = E, y = H, z = -N against hand-computed values, and both
// directions inverse of each other.
#include <catch2/catch.hpp>

#include "places/city/local_frame.hpp"

using namespace places::city;

TEST_CASE("toLocal maps east to +x, height to +y and north to -z", "[local_frame]") {
    const glm::dvec3 origin{365000.0, 5713000.0, 50.0};
    CHECK(toLocal({365010.0, 5713000.0, 50.0}, origin) == glm::dvec3(10.0, 0.0, 0.0));
    CHECK(toLocal({365000.0, 5713020.0, 50.0}, origin) == glm::dvec3(0.0, 0.0, -20.0));
    CHECK(toLocal({365000.0, 5713000.0, 53.5}, origin) == glm::dvec3(0.0, 3.5, 0.0));
    CHECK(toLocal({364990.0, 5712980.0, 48.0}, origin) == glm::dvec3(-10.0, -2.0, 20.0));
    CHECK(toLocal(origin, origin) == glm::dvec3(0.0));
}

TEST_CASE("toCrs inverts toLocal, the axis swaps invert each other", "[local_frame]") {
    const glm::dvec3 origin{365770.25, 5713600.5, 55.0};
    const glm::dvec3 points[] = {{365770.0, 5713600.0, 55.0}, {366012.75, 5713123.5, 80.25}, {0.0, 0.0, 0.0}};
    for (const glm::dvec3& p : points) CHECK(toCrs(toLocal(p, origin), origin) == p);
    CHECK(localAxes({1.0, 2.0, 3.0}) == glm::dvec3(1.0, 3.0, -2.0));
    CHECK(crsAxes({1.0, 3.0, -2.0}) == glm::dvec3(1.0, 2.0, 3.0));
    CHECK(crsAxes(localAxes({-4.0, 7.5, 0.25})) == glm::dvec3(-4.0, 7.5, 0.25));
    // A difference of two points converts like the points' difference.
    const glm::dvec3 a{365100.0, 5713050.0, 60.0}, b{365000.0, 5713000.0, 50.0};
    CHECK(toLocal(a, origin) - toLocal(b, origin) == localAxes(a - b));
}
