#pragma once
// How a visitor moves through the venue in a headset, as plain data and
// functions (no OpenXR or Vulkan calls, unit-testable). Locomotion moves and
// turns the StageAnchor (where the tracking space lies in the venue); the
// head itself stays wherever the runtime tracks it.
//
// Comfort defaults: teleport + snap turn of 30 degrees.
//   teleport     hold: an arc from the aiming hand with a landing marker
//                (green on walkable ground within range, red otherwise);
//                release on a valid spot: the HEAD lands on the spot (the
//                stage moves under it), eye height kept; on red nothing happens.
//   snap turn    a flick of the turn stick beyond turnThreshold turns by
//                snapTurnDeg about the HEAD (right: clockwise from above);
//                the stick must come back within rearmThreshold before the
//                next turn: one turn per flick, however long it is held.
//   smooth       (option) the move stick walks along the head's yaw
//                (y forward, x sideways) at smoothSpeed, following the ground;
//                a step into a wall, a building or off walkable ground is refused.
//   seated       the tracking floor is raised by seatedOffsetM above the
//                venue's ground, so a seated visitor's eyes are at standing height.
//   menu         the menu button opens and closes the info card.
// Frames: stage = the runtime's tracking space (Y up, -Z forward);
// local = the venue's frame (metres, Y up, x east, z south).
#include <cstdint>
#include <optional>
#include <string>

#include <glm/gtc/quaternion.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "places/xr/ground_query.hpp"
#include "places/xr/stage_anchor.hpp"
#include "places/xr/teleport_arc.hpp"

namespace places::xr {

enum class LocomotionMode { Teleport, Smooth };

struct LocomotionSettings {
    LocomotionMode mode = LocomotionMode::Teleport;  // teleport is always there; Smooth adds the move stick
    double snapTurnDeg = 30.0;     // 0: snap turn off
    double turnThreshold = 0.5;    // stick |x| beyond this turns
    double rearmThreshold = 0.3;   // stick |x| back below this arms the next turn
    double smoothSpeed = 2.0;      // m/s at full stick
    double moveDeadZone = 0.2;     // stick magnitude ignored below this
    double maxStepUpM = 0.4;       // smooth: highest kerb or stair stepped onto
    bool seated = false;
    double seatedOffsetM = 0.4;    // standing eyes (1.6 m) minus seated eyes (1.2 m)
    TeleportArcSettings arc;
};

// A pose in the stage space, as the runtime reports it.
struct StagePose {
    glm::dvec3 position{0.0};
    glm::dquat orientation{1.0, 0.0, 0.0, 0.0};
};

struct LocomotionInput {
    glm::dvec2 turnStick{0.0};      // x: -1 left .. 1 right
    glm::dvec2 moveStick{0.0};      // x right, y forward
    bool teleportHeld = false;
    bool menuPressed = false;       // went down this frame
    std::optional<StagePose> aim;   // the teleport hand (points along its -Z); none: not tracked
    StagePose head;
    double dt = 0.0;                // seconds since the last update
};

struct LocomotionFrame {
    StageAnchor anchor;             // after this frame's movement
    bool menuOpen = false;
    bool aiming = false;            // teleport held with a tracked hand: draw `arc`
    TeleportArc arc;                // local frame
    bool teleported = false;        // this frame
    bool turned = false;            // this frame
};

// What `places xr --summary` reports (snake_case JSON, as `places view --summary`).
struct LocomotionSummary {
    glm::dvec3 head{0.0};           // local frame
    double headYawDeg = 0.0;        // clockwise from north (-Z), 0..360
    double eyeHeightM = 0.0;        // head above the venue ground it stands on
    double floorOffsetM = 0.0;      // seated offset in use
    std::uint64_t teleports = 0;
    std::uint64_t teleportsRefused = 0;  // released on an invalid spot
    std::uint64_t turns = 0;
    std::uint64_t stepsBlocked = 0;      // smooth steps refused
    bool menuOpen = false;
    std::string toJson() const;
};

// Compass yaw (degrees clockwise from north = -Z, 0..360) of an orientation in the local frame.
double compassYawDeg(const glm::dquat& orientation);

class Locomotion {
public:
    // `standing`: the stage for a standing visitor (floor on the venue
    // ground); seated mode raises it. `ground` must outlive this object.
    Locomotion(const LocomotionSettings& settings, const StageAnchor& standing, const GroundQuery& ground);

    // One frame. A non-finite head pose moves nothing; a non-finite aim counts as untracked.
    const LocomotionFrame& update(const LocomotionInput& input);

    // A portal moved the visitor to another venue: the tracking space now
    // stands at `standing` (seated mode raises it as at the start) over
    // `ground` (the new venue's; must outlive this object). The head keeps
    // its place in the play space; the counts go on.
    void arrive(const StageAnchor& standing, const GroundQuery& ground);

    const StageAnchor& anchor() const { return frame_.anchor; }
    const LocomotionFrame& frame() const { return frame_; }
    LocomotionSummary summary(const StagePose& head) const;

private:
    void snapTurn(const LocomotionInput& input);
    void smoothMove(const LocomotionInput& input);
    void teleport(const LocomotionInput& input);
    double floorOffset() const { return settings_.seated ? settings_.seatedOffsetM : 0.0; }

    LocomotionSettings settings_;
    const GroundQuery* ground_;  // never null
    LocomotionFrame frame_;
    double groundY_ = 0.0;          // the venue ground under the visitor (local y)
    bool turnArmed_ = true;
    bool wasHeld_ = false;
    std::uint64_t teleports_ = 0, refused_ = 0, turns_ = 0, blocked_ = 0;
};

}  // namespace places::xr
