// Locomotion as plain data: the teleport arc against the analytic parabola,
// walkable ground (walls, roofs, headroom, range), snap turn about the head,
// smooth movement, the seated floor, and what it draws. No runtime, no GPU.
#include <catch2/catch.hpp>

#include <cmath>

#include <glm/gtc/matrix_transform.hpp>
#include <nlohmann/json.hpp>

#include "places/xr/locomotion.hpp"
#include "places/xr/locomotion_draw.hpp"
#include "places/xr/scene_ground.hpp"

using namespace places;
using namespace places::xr;

namespace {

// The ground plane at y = 0, a closed 10 m cube (a building) centred at
// (0, 5, -8), and a table: a 2 m x 2 m slab 1 m above the ground at (10, 1, 10).
SceneGround testGround() {
    render::SceneGeometry scene;
    const std::uint32_t building = render::addBoxModel(scene, glm::vec3(5.0f), render::packRgba8(200, 200, 200));
    const std::uint32_t slab = render::addBoxModel(scene, glm::vec3(1.0f, 0.05f, 1.0f), render::packRgba8(90, 60, 30));
    scene.instances.push_back({building, glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, 5.0f, -8.0f))});
    scene.instances.push_back({slab, glm::translate(glm::mat4(1.0f), glm::vec3(10.0f, 1.0f, 10.0f))});
    return SceneGround(sceneTriangles(scene), 0.0);
}

glm::dvec3 aimAt(double pitchDeg) {  // towards -Z (north), pitched up
    const double p = glm::radians(pitchDeg);
    return {0.0, std::sin(p), -std::cos(p)};
}

StagePose poseYaw(glm::dvec3 position, double leftDeg) {  // turned counter-clockwise from above
    return {position, glm::angleAxis(glm::radians(leftDeg), glm::dvec3(0.0, 1.0, 0.0))};
}

}  // namespace

TEST_CASE("teleport arc: meets flat ground at the analytic distance") {
    const SceneGround ground({}, 0.0);
    const TeleportArcSettings s;
    const double h = 1.2;
    for (double pitch : {0.0, 15.0, 30.0, 45.0}) {
        CAPTURE(pitch);
        const TeleportArc arc = traceTeleportArc({0.0, h, 0.0}, aimAt(pitch), ground, s);
        REQUIRE(arc.hit);
        const double vy = s.launchSpeed * std::sin(glm::radians(pitch));
        const double vx = s.launchSpeed * std::cos(glm::radians(pitch));
        const double t = (vy + std::sqrt(vy * vy + 2.0 * s.gravity * h)) / s.gravity;
        CHECK(arc.hit->point.z == Approx(-vx * t).margin(0.02));
        CHECK(arc.hit->point.x == Approx(0.0).margin(1e-9));
        CHECK(arc.hit->point.y == Approx(0.0).margin(1e-9));
        CHECK(arc.valid);
        CHECK(arc.points.front() == glm::dvec3(0.0, h, 0.0));
        CHECK(arc.points.back() == arc.hit->point);
    }
}

TEST_CASE("teleport arc: too far, into a wall, onto a roof or under a table is refused") {
    const SceneGround ground = testGround();
    SECTION("beyond the range") {
        TeleportArcSettings s;
        s.maxRangeM = 10.0;
        const TeleportArc arc = traceTeleportArc({20.0, 1.2, 0.0}, aimAt(45.0), ground, s);
        REQUIRE(arc.hit);
        CHECK(arc.hit->point.z < -15.0);
        CHECK_FALSE(arc.valid);
    }
    SECTION("a wall: level aim at the building's south face (z = -3)") {
        const TeleportArc arc = traceTeleportArc({0.0, 1.2, 0.0}, aimAt(0.0), ground);
        REQUIRE(arc.hit);
        CHECK(arc.hit->point.z == Approx(-3.0).margin(1e-6));
        CHECK(arc.hit->normal.z == Approx(1.0));
        CHECK_FALSE(arc.valid);
    }
    SECTION("a roof: level ground up there, but inside the building's volume") {
        const TeleportArc arc = traceTeleportArc({0.0, 12.0, -4.0}, {0.0, -1.0, -1.0}, ground);
        REQUIRE(arc.hit);
        CHECK(arc.hit->point.y == Approx(10.0).margin(1e-6));
        CHECK(arc.hit->normal.y == Approx(1.0));
        CHECK_FALSE(arc.valid);
    }
    SECTION("under a table: no headroom") {
        const auto hit = ground.firstHit({10.0, 0.5, 10.0}, {10.0, -1.0, 10.0});
        REQUIRE(hit);
        CHECK(hit->point.y == 0.0);
        CHECK_FALSE(ground.walkable(*hit));
    }
    SECTION("the open ground next to the building is fine") {
        const auto hit = ground.firstHit({8.0, 3.0, -8.0}, {8.0, -1.0, -8.0});
        REQUIRE(hit);
        CHECK(ground.walkable(*hit));
        CHECK(ground.inside({0.0, 5.0, -8.0}));
        CHECK_FALSE(ground.inside({8.0, 5.0, -8.0}));
    }
}

TEST_CASE("teleport: the head lands on the aimed spot, eye height kept, and a refused spot changes nothing") {
    const SceneGround ground = testGround();
    const StageAnchor start = StageAnchor::underEye({20.0, 1.6, 0.0}, 0.0, 1.6);
    Locomotion loco({}, start, ground);
    const StagePose head{{0.4, 1.7, 0.3}, glm::dquat(1.0, 0.0, 0.0, 0.0)};
    LocomotionInput in;
    in.head = head;
    in.aim = StagePose{{0.2, 1.2, -0.3}, glm::angleAxis(glm::radians(20.0), glm::dvec3(1.0, 0.0, 0.0))};
    in.teleportHeld = true;
    loco.update(in);
    const LocomotionFrame aimed = loco.update(in);
    REQUIRE(aimed.aiming);
    REQUIRE(aimed.arc.valid);
    const glm::dvec3 target = aimed.arc.hit->point;
    CHECK(aimed.anchor.origin == start.origin);  // nothing moves while aiming
    in.teleportHeld = false;
    const LocomotionFrame& landed = loco.update(in);
    CHECK(landed.teleported);
    CHECK_FALSE(landed.aiming);
    const glm::dvec3 headLocal = landed.anchor.toLocal(head.position);
    CHECK(headLocal.x == Approx(target.x).margin(1e-9));
    CHECK(headLocal.z == Approx(target.z).margin(1e-9));
    CHECK(headLocal.y == Approx(target.y + 1.7).margin(1e-9));
    CHECK(loco.summary(head).teleports == 1);

    // Aim level at the building's wall from its south side, release: refused.
    const StageAnchor before = loco.anchor();
    Locomotion nearWall({}, StageAnchor::underEye({0.0, 1.6, 0.0}, 0.0, 1.6), ground);
    in.aim = StagePose{{0.0, 1.2, 0.0}, glm::dquat(1.0, 0.0, 0.0, 0.0)};
    in.teleportHeld = true;
    CHECK_FALSE(nearWall.update(in).arc.valid);
    in.teleportHeld = false;
    const StageAnchor wallStart = nearWall.anchor();
    CHECK_FALSE(nearWall.update(in).teleported);
    CHECK(nearWall.anchor().origin == wallStart.origin);
    CHECK(nearWall.summary(head).teleportsRefused == 1);
    CHECK(nearWall.summary(head).teleports == 0);
    CHECK(loco.anchor().origin == before.origin);
}

TEST_CASE("snap turn: exactly the set angle about the head, one turn per flick") {
    const SceneGround ground({}, 0.0);
    LocomotionSettings settings;
    settings.snapTurnDeg = 45.0;
    Locomotion loco(settings, StageAnchor::underEye({5.0, 1.6, 5.0}, 0.0, 1.6), ground);
    LocomotionInput in;
    in.head = poseYaw({0.3, 1.6, -0.2}, 10.0);  // 10 degrees to the left: compass 350
    const glm::dvec3 headBefore = loco.anchor().toLocal(in.head.position);
    CHECK(loco.summary(in.head).headYawDeg == Approx(350.0));

    in.turnStick = {0.9, 0.0};
    for (int i = 0; i < 20; ++i) loco.update(in);  // held: still one turn
    CHECK(loco.summary(in.head).turns == 1);
    CHECK(loco.summary(in.head).headYawDeg == Approx(35.0));
    const glm::dvec3 headAfter = loco.anchor().toLocal(in.head.position);
    CHECK(glm::length(headAfter - headBefore) < 1e-9);

    in.turnStick = {0.4, 0.0};  // not back within the re-arm zone: no new turn
    loco.update(in);
    in.turnStick = {0.9, 0.0};
    loco.update(in);
    CHECK(loco.summary(in.head).turns == 1);

    in.turnStick = {0.1, 0.0};  // re-armed; then a flick to the left
    loco.update(in);
    in.turnStick = {-0.8, 0.2};
    CHECK(loco.update(in).turned);
    CHECK(loco.summary(in.head).turns == 2);
    CHECK(loco.summary(in.head).headYawDeg == Approx(350.0));
    CHECK(glm::length(loco.anchor().toLocal(in.head.position) - headBefore) < 1e-9);
}

TEST_CASE("smooth locomotion: along the head's yaw at the set speed, refused into a building") {
    const SceneGround ground = testGround();
    LocomotionSettings settings;
    settings.mode = LocomotionMode::Smooth;
    settings.smoothSpeed = 2.0;
    // Standing at (20, 0, -8) facing west, towards the building (its east face is x = 5).
    Locomotion loco(settings, StageAnchor::underEye({20.0, 1.6, -8.0}, 270.0, 1.6), ground);
    LocomotionInput in;
    in.head = poseYaw({0.0, 1.6, 0.0}, 0.0);
    in.dt = 0.5;
    in.moveStick = {0.0, 1.0};
    loco.update(in);
    loco.update(in);
    glm::dvec3 head = loco.anchor().toLocal(in.head.position);
    CHECK(head.x == Approx(18.0).margin(1e-9));
    CHECK(head.z == Approx(-8.0).margin(1e-9));
    CHECK(head.y == Approx(1.6).margin(1e-9));

    in.moveStick = {1.0, 0.0};  // sideways: right of west is north (-Z)
    loco.update(in);
    head = loco.anchor().toLocal(in.head.position);
    CHECK(head.z == Approx(-9.0).margin(1e-9));

    in.moveStick = {0.1, 0.1};  // dead zone
    loco.update(in);
    CHECK(glm::length(loco.anchor().toLocal(in.head.position) - head) < 1e-12);

    in.moveStick = {0.0, 1.0};
    in.dt = 1.0;
    for (int i = 0; i < 12; ++i) loco.update(in);  // walks up to the wall and stops there
    head = loco.anchor().toLocal(in.head.position);
    CHECK(head.x > 5.0);
    CHECK(head.x <= 8.0);
    CHECK(loco.summary(in.head).stepsBlocked > 0);
}

TEST_CASE("seated: the floor is raised so seated eyes are at standing height, through a teleport too") {
    const SceneGround ground({}, 0.0);
    LocomotionSettings settings;
    settings.seated = true;
    settings.seatedOffsetM = 0.45;
    Locomotion loco(settings, StageAnchor::underEye({0.0, 1.6, 0.0}, 0.0, 1.6), ground);
    CHECK(loco.anchor().origin.y == Approx(0.45));
    LocomotionInput in;
    in.head = poseYaw({0.0, 1.15, 0.0}, 0.0);  // a seated visitor's eyes
    CHECK(loco.summary(in.head).eyeHeightM == Approx(1.6));
    CHECK(loco.summary(in.head).floorOffsetM == Approx(0.45));
    in.aim = StagePose{{0.2, 0.9, -0.3}, glm::dquat(1.0, 0.0, 0.0, 0.0)};
    in.teleportHeld = true;
    loco.update(in);
    in.teleportHeld = false;
    REQUIRE(loco.update(in).teleported);
    CHECK(loco.anchor().origin.y == Approx(0.45));
    CHECK(loco.summary(in.head).eyeHeightM == Approx(1.6));

    settings.seated = false;
    Locomotion standing(settings, StageAnchor::underEye({0.0, 1.6, 0.0}, 0.0, 1.6), ground);
    CHECK(standing.anchor().origin.y == 0.0);
    CHECK(standing.summary(in.head).eyeHeightM == Approx(1.15));
}

TEST_CASE("menu and drawing: the button toggles the card, arc and marker show in their colours") {
    const SceneGround ground = testGround();
    Locomotion loco({}, StageAnchor::underEye({20.0, 1.6, 0.0}, 0.0, 1.6), ground);
    LocomotionInput in;
    in.head = poseYaw({0.0, 1.6, 0.0}, 0.0);
    const std::string text = "Venue";
    CHECK_FALSE(menuCard(loco.frame(), in.head, text));
    in.menuPressed = true;
    CHECK(loco.update(in).menuOpen);
    const auto card = menuCard(loco.frame(), in.head, text);
    REQUIRE(card);
    CHECK(card->anchor.x == Approx(20.0f));
    CHECK(card->anchor.z == Approx(-1.0f));
    CHECK_FALSE(card->billboard);
    CHECK_FALSE(loco.update(in).menuOpen);
    in.menuPressed = false;

    render::SceneGeometry scene;
    const LocomotionModels models = addLocomotionModels(scene);
    REQUIRE(scene.models.size() == 2);
    std::vector<render::DynamicInstance> drawn;
    appendLocomotionInstances(loco.frame(), models, drawn);
    CHECK(drawn.empty());  // not aiming

    in.aim = StagePose{{0.0, 1.2, 0.0}, glm::angleAxis(glm::radians(30.0), glm::dvec3(1.0, 0.0, 0.0))};
    in.teleportHeld = true;
    const LocomotionFrame& valid = loco.update(in);
    REQUIRE(valid.arc.valid);
    appendLocomotionInstances(valid, models, drawn);
    REQUIRE(drawn.size() >= 3);
    CHECK(drawn.back().model == models.marker);
    CHECK(drawn.front().model == models.arcDot);
    const glm::vec4 validColour = drawn.back().colour;
    CHECK(validColour.g > validColour.r);
    const glm::vec3 markerAt(drawn.back().transform[3]);
    CHECK(markerAt.x == Approx(float(valid.arc.hit->point.x)).margin(1e-3));
    CHECK(markerAt.y == Approx(0.02f).margin(1e-4));

    Locomotion wall({}, StageAnchor::underEye({0.0, 1.6, 0.0}, 0.0, 1.6), ground);
    in.aim = StagePose{{0.0, 1.2, 0.0}, glm::dquat(1.0, 0.0, 0.0, 0.0)};
    drawn.clear();
    appendLocomotionInstances(wall.update(in), models, drawn);
    REQUIRE_FALSE(drawn.empty());
    CHECK(drawn.back().colour.r > drawn.back().colour.g);  // red
}

TEST_CASE("summary: the fields tests read, as JSON") {
    const SceneGround ground({}, 0.0);
    Locomotion loco({}, StageAnchor::underEye({1.0, 1.6, 2.0}, 90.0, 1.6), ground);
    const auto json = nlohmann::json::parse(loco.summary(poseYaw({0.0, 1.6, 0.0}, 0.0)).toJson());
    CHECK(json.at("head").at(0).get<double>() == Approx(1.0));
    CHECK(json.at("head").at(2).get<double>() == Approx(2.0));
    CHECK(json.at("head_yaw_deg").get<double>() == Approx(90.0));
    CHECK(json.at("eye_height_m").get<double>() == Approx(1.6));
    CHECK(json.at("teleports").get<int>() == 0);
    CHECK(json.at("turns").get<int>() == 0);
    CHECK(json.at("menu_open").get<bool>() == false);
}

TEST_CASE("compass yaw: clockwise from north, from 0 up to 360") {
    const glm::dvec3 up(0.0, 1.0, 0.0);
    CHECK(compassYawDeg(glm::dquat(1.0, 0.0, 0.0, 0.0)) == 0.0);
    CHECK(compassYawDeg(glm::angleAxis(glm::radians(-90.0), up)) == Approx(90.0));  // east
    CHECK(compassYawDeg(glm::angleAxis(glm::radians(90.0), up)) == Approx(270.0));  // west
    CHECK(compassYawDeg(glm::angleAxis(glm::radians(-180.0), up)) == Approx(180.0));
    for (double a : {1e-14, -1e-14, 360.0, -360.0}) {
        const double yaw = compassYawDeg(glm::angleAxis(glm::radians(a), up));
        CHECK(yaw >= 0.0);
        CHECK(yaw < 360.0);
    }
}

TEST_CASE("locomotion: non-finite poses from the runtime move nothing") {
    const SceneGround ground({}, 0.0);
    LocomotionSettings settings;
    settings.mode = LocomotionMode::Smooth;
    Locomotion loco(settings, StageAnchor::underEye({3.0, 1.6, 4.0}, 0.0, 1.6), ground);
    const StageAnchor start = loco.anchor();
    const double nan = std::nan("");
    LocomotionInput in;
    in.dt = 0.1;
    in.moveStick = {0.0, 1.0};
    in.turnStick = {1.0, 0.0};
    in.head = StagePose{{nan, 1.6, 0.0}, glm::dquat(1.0, 0.0, 0.0, 0.0)};
    loco.update(in);
    in.head = StagePose{{0.0, 1.6, 0.0}, glm::dquat(0.0, 0.0, 0.0, 0.0)};
    loco.update(in);
    CHECK(loco.anchor().origin == start.origin);
    CHECK(loco.anchor().rotation == start.rotation);

    // A NaN aim: no arc, and releasing does not teleport.
    in.head = poseYaw({0.0, 1.6, 0.0}, 0.0);
    in.moveStick = {0.0, 0.0};
    in.turnStick = {0.0, 0.0};
    in.aim = StagePose{{0.0, 1.2, nan}, glm::dquat(1.0, 0.0, 0.0, 0.0)};
    in.teleportHeld = true;
    CHECK_FALSE(loco.update(in).aiming);
    in.teleportHeld = false;
    CHECK_FALSE(loco.update(in).teleported);
    CHECK(std::isfinite(loco.anchor().origin.x));
    CHECK(loco.summary(in.head).teleportsRefused == 0);
}

TEST_CASE("scene ground: non-finite or far-away segments and triangles are no hits, not crashes") {
    const double nan = std::nan(""), inf = HUGE_VAL;
    std::vector<GroundTriangle> triangles{{{0, 0, 0}, {1, 0, 0}, {0, 0, 1}},
                                          {{float(nan), 0, 0}, {1, 0, 0}, {0, 0, 1}}};
    const SceneGround ground(triangles, -1.0);
    CHECK(ground.triangleCount() == 1);
    CHECK_FALSE(ground.firstHit({nan, 1.0, 0.0}, {0.2, -2.0, 0.2}));
    CHECK_FALSE(ground.firstHit({0.2, 1.0, 0.2}, {0.2, -inf, 0.2}));
    CHECK_FALSE(ground.firstHit({1e300, 1.0, 0.0}, {1e300, 0.5, 0.0}));
    const auto far = ground.firstHit({1e300, 1.0, 0.0}, {1e300, -2.0, 0.0});
    REQUIRE(far);  // only the ground plane, far away
    CHECK(far->point.y == -1.0);
    const auto near = ground.firstHit({0.2, 1.0, 0.2}, {0.2, -2.0, 0.2});
    REQUIRE(near);
    CHECK(near->point.y == Approx(0.0));
    const TeleportArc arc = traceTeleportArc({nan, 1.0, 0.0}, {0.0, 0.0, -1.0}, ground);
    CHECK_FALSE(arc.hit);
    CHECK(arc.points.size() == 1);  // the start only: nothing to draw
}

TEST_CASE("teleport arc: over terrain it lands on the terrain, not the ground plane") {
    // Terrain sloping up to the east, y = -5 + 0.2 x: 5 m below the plane
    // (y = 0) where the visitor stands, above it beyond x = 25.
    const auto terrainY = [](double x) { return -5.0 + 0.2 * x; };
    std::vector<GroundTriangle> terrain;
    for (int i = -5; i < 5; ++i)
        for (int k = -5; k < 5; ++k) {
            const float x0 = float(i) * 10.0f, x1 = x0 + 10.0f, z0 = float(k) * 10.0f, z1 = z0 + 10.0f;
            const auto p = [&](float x, float z) { return glm::vec3(x, float(terrainY(double(x))), z); };
            terrain.push_back({p(x0, z0), p(x0, z1), p(x1, z0)});  // (b - a) x (c - a) points up
            terrain.push_back({p(x1, z0), p(x0, z1), p(x1, z1)});
        }
    SceneGround ground(terrain, 0.0);
    const glm::dvec3 hand(0.0, terrainY(0.0) + 1.2, 0.0);
    // Without the terrain's heights the plane above the valley swallows the
    // arc (it starts below the plane, so it meets the plane's underside).
    const TeleportArc buried = traceTeleportArc(hand, aimAt(60.0), ground);
    REQUIRE(buried.hit);
    CHECK(buried.hit->point.y == Approx(0.0));
    ground.setTerrain([&](double x, double z) -> std::optional<double> {
        if (std::abs(x) > 50.0 || std::abs(z) > 50.0) return std::nullopt;
        return terrainY(x);
    });
    for (const glm::dvec3 aim : {aimAt(45.0), glm::dvec3(1.0, 1.0, 0.0), glm::dvec3(-1.0, 1.5, 0.2)}) {
        CAPTURE(aim.x, aim.y, aim.z);
        const TeleportArc arc = traceTeleportArc(hand, aim, ground);
        REQUIRE(arc.hit);
        CHECK(arc.hit->point.y == Approx(terrainY(arc.hit->point.x)).margin(1e-4));
        CHECK(arc.valid);
    }
}
