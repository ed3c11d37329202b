#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <glm/gtc/matrix_transform.hpp>

#include "places/visibility/camera.hpp"
#include "places/visibility/level_selection.hpp"

#include "bounds_helpers.hpp"

using namespace places::visibility;
using places::visibility::test::box;

namespace {

const SelectionOptions kLevelOptions{16.0, 720.0, 60.0};
// 720 / (2 tan 30 deg): pixels per metre of error at one metre.
const double kFactor = 720.0 / (2.0 * std::tan(3.14159265358979 / 6.0));
// A prop's levels: exact, 1 cm, 4 cm, 16 cm (its own units).
const std::vector<float> kErrors = {0.0f, 0.01f, 0.04f, 0.16f};

// The distance at which `error` metres project to exactly the threshold.
double thresholdDistance(double error) { return error * kFactor / kLevelOptions.maxScreenSpaceError; }

SelectionView eyeAt(const glm::dvec3& position, double yawDeg = 0.0) {
    const CameraPose pose{position, yawDeg, 0.0};
    const Projection projection{60.0, 16.0 / 9.0, 0.1, 0.0, true};
    return {position, frustumFromViewProjection(projectionMatrix(projection) * viewMatrix(pose))};
}

}  // namespace

TEST_CASE("a prop gets the coarsest level whose projected error is within the tiles' threshold") {
    CHECK(kLevelOptions.maxScreenSpaceError == kDefaultMaxScreenSpaceErrorPx);
    // Just beyond each level's threshold distance that level becomes acceptable.
    CHECK(chooseLevel(kErrors, 1.0, thresholdDistance(0.01) * 0.99, kLevelOptions).level == 0);
    CHECK(chooseLevel(kErrors, 1.0, thresholdDistance(0.01) * 1.01, kLevelOptions).level == 1);
    CHECK(chooseLevel(kErrors, 1.0, thresholdDistance(0.04) * 1.01, kLevelOptions).level == 2);
    CHECK(chooseLevel(kErrors, 1.0, thresholdDistance(0.16) * 0.99, kLevelOptions).level == 2);
    const LevelChoice far = chooseLevel(kErrors, 1.0, thresholdDistance(0.16) * 2.0, kLevelOptions);
    CHECK(far.level == 3);
    CHECK(far.screenSpaceError == Approx(8.0));  // twice the distance: half the threshold
    // The chosen level's error is reported, and is within budget whenever a coarser level is drawn.
    for (double d : {0.5, 1.0, 3.0, 10.0, 30.0, 100.0}) {
        const LevelChoice c = chooseLevel(kErrors, 1.0, d, kLevelOptions);
        CHECK(c.screenSpaceError == Approx(kErrors[c.level] * kFactor / d));
        if (c.level > 0) CHECK(c.screenSpaceError <= kLevelOptions.maxScreenSpaceError);
    }
}

TEST_CASE("a prop's level scales with its placement and with the viewport") {
    const double d = thresholdDistance(0.04) * 1.5;
    CHECK(chooseLevel(kErrors, 1.0, d, kLevelOptions).level == 2);
    // Ten times larger: its errors are ten times larger in metres.
    CHECK(chooseLevel(kErrors, 10.0, d, kLevelOptions).level == 0);
    // A tenth: the coarsest level is fine at that distance.
    CHECK(chooseLevel(kErrors, 0.1, d, kLevelOptions).level == 3);
    // A taller viewport (a headset eye) has more pixels per metre.
    SelectionOptions headset = kLevelOptions;
    headset.viewportHeight = 2160.0;
    CHECK(chooseLevel(kErrors, 1.0, d, headset).level == 1);
    // A higher threshold accepts coarser levels.
    SelectionOptions relaxed = kLevelOptions;
    relaxed.maxScreenSpaceError = 64.0;
    CHECK(chooseLevel(kErrors, 1.0, d, relaxed).level == 3);
}

TEST_CASE("inside a prop's bounds or without coarser levels, full detail is drawn") {
    CHECK(chooseLevel(kErrors, 1.0, 0.0, kLevelOptions).level == 0);
    CHECK(chooseLevel(kErrors, 1.0, 0.0, kLevelOptions).screenSpaceError == 0.0);
    CHECK(chooseLevel(std::vector<float>{0.0f}, 1.0, 1000.0, kLevelOptions).level == 0);
    CHECK(chooseLevel(std::vector<float>{}, 1.0, 1000.0, kLevelOptions).level == 0);
    // Infinitely far (no views): the coarsest level.
    CHECK(chooseLevel(kErrors, 1.0, std::numeric_limits<double>::infinity(), kLevelOptions).level == 3);
}

TEST_CASE("stereo eyes share one level: the nearest eye's distance decides") {
    const auto bounds = box({-1, 0, -1}, {1, 2, 1});
    // Eyes 6.4 cm apart on the x axis, looking north at the prop 20 m ahead.
    const SelectionView eyes[2] = {eyeAt({-0.032, 1.7, 21.0}), eyeAt({0.032, 1.7, 21.0})};
    CHECK(nearestEyeDistance(eyes, bounds) == Approx(20.0));
    // Side on, one eye is nearer: its distance counts for both.
    const SelectionView side[2] = {eyeAt({5.0, 1.0, 0.0}, 270.0), eyeAt({5.064, 1.0, 0.0}, 270.0)};
    CHECK(nearestEyeDistance(side, bounds) == Approx(4.0));
    CHECK(nearestEyeDistance(std::span<const SelectionView>(side, 1), bounds) == Approx(4.0));
    CHECK(nearestEyeDistance(std::span<const SelectionView>(side + 1, 1), bounds) == Approx(4.064));
    CHECK(std::isinf(nearestEyeDistance({}, bounds)));
    const LevelChoice stereo = chooseLevel(kErrors, 1.0, nearestEyeDistance(eyes, bounds), kLevelOptions);
    const LevelChoice mono = chooseLevel(kErrors, 1.0, 20.0, kLevelOptions);
    CHECK(stereo.level == mono.level);
}

TEST_CASE("placement scale is the longest stretched axis") {
    CHECK(placementScale(glm::mat4(1.0f)) == Approx(1.0));
    glm::mat4 m = glm::translate(glm::mat4(1.0f), glm::vec3(100, 5, -30));
    m = glm::rotate(m, 0.7f, glm::vec3(0, 1, 0));
    m = glm::scale(m, glm::vec3(2.0f, 0.5f, 3.0f));
    CHECK(placementScale(m) == Approx(3.0));
    CHECK(placementScale(glm::scale(glm::mat4(1.0f), glm::vec3(0.01f))) == Approx(0.01));
}
