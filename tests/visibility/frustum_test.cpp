#include <catch2/catch.hpp>

#include "places/visibility/camera.hpp"
#include "places/visibility/frustum.hpp"

#include "bounds_helpers.hpp"

using namespace places::visibility;
using places::visibility::test::box;
using places::city::Bounds;

namespace {

Frustum lookingNorth(bool reverseZ, double far) {
    const CameraPose pose{{0, 0, 0}, 0.0, 0.0};
    const Projection projection{90.0, 1.0, 1.0, far, reverseZ};
    return frustumFromViewProjection(projectionMatrix(projection) * viewMatrix(pose));
}

}  // namespace

TEST_CASE("frusta from standard, reverse-Z and infinite projections") {
    for (const auto& [reverse, far] : {std::pair{false, 100.0}, std::pair{true, 100.0}, std::pair{true, 0.0}}) {
        INFO("reverseZ " << reverse << " far " << far);
        const Frustum f = lookingNorth(reverse, far);
        CHECK(f.planeCount == (far > 0.0 ? 6 : 5));
        CHECK(classify(f, box({-1, -1, -11}, {1, 1, -9})) == Containment::Inside);   // 10 m north
        CHECK(classify(f, box({-1, -1, 9}, {1, 1, 11})) == Containment::Outside);    // behind
        CHECK(classify(f, box({-1, -1, -1.5}, {1, 1, -0.5})) == Containment::Intersecting);  // at the near plane (1 m)
        CHECK(classify(f, box({30, -1, -11}, {32, 1, -9})) == Containment::Outside);  // right of a 90 deg fov
        CHECK(classify(f, box({5, -1, -11}, {32, 1, -9})) == Containment::Intersecting);
        CHECK(classify(f, box({-1, -1, -5000}, {1, 1, -4000})) ==
              (far > 0.0 ? Containment::Outside : Containment::Inside));
        CHECK(intersectsSphere(f, {0, 0, -50}, 1.0));
        CHECK_FALSE(intersectsSphere(f, {0, 0, 50}, 1.0));
        CHECK(intersectsSphere(f, {0, 0, -0.5}, 1.0));  // straddles the near plane
        CHECK_FALSE(intersectsSphere(f, {0, 0, -0.5}, 0.4));  // wholly before it
    }
}

TEST_CASE("zero-size and empty bounds") {
    const Frustum f = lookingNorth(true, 0.0);
    CHECK(classify(f, box({0, 0, -10}, {0, 0, -10})) == Containment::Inside);
    CHECK(classify(f, box({0, 0, 10}, {0, 0, 10})) == Containment::Outside);
    CHECK(classify(f, Bounds{}) == Containment::Outside);
    CHECK(distanceToBounds({0, 0, 0}, box({0, 0, -10}, {0, 0, -10})) == Approx(10.0));
    CHECK(distanceToBounds({1, 1, 1}, box({0, 0, 0}, {2, 2, 2})) == 0.0);
    CHECK(distanceToBounds({5, 0, 0}, box({0, 0, 0}, {2, 2, 2})) == Approx(3.0));
}
