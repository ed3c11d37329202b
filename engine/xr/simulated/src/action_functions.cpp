// Actions: action sets, suggested bindings, and action states computed from the
// script's input values through the bindings of the current interaction profile
// (SimConfig::interactionProfile when the app suggested it, else
// khr/simple_controller, else the first profile the app suggested).
#include <algorithm>
#include <cstring>

#include "runtime_functions.hpp"

namespace places::xr_sim {
namespace {

// Profiles a real runtime of the 1.0 era knows (spec 6.4); others are rejected
// with XR_ERROR_PATH_UNSUPPORTED as the spec asks.
constexpr const char* kKnownProfiles[] = {
    "/interaction_profiles/khr/simple_controller",       "/interaction_profiles/google/daydream_controller",
    "/interaction_profiles/htc/vive_controller",         "/interaction_profiles/htc/vive_pro",
    "/interaction_profiles/microsoft/motion_controller", "/interaction_profiles/microsoft/xbox_controller",
    "/interaction_profiles/oculus/go_controller",        "/interaction_profiles/oculus/touch_controller",
    "/interaction_profiles/valve/index_controller",
};

bool knownProfile(const std::string& path) {
    return std::any_of(std::begin(kKnownProfiles), std::end(kKnownProfiles),
                       [&](const char* known) { return path == known; });
}

// A binding path matches a script input path when equal, or when the binding
// names the component's parent (".../trigger" binds ".../trigger/value").
bool bindingMatches(const std::string& binding, const std::string& input) {
    return input == binding || (input.size() > binding.size() && input.compare(0, binding.size(), binding) == 0 &&
                                input[binding.size()] == '/');
}

bool validName(const char* name, std::size_t capacity) {
    std::size_t length = strnlen(name, capacity);
    if (length == 0 || length == capacity) return false;
    for (std::size_t i = 0; i < length; ++i) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
    }
    return true;
}

// Bindings of `action` in the session's current profile, filtered by subaction.
std::vector<std::string> bindingsOf(const Session& session, const Action* action, const std::string& subaction) {
    std::vector<std::string> out;
    auto found = session.instance->suggested.find(session.profile);
    if (found == session.instance->suggested.end()) return out;
    for (const auto& [bound, binding] : found->second)
        if (bound == action && (subaction.empty() || binding.rfind(subaction + "/", 0) == 0)) out.push_back(binding);
    return out;
}

struct StateQuery {
    Session* session = nullptr;
    Action* action = nullptr;
    std::string subaction;
};

XrResult query(XrSession session, const XrActionStateGetInfo* info, XrActionType expected, StateQuery* out) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || info->type != XR_TYPE_ACTION_STATE_GET_INFO || info->action == XR_NULL_HANDLE)
        return XR_ERROR_VALIDATION_FAILURE;
    Action* action = from<Action>(info->action);
    if (!action->set->attached) return XR_ERROR_ACTIONSET_NOT_ATTACHED;
    if (action->type != expected) return XR_ERROR_ACTION_TYPE_MISMATCH;
    if (info->subactionPath != XR_NULL_PATH &&
        std::find(action->subactions.begin(), action->subactions.end(), info->subactionPath) == action->subactions.end())
        return XR_ERROR_PATH_UNSUPPORTED;
    *out = {object, action, object->instance->pathText(info->subactionPath)};
    return XR_SUCCESS;
}

// Current value of an action: the largest magnitude over its bound inputs.
// Returns false when nothing is bound (isActive false).
bool currentValue(const StateQuery& q, glm::dvec2* value) {
    if (!q.session->activeSets.count(q.action->set)) return false;
    auto bindings = bindingsOf(*q.session, q.action, q.subaction);
    if (bindings.empty()) return false;
    *value = glm::dvec2(0.0);
    for (const std::string& binding : bindings)
        for (const auto& [input, v] : q.session->inputs)
            if (bindingMatches(binding, input) && glm::length(v) > glm::length(*value)) *value = v;
    return true;
}

void noteChange(const StateQuery& q, const glm::dvec2& value, XrBool32* changed, XrTime* lastChangeTime) {
    auto& last = q.action->lastValue[q.subaction];
    *changed = last != value ? XR_TRUE : XR_FALSE;
    if (*changed) q.action->lastChange[q.subaction] = nowXrTime();
    last = value;
    *lastChangeTime = q.action->lastChange[q.subaction];
}

}  // namespace

XrResult XRAPI_CALL xrCreateActionSet(XrInstance instance, const XrActionSetCreateInfo* info, XrActionSet* actionSet) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || actionSet == nullptr || info->type != XR_TYPE_ACTION_SET_CREATE_INFO)
        return XR_ERROR_VALIDATION_FAILURE;
    if (!validName(info->actionSetName, XR_MAX_ACTION_SET_NAME_SIZE)) return XR_ERROR_PATH_FORMAT_INVALID;
    if (strnlen(info->localizedActionSetName, XR_MAX_LOCALIZED_ACTION_SET_NAME_SIZE) == 0)
        return XR_ERROR_LOCALIZED_NAME_INVALID;
    auto set = std::make_unique<ActionSet>();
    set->instance = object;
    set->name = info->actionSetName;
    set->priority = info->priority;
    *actionSet = to<XrActionSet>(set.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrDestroyActionSet(XrActionSet actionSet) {
    ActionSet* object = from<ActionSet>(actionSet);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    while (!object->actions.empty()) xrDestroyAction(to<XrAction>(object->actions.back()));
    for (Session* session : object->instance->sessions) {
        session->activeSets.erase(object);
        auto& attached = session->attached;
        attached.erase(std::remove(attached.begin(), attached.end(), object), attached.end());
    }
    delete object;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrCreateAction(XrActionSet actionSet, const XrActionCreateInfo* info, XrAction* action) {
    ActionSet* set = from<ActionSet>(actionSet);
    if (set == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || action == nullptr || info->type != XR_TYPE_ACTION_CREATE_INFO)
        return XR_ERROR_VALIDATION_FAILURE;
    if (set->attached) return XR_ERROR_ACTIONSETS_ALREADY_ATTACHED;
    if (!validName(info->actionName, XR_MAX_ACTION_NAME_SIZE)) return XR_ERROR_PATH_FORMAT_INVALID;
    if (strnlen(info->localizedActionName, XR_MAX_LOCALIZED_ACTION_NAME_SIZE) == 0)
        return XR_ERROR_LOCALIZED_NAME_INVALID;
    for (const Action* existing : set->actions)
        if (existing->name == info->actionName) return XR_ERROR_NAME_DUPLICATED;
    auto created = std::make_unique<Action>();
    created->set = set;
    created->name = info->actionName;
    created->type = info->actionType;
    for (uint32_t i = 0; i < info->countSubactionPaths; ++i) {
        std::string path = set->instance->pathText(info->subactionPaths[i]);
        // Top-level user paths that can carry input in the simulated headset.
        if (path != "/user/hand/left" && path != "/user/hand/right" && path != "/user/head" && path != "/user/gamepad")
            return XR_ERROR_PATH_UNSUPPORTED;
        created->subactions.push_back(info->subactionPaths[i]);
    }
    set->actions.push_back(created.get());
    *action = to<XrAction>(created.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrDestroyAction(XrAction action) {
    Action* object = from<Action>(action);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    auto& actions = object->set->actions;
    actions.erase(std::remove(actions.begin(), actions.end(), object), actions.end());
    for (auto& [profile, bindings] : object->set->instance->suggested)
        bindings.erase(std::remove_if(bindings.begin(), bindings.end(),
                                      [&](const auto& entry) { return entry.first == object; }),
                       bindings.end());
    delete object;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrSuggestInteractionProfileBindings(XrInstance instance,
                                                        const XrInteractionProfileSuggestedBinding* suggested) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (suggested == nullptr || suggested->type != XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING ||
        suggested->countSuggestedBindings == 0 || suggested->suggestedBindings == nullptr)
        return XR_ERROR_VALIDATION_FAILURE;
    std::string profile = object->pathText(suggested->interactionProfile);
    if (profile.empty()) return XR_ERROR_PATH_INVALID;
    if (!knownProfile(profile)) return XR_ERROR_PATH_UNSUPPORTED;
    std::vector<std::pair<Action*, std::string>> bindings;
    for (uint32_t i = 0; i < suggested->countSuggestedBindings; ++i) {
        Action* action = from<Action>(suggested->suggestedBindings[i].action);
        if (action == nullptr) return XR_ERROR_HANDLE_INVALID;
        if (action->set->attached) return XR_ERROR_ACTIONSETS_ALREADY_ATTACHED;
        std::string binding = object->pathText(suggested->suggestedBindings[i].binding);
        if (binding.rfind("/user/", 0) != 0) return XR_ERROR_PATH_UNSUPPORTED;
        bindings.emplace_back(action, binding);
    }
    object->suggested[profile] = std::move(bindings);  // a later call replaces (spec 11.4)
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrAttachSessionActionSets(XrSession session, const XrSessionActionSetsAttachInfo* info) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || info->type != XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO || info->countActionSets == 0)
        return XR_ERROR_VALIDATION_FAILURE;
    if (!object->attached.empty()) return XR_ERROR_ACTIONSETS_ALREADY_ATTACHED;
    for (uint32_t i = 0; i < info->countActionSets; ++i) {
        ActionSet* set = from<ActionSet>(info->actionSets[i]);
        if (set == nullptr) return XR_ERROR_HANDLE_INVALID;
        set->attached = true;
        object->attached.push_back(set);
    }
    const auto& suggested = object->instance->suggested;
    const std::string& preferred = object->instance->config.interactionProfile;
    if (suggested.count(preferred)) object->profile = preferred;
    else if (suggested.count("/interaction_profiles/khr/simple_controller"))
        object->profile = "/interaction_profiles/khr/simple_controller";
    else if (!suggested.empty()) object->profile = suggested.begin()->first;
    if (!object->profile.empty()) {
        XrEventDataInteractionProfileChanged event{XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED};
        event.session = session;
        object->instance->pushEvent(&event, sizeof(event));
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrGetCurrentInteractionProfile(XrSession session, XrPath topLevelUserPath,
                                                   XrInteractionProfileState* state) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (state == nullptr || state->type != XR_TYPE_INTERACTION_PROFILE_STATE) return XR_ERROR_VALIDATION_FAILURE;
    if (object->attached.empty()) return XR_ERROR_ACTIONSET_NOT_ATTACHED;
    std::string user = object->instance->pathText(topLevelUserPath);
    if (user.empty()) return XR_ERROR_PATH_INVALID;
    if (user != "/user/hand/left" && user != "/user/hand/right" && user != "/user/head" && user != "/user/gamepad")
        return XR_ERROR_PATH_UNSUPPORTED;
    bool hand = user == "/user/hand/left" || user == "/user/hand/right";
    state->interactionProfile = hand && !object->profile.empty() ? object->instance->pathFor(object->profile) : XR_NULL_PATH;
    return XR_SUCCESS;
}

namespace {
// The three value-typed action states share everything but the conversion of
// the bound inputs' value into currentState (`apply` returns the value that
// counts for changedSinceLastSync).
template <class State, class Apply>
XrResult getState(XrSession session, const XrActionStateGetInfo* info, XrActionType actionType,
                  XrStructureType stateType, State* state, Apply apply) {
    StateQuery q;
    if (XrResult r = query(session, info, actionType, &q); r != XR_SUCCESS) return r;
    if (state == nullptr || state->type != stateType) return XR_ERROR_VALIDATION_FAILURE;
    glm::dvec2 value(0.0);
    state->isActive = currentValue(q, &value) ? XR_TRUE : XR_FALSE;
    noteChange(q, apply(value, *state), &state->changedSinceLastSync, &state->lastChangeTime);
    return XR_SUCCESS;
}
}  // namespace

XrResult XRAPI_CALL xrGetActionStateBoolean(XrSession session, const XrActionStateGetInfo* info,
                                            XrActionStateBoolean* state) {
    return getState(session, info, XR_ACTION_TYPE_BOOLEAN_INPUT, XR_TYPE_ACTION_STATE_BOOLEAN, state,
                    [](glm::dvec2 value, XrActionStateBoolean& out) {
                        bool pressed = value.x > 0.5;  // analogue inputs threshold at half travel
                        out.currentState = pressed ? XR_TRUE : XR_FALSE;
                        return glm::dvec2(pressed ? 1.0 : 0.0, 0.0);
                    });
}

XrResult XRAPI_CALL xrGetActionStateFloat(XrSession session, const XrActionStateGetInfo* info,
                                          XrActionStateFloat* state) {
    return getState(session, info, XR_ACTION_TYPE_FLOAT_INPUT, XR_TYPE_ACTION_STATE_FLOAT, state,
                    [](glm::dvec2 value, XrActionStateFloat& out) {
                        out.currentState = static_cast<float>(value.x);
                        return glm::dvec2(value.x, 0.0);
                    });
}

XrResult XRAPI_CALL xrGetActionStateVector2f(XrSession session, const XrActionStateGetInfo* info,
                                             XrActionStateVector2f* state) {
    return getState(session, info, XR_ACTION_TYPE_VECTOR2F_INPUT, XR_TYPE_ACTION_STATE_VECTOR2F, state,
                    [](glm::dvec2 value, XrActionStateVector2f& out) {
                        out.currentState = {static_cast<float>(value.x), static_cast<float>(value.y)};
                        return value;
                    });
}

XrResult XRAPI_CALL xrGetActionStatePose(XrSession session, const XrActionStateGetInfo* info,
                                         XrActionStatePose* state) {
    StateQuery q;
    if (XrResult r = query(session, info, XR_ACTION_TYPE_POSE_INPUT, &q); r != XR_SUCCESS) return r;
    if (state == nullptr || state->type != XR_TYPE_ACTION_STATE_POSE) return XR_ERROR_VALIDATION_FAILURE;
    state->isActive = q.session->activeSets.count(q.action->set) && !bindingsOf(*q.session, q.action, q.subaction).empty()
                          ? XR_TRUE
                          : XR_FALSE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrSyncActions(XrSession session, const XrActionsSyncInfo* info) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || info->type != XR_TYPE_ACTIONS_SYNC_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    object->activeSets.clear();
    for (uint32_t i = 0; i < info->countActiveActionSets; ++i) {
        ActionSet* set = from<ActionSet>(info->activeActionSets[i].actionSet);
        if (set == nullptr) return XR_ERROR_HANDLE_INVALID;
        if (!set->attached) return XR_ERROR_ACTIONSET_NOT_ATTACHED;
        object->activeSets.insert(set);
    }
    // Input reaches only a focused session (spec 11.6): otherwise actions read idle.
    if (object->state != XR_SESSION_STATE_FOCUSED) {
        object->activeSets.clear();
        return XR_SESSION_NOT_FOCUSED;
    }
    object->inputs = inputsAt(object->instance->config.inputs, object->frame);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateBoundSourcesForAction(XrSession session, const XrBoundSourcesForActionEnumerateInfo* info,
                                                     uint32_t capacity, uint32_t* countOutput, XrPath* sources) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || countOutput == nullptr || info->action == XR_NULL_HANDLE) return XR_ERROR_VALIDATION_FAILURE;
    Action* action = from<Action>(info->action);
    if (!action->set->attached) return XR_ERROR_ACTIONSET_NOT_ATTACHED;
    auto bindings = bindingsOf(*object, action, "");
    *countOutput = static_cast<uint32_t>(bindings.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < bindings.size() || sources == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    for (std::size_t i = 0; i < bindings.size(); ++i) sources[i] = object->instance->pathFor(bindings[i]);
    return XR_SUCCESS;
}

namespace {
// Haptics: checked like a real runtime, then ignored (no motors to drive).
XrResult checkHaptic(XrSession session, const XrHapticActionInfo* info) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || info->action == XR_NULL_HANDLE) return XR_ERROR_VALIDATION_FAILURE;
    Action* action = from<Action>(info->action);
    if (action->type != XR_ACTION_TYPE_VIBRATION_OUTPUT) return XR_ERROR_ACTION_TYPE_MISMATCH;
    if (!action->set->attached) return XR_ERROR_ACTIONSET_NOT_ATTACHED;
    if (object->state != XR_SESSION_STATE_FOCUSED) return XR_SESSION_NOT_FOCUSED;
    return XR_SUCCESS;
}
}  // namespace

XrResult XRAPI_CALL xrApplyHapticFeedback(XrSession session, const XrHapticActionInfo* info,
                                          const XrHapticBaseHeader* haptic) {
    if (haptic == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    return checkHaptic(session, info);
}

XrResult XRAPI_CALL xrStopHapticFeedback(XrSession session, const XrHapticActionInfo* info) {
    return checkHaptic(session, info);
}

}  // namespace places::xr_sim
