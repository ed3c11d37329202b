#pragma once
// The visitor's controls as one OpenXR action set, with suggested bindings for
// khr/simple_controller, oculus/touch_controller, valve/index_controller and
// htc/vive_controller (the runtime picks one for the controllers in hand):
//   teleport   right trigger (simple: select)      boolean
//   snap_turn  right thumbstick (vive: trackpad)   vector2, x < -0.5 / > 0.5 turns
//   move       left thumbstick (vive: trackpad)    vector2, smooth locomotion (y forward)
//   menu       left menu button (index: left b)    boolean
//   grip_pose  both hands' grip poses              pose, one space per hand
//   aim_pose   the right hand's aim pose           pose: the teleport arc leaves along its -Z
#include <array>
#include <cstdint>

#include "places/xr/xr_handle.hpp"
#include "places/xr/xr_session.hpp"

namespace places::xr {

struct ControllerState {
    bool teleport = false;          // held
    bool teleportPressed = false;   // went down since the last sync
    float turnX = 0.0f;             // snap turn stick, -1 (left) .. 1 (right)
    float moveX = 0.0f, moveY = 0.0f;  // move stick: x right, y forward, -1 .. 1
    bool menuPressed = false;       // went down since the last sync
    std::array<bool, 2> handTracked{};  // left, right
    std::array<XrPosef, 2> handPose{};  // in the play space
    bool aimTracked = false;            // the right hand's aim pose (the pointing ray)
    XrPosef aimPose{{0, 0, 0, 1}, {0, 0, 0}};  // in the play space
};

class Actions {
public:
    // Creates the set, its actions and the suggested bindings (before the
    // session's action sets are attached), then attaches it to `session`.
    Actions(const XrSystem& system, const Session& session);

    // xrSyncActions + the states; all idle unless the session is FOCUSED.
    ControllerState sync(const Session& session, XrTime displayTime);

private:
    ActionSetHandle set_;
    XrAction teleport_ = XR_NULL_HANDLE;  // owned by set_ (destroyed with it)
    XrAction turn_ = XR_NULL_HANDLE;
    XrAction move_ = XR_NULL_HANDLE;
    XrAction menu_ = XR_NULL_HANDLE;
    XrAction grip_ = XR_NULL_HANDLE;
    XrAction aim_ = XR_NULL_HANDLE;
    std::array<XrPath, 2> hands_{};
    std::array<SpaceHandle, 2> gripSpaces_;
    SpaceHandle aimSpace_;
};

}  // namespace places::xr
