#include "places/xr/locomotion_input.hpp"

namespace places::xr {

StagePose stagePose(const XrPosef& pose) {
    return {{pose.position.x, pose.position.y, pose.position.z},
            glm::dquat(pose.orientation.w, pose.orientation.x, pose.orientation.y, pose.orientation.z)};
}

StagePose headPose(const std::array<EyeView, 2>& eyes) {
    StagePose head = stagePose(eyes[0].pose);
    head.position = (head.position + stagePose(eyes[1].pose).position) * 0.5;
    return head;
}

LocomotionInput locomotionInput(const ControllerState& pad, const FrameTiming& timing, XrTime previousDisplayTime) {
    LocomotionInput in;
    in.turnStick = {pad.turnX, 0.0};
    in.moveStick = {pad.moveX, pad.moveY};
    in.teleportHeld = pad.teleport;
    in.menuPressed = pad.menuPressed;
    if (pad.aimTracked) in.aim = stagePose(pad.aimPose);
    in.head = headPose(timing.eyes);
    const XrDuration step = previousDisplayTime > 0 && timing.predictedDisplayTime > previousDisplayTime
                                ? timing.predictedDisplayTime - previousDisplayTime
                                : timing.predictedDisplayPeriod;
    in.dt = double(step) * 1e-9;
    return in;
}

}  // namespace places::xr
