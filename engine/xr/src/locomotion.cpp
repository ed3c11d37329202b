#include "places/xr/locomotion.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>

namespace places::xr {
namespace {

constexpr double kPi = 3.14159265358979323846;
const glm::dvec3 kUp(0.0, 1.0, 0.0);

bool finite(const StagePose& pose) {
    return std::isfinite(pose.position.x) && std::isfinite(pose.position.y) && std::isfinite(pose.position.z) &&
           std::isfinite(pose.orientation.w) && std::isfinite(pose.orientation.x) &&
           std::isfinite(pose.orientation.y) && std::isfinite(pose.orientation.z) &&
           glm::dot(pose.orientation, pose.orientation) > 1e-12;
}

// The horizontal forward direction of an orientation in the local frame;
// nullopt when it looks straight up or down.
std::optional<glm::dvec3> horizontalForward(const glm::dquat& orientation) {
    glm::dvec3 f = orientation * glm::dvec3(0.0, 0.0, -1.0);
    f.y = 0.0;
    const double length = glm::length(f);
    if (length < 1e-6) return std::nullopt;
    return f / length;
}

}  // namespace

double compassYawDeg(const glm::dquat& orientation) {
    const auto f = horizontalForward(orientation);
    if (!f) return 0.0;
    const double yaw = std::atan2(f->x, -f->z) * 180.0 / kPi;
    // atan2 gives (-180, 180]; -0.0 + 360 or a rounding just below 0 would read 360.
    const double wrapped = yaw < 0.0 ? yaw + 360.0 : yaw;
    return wrapped >= 360.0 ? wrapped - 360.0 : wrapped;
}

std::string LocomotionSummary::toJson() const {
    nlohmann::ordered_json j;
    j["head"] = {head.x, head.y, head.z};
    j["head_yaw_deg"] = headYawDeg;
    j["eye_height_m"] = eyeHeightM;
    j["floor_offset_m"] = floorOffsetM;
    j["teleports"] = teleports;
    j["teleports_refused"] = teleportsRefused;
    j["turns"] = turns;
    j["steps_blocked"] = stepsBlocked;
    j["menu_open"] = menuOpen;
    return j.dump();
}

Locomotion::Locomotion(const LocomotionSettings& settings, const StageAnchor& standing, const GroundQuery& ground)
    : settings_(settings), ground_(&ground) {
    frame_.anchor = standing;
    groundY_ = standing.origin.y;
    frame_.anchor.origin.y = groundY_ + floorOffset();
}

void Locomotion::arrive(const StageAnchor& standing, const GroundQuery& ground) {
    ground_ = &ground;
    frame_.anchor = standing;
    groundY_ = standing.origin.y;
    frame_.anchor.origin.y = groundY_ + floorOffset();
    frame_.arc = {};
}

const LocomotionFrame& Locomotion::update(const LocomotionInput& input) {
    frame_.teleported = false;
    frame_.turned = false;
    if (input.menuPressed) frame_.menuOpen = !frame_.menuOpen;
    // A runtime glitch (NaN or a zero quaternion) must not poison the anchor
    // for the rest of the session: such a frame moves nothing.
    if (!finite(input.head)) return frame_;
    LocomotionInput checked = input;
    if (checked.aim && !finite(*checked.aim)) checked.aim.reset();
    snapTurn(checked);
    if (settings_.mode == LocomotionMode::Smooth) smoothMove(checked);
    teleport(checked);
    return frame_;
}

void Locomotion::snapTurn(const LocomotionInput& input) {
    const double x = input.turnStick.x;
    if (!std::isfinite(x) || settings_.snapTurnDeg == 0.0) return;
    if (std::abs(x) < settings_.rearmThreshold) turnArmed_ = true;
    if (!turnArmed_ || std::abs(x) <= settings_.turnThreshold) return;
    turnArmed_ = false;
    // Right (x > 0) turns clockwise seen from above: negative about +Y.
    const double angle = glm::radians(x > 0.0 ? -settings_.snapTurnDeg : settings_.snapTurnDeg);
    StageAnchor& a = frame_.anchor;
    const glm::dvec3 head = a.toLocal(input.head.position);
    a.rotation = glm::normalize(glm::angleAxis(angle, kUp) * a.rotation);
    // Keep the head where it is: the stage turns about it, not about its own origin.
    const double y = a.origin.y;
    a.origin = head - a.rotation * input.head.position;
    a.origin.y = y;
    frame_.turned = true;
    ++turns_;
}

void Locomotion::smoothMove(const LocomotionInput& input) {
    glm::dvec2 stick = input.moveStick;
    const double magnitude = glm::length(stick);
    if (!std::isfinite(magnitude) || magnitude < settings_.moveDeadZone || !(input.dt > 0.0)) return;
    if (magnitude > 1.0) stick /= magnitude;
    StageAnchor& a = frame_.anchor;
    const auto forward = horizontalForward(a.rotation * input.head.orientation);
    if (!forward) return;
    const glm::dvec3 right(-forward->z, 0.0, forward->x);
    const glm::dvec3 step = (*forward * stick.y + right * stick.x) * (settings_.smoothSpeed * input.dt);
    const glm::dvec3 head = a.toLocal(input.head.position);
    const glm::dvec3 from(head.x, groundY_, head.z), to = from + step;
    // A wall between here and there at knee height, then the ground under the new spot.
    const glm::dvec3 knee(0.0, settings_.maxStepUpM + 0.05, 0.0);
    std::optional<SurfaceHit> below;
    if (!ground_->firstHit(from + knee, to + knee))
        below = ground_->firstHit(to + knee, to - glm::dvec3(0.0, 2.0, 0.0));
    if (!below || !ground_->walkable(*below)) {
        ++blocked_;
        return;
    }
    groundY_ = below->point.y;
    a.origin += glm::dvec3(step.x, 0.0, step.z);
    a.origin.y = groundY_ + floorOffset();
}

void Locomotion::teleport(const LocomotionInput& input) {
    const bool held = input.teleportHeld;
    if (held && input.aim) {
        const StageAnchor& a = frame_.anchor;
        const glm::dvec3 origin = a.toLocal(input.aim->position);
        const glm::dvec3 direction = a.rotation * (input.aim->orientation * glm::dvec3(0.0, 0.0, -1.0));
        frame_.arc = traceTeleportArc(origin, direction, *ground_, settings_.arc);
        frame_.aiming = true;
    } else if (held) {
        frame_.aiming = false;  // the hand lost tracking: no arc, nothing on release
        frame_.arc = {};
    }
    if (!held && wasHeld_ && frame_.aiming) {
        // Released: go where the arc shown last pointed, if it was valid.
        if (frame_.arc.valid && frame_.arc.hit) {
            StageAnchor& a = frame_.anchor;
            const glm::dvec3 target = frame_.arc.hit->point;
            const glm::dvec3 head = a.toLocal(input.head.position);
            a.origin.x += target.x - head.x;
            a.origin.z += target.z - head.z;
            groundY_ = target.y;
            a.origin.y = groundY_ + floorOffset();
            frame_.teleported = true;
            ++teleports_;
        } else {
            ++refused_;
        }
    }
    if (!held) {
        frame_.aiming = false;
        frame_.arc = {};
    }
    wasHeld_ = held;
}

LocomotionSummary Locomotion::summary(const StagePose& head) const {
    LocomotionSummary s;
    s.head = frame_.anchor.toLocal(head.position);
    s.headYawDeg = compassYawDeg(frame_.anchor.rotation * head.orientation);
    s.eyeHeightM = s.head.y - groundY_;
    s.floorOffsetM = floorOffset();
    s.teleports = teleports_;
    s.teleportsRefused = refused_;
    s.turns = turns_;
    s.stepsBlocked = blocked_;
    s.menuOpen = frame_.menuOpen;
    return s;
}

}  // namespace places::xr
