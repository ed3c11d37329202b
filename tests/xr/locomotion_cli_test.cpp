// `places xr` end to end on the simulated headset, with a scripted visitor:
// a teleport lands the head on the aimed spot, a snap turn turns by the set
// angle, --seated raises the floor, the arc and the menu card show in the
// eyes. Vulkan on lavapipe with validation (exit 1 on any message), OpenXR
// core validation (its file must stay empty). The summary (--summary FILE)
// says where the visitor ended up.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "run_places.hpp"
#include "sim_headset_env.hpp"

using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::city::test::writeTemp;

namespace {

const std::string kScene = std::string(PLACES_SOURCE_DIR) + "/scenes/career-fair.json";
// The "aisle" view of career-fair.json: eye at local (-50, 1.7, 0), facing
// east. The stage floor goes 1.6 m below it (cmd_xr.cpp's standing eye height).
constexpr double kViewX = -50.0, kViewEyeY = 1.7, kViewZ = 0.0, kStandingEye = 1.6;
constexpr double kGroundPlaneY = -0.05;  // render::Lighting's ground plane

struct XrRun {
    int exitCode = -1;
    std::string output;
    nlohmann::json summary;
    std::string dir;
    std::string xrValidation;  // the OpenXR core validation layer's report
};

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `places xr` on the aisle view for `frames` frames with `script` (the
// simulated headset's config, docs/formats/xr-sim-script.md) and `arguments`.
XrRun runXr(const std::string& name, nlohmann::json script, const std::string& arguments, int frames) {
    XrRun run;
    run.dir = tempPath("xr_" + name);
    std::filesystem::remove_all(run.dir);
    std::filesystem::create_directories(run.dir);
    script["refresh_hz"] = 90;
    script["eye_size"] = {160, 128};
    script["capture"]["directory"] = run.dir;
    const std::string validation = run.dir + "/xr-validation.txt";
    // The child inherits these (and the test's ENVIRONMENT: the pinned Vulkan driver).
    places::xr::test::useSimulatedHeadset("xr_" + name + ".json", script, validation);
    const auto r = runPlaces("xr " + kScene + " --view aisle --simulated --validation --frames " +
                                 std::to_string(frames) + " --summary " + run.dir + "/summary.json " + arguments,
                             240);
    run.exitCode = r.exitCode;
    run.output = r.output;
    run.xrValidation = readFile(validation);
    const std::string summary = readFile(run.dir + "/summary.json");
    if (!summary.empty()) run.summary = nlohmann::json::parse(summary);
    return run;
}

void requireCleanRun(const XrRun& run, int frames) {
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    REQUIRE(run.output.find(std::to_string(frames) + " rendered, session ended") != std::string::npos);
    REQUIRE(run.xrValidation.empty());
    REQUIRE(run.summary.is_object());
}

nlohmann::json pose(int frame, double x, double y, double z, const nlohmann::json& orientation) {
    return {{"frame", frame}, {"position", {x, y, z}}, {"orientation", orientation}};
}

nlohmann::json input(int frame, const std::string& path, const nlohmann::json& value) {
    return {{"frame", frame}, {"path", path}, {"value", value}};
}

bool differ(const std::string& a, const std::string& b) {
    const std::string x = readFile(a), y = readFile(b);
    return !x.empty() && !y.empty() && x != y;
}

}  // namespace

TEST_CASE("places xr: a scripted teleport lands the head on the aimed spot, the arc shows while aiming") {
    // Head still at the stage centre; the right hand 0.2 m right, 0.3 m
    // ahead, at 1.3 m, pitched up 20 degrees; trigger held frames 10-19.
    const double pitch = 20.0 * M_PI / 180.0;
    const nlohmann::json up20 = {std::sin(pitch / 2), 0.0, 0.0, std::cos(pitch / 2)};
    nlohmann::json script;
    script["head"] = {pose(1, 0.0, 1.6, 0.0, {0, 0, 0, 1})};
    script["hands"]["right"] = {pose(1, 0.2, 1.3, -0.3, up20)};
    script["inputs"] = {input(10, "/user/hand/right/input/trigger/value", 1),
                        input(20, "/user/hand/right/input/trigger/value", 0)};
    script["capture"]["frames"] = {8, 16};
    const XrRun run = runXr("teleport", script, "", 40);
    requireCleanRun(run, 40);
    INFO(run.summary.dump());

    // Where the parabola (12 m/s, teleport_arc.hpp) from the hand meets the
    // ground plane: the stage faces east, so stage -Z is local +X, stage +X local +Z.
    const double floorY = kViewEyeY - kStandingEye;
    const double handX = kViewX + 0.3, handY = floorY + 1.3, handZ = kViewZ + 0.2;
    const double speed = 12.0, g = 9.81, h = handY - kGroundPlaneY;
    const double vx = speed * std::cos(pitch), vy = speed * std::sin(pitch);
    const double t = (vy + std::sqrt(vy * vy + 2.0 * g * h)) / g;
    const auto& head = run.summary.at("head");
    CHECK(run.summary.at("teleports").get<int>() == 1);
    CHECK(head.at(0).get<double>() == Approx(handX + vx * t).margin(0.1));
    CHECK(head.at(2).get<double>() == Approx(handZ).margin(0.01));
    CHECK(run.summary.at("eye_height_m").get<double>() == Approx(1.6).margin(1e-3));
    CHECK(run.summary.at("head_yaw_deg").get<double>() == Approx(90.0).margin(1e-3));
    CHECK(run.summary.at("turns").get<int>() == 0);
    // The head did not move between frames 8 and 16: only the arc and its marker differ.
    CHECK(differ(run.dir + "/frame-8-left.png", run.dir + "/frame-16-left.png"));
}

TEST_CASE("places xr: a scripted snap turn turns by the set angle about the head, the menu shows a card") {
    // Flicks right at frames 12 and 24 (back to centre at 18), 45 degrees each;
    // the menu button pressed at frame 4, the card captured at frame 8.
    nlohmann::json script;
    script["head"] = {pose(1, 0.3, 1.6, -0.2, {0, 0, 0, 1})};
    script["inputs"] = {input(4, "/user/hand/left/input/menu/click", 1),
                        input(6, "/user/hand/left/input/menu/click", 0),
                        input(12, "/user/hand/right/input/thumbstick", nlohmann::json{0.9, 0.0}),
                        input(18, "/user/hand/right/input/thumbstick", nlohmann::json{0.0, 0.0}),
                        input(24, "/user/hand/right/input/thumbstick", nlohmann::json{0.95, 0.1}),
                        input(30, "/user/hand/right/input/thumbstick", nlohmann::json{0.0, 0.0})};
    script["capture"]["frames"] = {3, 8};
    const XrRun run = runXr("snap_turn", script, "--snap-turn 45", 36);
    requireCleanRun(run, 36);
    INFO(run.summary.dump());
    CHECK(run.summary.at("turns").get<int>() == 2);
    CHECK(run.summary.at("head_yaw_deg").get<double>() == Approx(180.0).margin(1e-3));
    // Turned about the head: it stays where it was (stage (0.3, _, -0.2) under an east-facing stage).
    const auto& head = run.summary.at("head");
    CHECK(head.at(0).get<double>() == Approx(kViewX + 0.2).margin(1e-4));
    CHECK(head.at(2).get<double>() == Approx(kViewZ + 0.3).margin(1e-4));
    CHECK(run.summary.at("menu_open").get<bool>());
    CHECK(differ(run.dir + "/frame-3-left.png", run.dir + "/frame-8-left.png"));
}

TEST_CASE("places xr: --seated raises the floor so a seated visitor's eyes are at standing height") {
    nlohmann::json script;
    script["head"] = {pose(1, 0.0, 1.2, 0.0, {0, 0, 0, 1})};  // seated eyes
    const XrRun seated = runXr("seated", script, "--seated --seated-offset 0.4", 12);
    requireCleanRun(seated, 12);
    const XrRun standing = runXr("not_seated", script, "", 12);
    requireCleanRun(standing, 12);
    const double floorY = kViewEyeY - kStandingEye;
    CHECK(seated.summary.at("floor_offset_m").get<double>() == Approx(0.4));
    CHECK(seated.summary.at("head").at(1).get<double>() == Approx(floorY + 0.4 + 1.2).margin(1e-4));
    CHECK(seated.summary.at("eye_height_m").get<double>() == Approx(1.6).margin(1e-4));
    CHECK(standing.summary.at("floor_offset_m").get<double>() == 0.0);
    CHECK(standing.summary.at("head").at(1).get<double>() == Approx(floorY + 1.2).margin(1e-4));
}

TEST_CASE("places xr: --locomotion smooth walks along the head's yaw with the left stick") {
    // The left stick forward from frame 10 to 40 (about 1/3 s at 90 Hz, 2 m/s);
    // the head looks 90 degrees to the left of the stage's forward: north.
    const double half = 45.0 * M_PI / 180.0;
    nlohmann::json script;
    script["head"] = {pose(1, 0.0, 1.6, 0.0, {0.0, std::sin(half), 0.0, std::cos(half)})};
    script["inputs"] = {input(10, "/user/hand/left/input/thumbstick", nlohmann::json{0.0, 1.0}),
                        input(40, "/user/hand/left/input/thumbstick", nlohmann::json{0.0, 0.0})};
    const XrRun run = runXr("smooth", script, "--locomotion smooth", 50);
    requireCleanRun(run, 50);
    INFO(run.summary.dump());
    const auto& head = run.summary.at("head");
    // North is -Z. 30 frames of 1/90 s at 2 m/s is 0.67 m; frames the
    // software renderer misses make the display times (and the walk) longer.
    CHECK(head.at(0).get<double>() == Approx(kViewX).margin(1e-4));
    CHECK(kViewZ - head.at(2).get<double>() > 0.6);
    CHECK(kViewZ - head.at(2).get<double>() < 3.0);
    CHECK(run.summary.at("head_yaw_deg").get<double>() == Approx(0.0).margin(1e-3));
    CHECK(run.summary.at("steps_blocked").get<int>() == 0);
    CHECK(run.summary.at("teleports").get<int>() == 0);
}

TEST_CASE("places xr: a teleport aimed onto a prop (the talk stage's deck) is refused, the visitor stays") {
    // The right hand turned to the stage's +Z (local west, towards the talk
    // stage: a box 0.8 m high, x from -67 to -61) and pitched up 25 degrees:
    // the arc comes down on the deck's top about 12 m away.
    const double half = 25.0 * M_PI / 180.0 / 2.0;
    nlohmann::json script;
    script["head"] = {pose(1, 0.0, 1.6, 0.0, {0, 0, 0, 1})};
    script["hands"]["right"] = {pose(1, 0.2, 1.3, -0.3, {0.0, std::cos(half), -std::sin(half), 0.0})};
    script["inputs"] = {input(10, "/user/hand/right/input/trigger/value", 1),
                        input(20, "/user/hand/right/input/trigger/value", 0)};
    const XrRun run = runXr("refused", script, "", 30);
    requireCleanRun(run, 30);
    INFO(run.summary.dump());
    CHECK(run.summary.at("teleports").get<int>() == 0);
    CHECK(run.summary.at("teleports_refused").get<int>() == 1);
    const auto& head = run.summary.at("head");
    CHECK(head.at(0).get<double>() == Approx(kViewX).margin(1e-4));
    CHECK(head.at(1).get<double>() == Approx(kViewEyeY).margin(1e-4));
    CHECK(head.at(2).get<double>() == Approx(kViewZ).margin(1e-4));
}
