#include "places/xr/xr_actions.hpp"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "places/xr/xr_check.hpp"

namespace places::xr {
namespace {

XrPath path(XrInstance instance, const char* text) {
    XrPath out = XR_NULL_PATH;
    PLACES_XR_CHECK(xrStringToPath(instance, text, &out));
    return out;
}

XrAction makeAction(XrActionSet set, const char* name, const char* localized, XrActionType type,
                    const std::array<XrPath, 2>* hands) {
    XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
    std::strncpy(info.actionName, name, XR_MAX_ACTION_NAME_SIZE - 1);
    std::strncpy(info.localizedActionName, localized, XR_MAX_LOCALIZED_ACTION_NAME_SIZE - 1);
    info.actionType = type;
    if (hands) {
        info.countSubactionPaths = 2;
        info.subactionPaths = hands->data();
    }
    XrAction action = XR_NULL_HANDLE;
    PLACES_XR_CHECK(xrCreateAction(set, &info, &action));
    return action;
}

}  // namespace

Actions::Actions(const XrSystem& system, const Session& session) {
    const XrInstance instance = system.instance();
    XrActionSetCreateInfo setInfo{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::strncpy(setInfo.actionSetName, "visitor", XR_MAX_ACTION_SET_NAME_SIZE - 1);
    std::strncpy(setInfo.localizedActionSetName, "Visitor", XR_MAX_LOCALIZED_ACTION_SET_NAME_SIZE - 1);
    XrActionSet set = XR_NULL_HANDLE;
    PLACES_XR_CHECK(xrCreateActionSet(instance, &setInfo, &set));
    set_ = ActionSetHandle(set);

    hands_ = {path(instance, "/user/hand/left"), path(instance, "/user/hand/right")};
    teleport_ = makeAction(set, "teleport", "Teleport", XR_ACTION_TYPE_BOOLEAN_INPUT, nullptr);
    turn_ = makeAction(set, "snap_turn", "Snap turn", XR_ACTION_TYPE_VECTOR2F_INPUT, nullptr);
    move_ = makeAction(set, "move", "Move", XR_ACTION_TYPE_VECTOR2F_INPUT, nullptr);
    menu_ = makeAction(set, "menu", "Menu", XR_ACTION_TYPE_BOOLEAN_INPUT, nullptr);
    grip_ = makeAction(set, "grip_pose", "Hand pose", XR_ACTION_TYPE_POSE_INPUT, &hands_);
    aim_ = makeAction(set, "aim_pose", "Aim pose", XR_ACTION_TYPE_POSE_INPUT, nullptr);

    // Component paths per profile (OpenXR 1.0 spec, 6.4 "Interaction Profiles").
    struct Profile {
        const char* path;
        const char* teleport;
        const char* turn;  // nullptr: no stick on this controller
        const char* move;
        const char* menu;
    };
    const Profile profiles[] = {
        {"/interaction_profiles/khr/simple_controller", "/user/hand/right/input/select/click", nullptr,
         nullptr, "/user/hand/left/input/menu/click"},
        {"/interaction_profiles/oculus/touch_controller", "/user/hand/right/input/trigger/value",
         "/user/hand/right/input/thumbstick", "/user/hand/left/input/thumbstick", "/user/hand/left/input/menu/click"},
        {"/interaction_profiles/valve/index_controller", "/user/hand/right/input/trigger/click",
         "/user/hand/right/input/thumbstick", "/user/hand/left/input/thumbstick", "/user/hand/left/input/b/click"},
        {"/interaction_profiles/htc/vive_controller", "/user/hand/right/input/trigger/click",
         "/user/hand/right/input/trackpad", "/user/hand/left/input/trackpad", "/user/hand/left/input/menu/click"},
    };
    for (const Profile& profile : profiles) {
        std::vector<XrActionSuggestedBinding> bindings{
            {teleport_, path(instance, profile.teleport)},
            {menu_, path(instance, profile.menu)},
            {grip_, path(instance, "/user/hand/left/input/grip/pose")},
            {grip_, path(instance, "/user/hand/right/input/grip/pose")},
            {aim_, path(instance, "/user/hand/right/input/aim/pose")},
        };
        if (profile.turn) bindings.push_back({turn_, path(instance, profile.turn)});
        if (profile.move) bindings.push_back({move_, path(instance, profile.move)});
        XrInteractionProfileSuggestedBinding suggested{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
        suggested.interactionProfile = path(instance, profile.path);
        suggested.countSuggestedBindings = static_cast<uint32_t>(bindings.size());
        suggested.suggestedBindings = bindings.data();
        PLACES_XR_CHECK(xrSuggestInteractionProfileBindings(instance, &suggested));
    }

    for (std::size_t hand = 0; hand < 2; ++hand) {
        XrActionSpaceCreateInfo space{XR_TYPE_ACTION_SPACE_CREATE_INFO};
        space.action = grip_;
        space.subactionPath = hands_[hand];
        space.poseInActionSpace = {{0, 0, 0, 1}, {0, 0, 0}};
        XrSpace created = XR_NULL_HANDLE;
        PLACES_XR_CHECK(xrCreateActionSpace(session.handle(), &space, &created));
        gripSpaces_[hand] = SpaceHandle(created);
    }

    XrActionSpaceCreateInfo aimInfo{XR_TYPE_ACTION_SPACE_CREATE_INFO};
    aimInfo.action = aim_;
    aimInfo.poseInActionSpace = {{0, 0, 0, 1}, {0, 0, 0}};
    XrSpace aimSpace = XR_NULL_HANDLE;
    PLACES_XR_CHECK(xrCreateActionSpace(session.handle(), &aimInfo, &aimSpace));
    aimSpace_ = SpaceHandle(aimSpace);

    XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    attach.countActionSets = 1;
    attach.actionSets = &set;
    PLACES_XR_CHECK(xrAttachSessionActionSets(session.handle(), &attach));
}

ControllerState Actions::sync(const Session& session, XrTime displayTime) {
    ControllerState state;
    if (!shouldSyncActions(session.flow())) return state;  // syncing unfocused is pointless (spec 11.6)
    XrActiveActionSet active{set_.get(), XR_NULL_PATH};
    XrActionsSyncInfo sync{XR_TYPE_ACTIONS_SYNC_INFO};
    sync.countActiveActionSets = 1;
    sync.activeActionSets = &active;
    if (PLACES_XR_CHECK(xrSyncActions(session.handle(), &sync)) == XR_SESSION_NOT_FOCUSED) return state;

    XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
    XrActionStateBoolean boolean{XR_TYPE_ACTION_STATE_BOOLEAN};
    get.action = teleport_;
    PLACES_XR_CHECK(xrGetActionStateBoolean(session.handle(), &get, &boolean));
    state.teleport = boolean.isActive && boolean.currentState;
    state.teleportPressed = state.teleport && boolean.changedSinceLastSync;
    get.action = menu_;
    boolean = {XR_TYPE_ACTION_STATE_BOOLEAN};
    PLACES_XR_CHECK(xrGetActionStateBoolean(session.handle(), &get, &boolean));
    state.menuPressed = boolean.isActive && boolean.currentState && boolean.changedSinceLastSync;
    get.action = turn_;
    XrActionStateVector2f stick{XR_TYPE_ACTION_STATE_VECTOR2F};
    PLACES_XR_CHECK(xrGetActionStateVector2f(session.handle(), &get, &stick));
    state.turnX = stick.isActive ? stick.currentState.x : 0.0f;
    get.action = move_;
    stick = {XR_TYPE_ACTION_STATE_VECTOR2F};
    PLACES_XR_CHECK(xrGetActionStateVector2f(session.handle(), &get, &stick));
    state.moveX = stick.isActive ? stick.currentState.x : 0.0f;
    state.moveY = stick.isActive ? stick.currentState.y : 0.0f;

    constexpr XrSpaceLocationFlags kValid = XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | XR_SPACE_LOCATION_POSITION_VALID_BIT;
    for (std::size_t hand = 0; hand < 2; ++hand) {
        XrSpaceLocation location{XR_TYPE_SPACE_LOCATION};
        PLACES_XR_CHECK(xrLocateSpace(gripSpaces_[hand].get(), session.playSpace(), displayTime, &location));
        state.handTracked[hand] = (location.locationFlags & kValid) == kValid;
        state.handPose[hand] = location.pose;
    }
    XrSpaceLocation aim{XR_TYPE_SPACE_LOCATION};
    PLACES_XR_CHECK(xrLocateSpace(aimSpace_.get(), session.playSpace(), displayTime, &aim));
    state.aimTracked = (aim.locationFlags & kValid) == kValid;
    state.aimPose = aim.pose;
    return state;
}

}  // namespace places::xr
