// The simulated runtime's config/script parser and its interpolation (plain data).
#include <catch2/catch.hpp>

#include "places/xr_sim/sim_script.hpp"

using namespace places::xr_sim;

TEST_CASE("sim config: defaults when empty, values when given") {
    auto empty = parseSimConfig("{}", "cfg.json");
    REQUIRE(empty.ok());
    CHECK(empty->refreshHz == 90.0);
    CHECK(empty->depthExtension);
    CHECK(empty->vulkanExtension);

    auto parsed = parseSimConfig(R"({"refresh_hz": 72, "depth_extension": false, "vulkan_extension": false, "eye_size": [320, 200],
        "exit_at_frame": 300, "loss_at_frame": 50, "interaction_profile": "/interaction_profiles/valve/index_controller",
        "fov_deg": {"left": [-50, 40, 45, -50]},
        "capture": {"directory": "eyes", "frames": [3, 7]}, "stats_file": "s.json"})",
                                 "cfg.json");
    REQUIRE(parsed.ok());
    CHECK(parsed->refreshHz == 72.0);
    CHECK_FALSE(parsed->depthExtension);
    CHECK_FALSE(parsed->vulkanExtension);
    CHECK(parsed->eyeWidth == 320);
    CHECK(parsed->eyeHeight == 200);
    CHECK(parsed->exitAtFrame == 300);
    CHECK(parsed->lossAtFrame == 50);
    CHECK(parsed->interactionProfile == "/interaction_profiles/valve/index_controller");
    CHECK(parsed->fov[0].angleLeft == Approx(-50.0 * 3.14159265358979 / 180.0));
    CHECK(parsed->fov[1].angleLeft == Approx(-0.70));  // right eye keeps its default
    CHECK(parsed->captureDirectory == "eyes");
    CHECK(parsed->captureFrames == std::vector<std::uint64_t>{3, 7});
    CHECK(parsed->statsFile == "s.json");
}

TEST_CASE("sim config: bad input names the JSON pointer and what is wrong") {
    auto notJson = parseSimConfig("{", "cfg.json");
    CHECK_FALSE(notJson.value);
    CHECK(notJson.diagnostics.firstError().find("cfg.json") != std::string::npos);

    auto badRate = parseSimConfig(R"({"refresh_hz": 60})", "cfg.json");
    CHECK_FALSE(badRate.ok());
    CHECK(badRate.diagnostics.firstError().find("/refresh_hz") != std::string::npos);

    auto badKey = parseSimConfig(R"({"head": [{"frame": 0, "position": [0, 1, 0]}]})", "cfg.json");
    CHECK_FALSE(badKey.ok());
    CHECK(badKey.diagnostics.firstError().find("/head/0/frame") != std::string::npos);

    auto badInput = parseSimConfig(R"({"inputs": [{"frame": 2, "path": "/user/head/input/x", "value": 1}]})", "c.json");
    CHECK_FALSE(badInput.ok());
    CHECK(badInput.diagnostics.firstError().find("/inputs/0/path") != std::string::npos);

    auto badFov = parseSimConfig(R"({"fov_deg": {"right": [40, -50, 45, -50]}})", "c.json");
    CHECK_FALSE(badFov.ok());

    auto unknown = parseSimConfig(R"({"refresh": 90})", "c.json");
    CHECK(unknown.ok());
    CHECK(unknown.diagnostics.warningCount() == 1);
}

TEST_CASE("sim script: poses interpolate between frame keys, clamp outside") {
    auto parsed = parseSimConfig(R"({"head": [{"frame": 11, "position": [2, 1.6, 0], "yaw_deg": 90},
                                               {"frame": 1, "position": [0, 1.6, 0]}]})",
                                 "s.json");
    REQUIRE(parsed.ok());
    REQUIRE(parsed->head.size() == 2);
    CHECK(parsed->head[0].frame == 1);  // sorted by frame
    PoseKey fallback;
    PoseKey mid = poseAt(parsed->head, 6, fallback);
    CHECK(mid.position.x == Approx(1.0));
    CHECK(glm::degrees(glm::angle(mid.orientation)) == Approx(45.0));
    CHECK(poseAt(parsed->head, 100, fallback).position.x == Approx(2.0));
    CHECK(poseAt({}, 5, fallback).position == fallback.position);
    // yaw_deg 90 turns left: forward (-Z) becomes -X.
    glm::dvec3 forward = parsed->head[1].orientation * glm::dvec3(0, 0, -1);
    CHECK(forward.x == Approx(-1.0));
}

TEST_CASE("sim script: an input holds its value from its frame until the next key") {
    auto parsed = parseSimConfig(R"({"inputs": [
        {"frame": 5, "path": "/user/hand/right/input/a/click", "value": 1},
        {"frame": 8, "path": "/user/hand/right/input/a/click", "value": 0},
        {"frame": 6, "path": "/user/hand/left/input/thumbstick", "value": [0.5, -1]}]})",
                                 "s.json");
    REQUIRE(parsed.ok());
    CHECK(inputsAt(parsed->inputs, 4).empty());
    CHECK(inputsAt(parsed->inputs, 5).at("/user/hand/right/input/a/click").x == 1.0);
    auto at7 = inputsAt(parsed->inputs, 7);
    CHECK(at7.at("/user/hand/right/input/a/click").x == 1.0);
    CHECK(at7.at("/user/hand/left/input/thumbstick").y == -1.0);
    CHECK(inputsAt(parsed->inputs, 9).at("/user/hand/right/input/a/click").x == 0.0);
}
