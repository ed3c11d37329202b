// Sessions: the lifecycle the script drives, frame pacing, reference spaces
// and views. Poses come from the script (sim_script.hpp) by frame number; a
// time is mapped to the frame that was predicted to display at (or nearest to) it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <sstream>
#include <thread>

#include "places/core/atomic_write.hpp"
#include "runtime_functions.hpp"

namespace places::xr_sim {
namespace {

using Clock = std::chrono::steady_clock;

struct Rigid {
    glm::dvec3 p{0.0};
    glm::dquat q{1.0, 0.0, 0.0, 0.0};
};

Rigid compose(const Rigid& a, const Rigid& b) { return {a.p + a.q * b.p, a.q * b.q}; }
Rigid inverse(const Rigid& a) {
    glm::dquat c = glm::conjugate(a.q);
    return {-(c * a.p), c};
}
Rigid fromXr(const XrPosef& pose) {
    return {{pose.position.x, pose.position.y, pose.position.z},
            glm::normalize(glm::dquat(pose.orientation.w, pose.orientation.x, pose.orientation.y, pose.orientation.z))};
}
XrPosef toXr(const Rigid& r) {
    XrPosef pose;
    pose.position = {static_cast<float>(r.p.x), static_cast<float>(r.p.y), static_cast<float>(r.p.z)};
    pose.orientation = {static_cast<float>(r.q.x), static_cast<float>(r.q.y), static_cast<float>(r.q.z),
                        static_cast<float>(r.q.w)};
    return pose;
}

const PoseKey kStandingHead{1, {0.0, 1.6, 0.0}, {1.0, 0.0, 0.0, 0.0}};

Rigid headAt(const Session& session, std::uint64_t frame) {
    PoseKey key = poseAt(session.instance->config.head, frame, kStandingHead);
    return {key.position, key.orientation};
}

// Hands rest 0.3 m below and 0.2 m to the side of the head, 0.3 m ahead, when unscripted.
Rigid handAt(const Session& session, const std::string& hand, std::uint64_t frame) {
    auto found = session.instance->config.hands.find(hand);
    if (found != session.instance->config.hands.end() && !found->second.empty()) {
        PoseKey key = poseAt(found->second, frame, kStandingHead);
        return {key.position, key.orientation};
    }
    Rigid head = headAt(session, frame);
    return compose(head, Rigid{{hand == "left" ? -0.2 : 0.2, -0.3, -0.3}, {1.0, 0.0, 0.0, 0.0}});
}

// LOCAL: at the head's first pose, gravity-aligned, facing the head's first heading.
Rigid localOrigin(const Session& session) {
    Rigid head = headAt(session, 1);
    glm::dvec3 forward = head.q * glm::dvec3(0.0, 0.0, -1.0);
    double yaw = std::atan2(-forward.x, -forward.z);
    return {head.p, glm::angleAxis(yaw, glm::dvec3(0.0, 1.0, 0.0))};
}

std::string stateName(XrSessionState state) {
    switch (state) {
        case XR_SESSION_STATE_IDLE: return "IDLE";
        case XR_SESSION_STATE_READY: return "READY";
        case XR_SESSION_STATE_SYNCHRONIZED: return "SYNCHRONIZED";
        case XR_SESSION_STATE_VISIBLE: return "VISIBLE";
        case XR_SESSION_STATE_FOCUSED: return "FOCUSED";
        case XR_SESSION_STATE_STOPPING: return "STOPPING";
        case XR_SESSION_STATE_LOSS_PENDING: return "LOSS_PENDING";
        case XR_SESSION_STATE_EXITING: return "EXITING";
        default: return "UNKNOWN";
    }
}

// From any running state back down to STOPPING, one event per step (spec 9.3).
void stopSession(Session& session) {
    if (session.state == XR_SESSION_STATE_FOCUSED) session.setState(XR_SESSION_STATE_VISIBLE);
    if (session.state == XR_SESSION_STATE_VISIBLE) session.setState(XR_SESSION_STATE_SYNCHRONIZED);
    if (session.state == XR_SESSION_STATE_SYNCHRONIZED || session.state == XR_SESSION_STATE_READY)
        session.setState(XR_SESSION_STATE_STOPPING);
}

bool validSession(Session* session) { return session != nullptr; }

}  // namespace

XrTime toXrTime(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}
XrTime nowXrTime() { return toXrTime(Clock::now()); }

std::uint64_t Session::frameAt(XrTime time) const {
    if (displayTimes.empty()) return std::max<std::uint64_t>(frame, 1);
    auto best = displayTimes.front();
    for (const auto& entry : displayTimes)
        if (std::llabs(entry.first - time) < std::llabs(best.first - time)) best = entry;
    return best.second;
}

void Session::setState(XrSessionState next) {
    state = next;
    statesReached.insert(stateName(next));
    XrEventDataSessionStateChanged event{XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED};
    event.session = to<XrSession>(this);
    event.state = next;
    event.time = nowXrTime();
    instance->pushEvent(&event, sizeof(event));
    writeStats();
}

// A small JSON file for tests and developers: frame counts and states seen.
// Written through places::writeFileAtomically, so a reader never sees half of
// it and a symlink at the configured path is refused rather than followed.
void Session::writeStats() const {
    const std::string& path = instance->config.statsFile;
    if (path.empty()) return;
    std::ostringstream out;
    out << "{\"frames_waited\": " << frame << ", \"frames_submitted\": " << framesSubmitted
        << ", \"frames_missed\": " << framesMissed << ", \"depth_views\": " << depthViews
        << ", \"depth_reversed\": " << (depthReversed ? "true" : "false") << ", \"state\": \"" << stateName(state)
        << "\", \"states\": [";
    bool first = true;
    for (const std::string& s : statesReached) {
        out << (first ? "" : ", ") << '"' << s << '"';
        first = false;
    }
    out << "]}\n";
    const std::string text = out.str();
    places::Diagnostics diagnostics;
    if (!places::writeFileAtomically(path, std::as_bytes(std::span(text.data(), text.size())), "the runtime's stats",
                                     diagnostics) &&
        !statsRefused) {
        std::fprintf(stderr, "places simulated XR runtime: %s\n", diagnostics.firstError().c_str());
        statsRefused = true;
    }
}

XrPosef stagePoseOf(const Space& space, XrTime time, bool* valid) {
    const Session& session = *space.session;
    std::uint64_t frame = session.frameAt(time);
    Rigid base;
    *valid = true;
    switch (space.kind) {
        case SpaceKind::Stage: break;
        case SpaceKind::Local: base = localOrigin(session); break;
        case SpaceKind::View: base = headAt(session, frame); break;
        case SpaceKind::Action: {
            // The hand comes from the subaction path, else from the action's binding.
            std::string hand = session.instance->pathText(space.subaction);
            if (hand.empty()) {
                auto found = session.instance->suggested.find(session.profile);
                if (found != session.instance->suggested.end())
                    for (const auto& [action, binding] : found->second)
                        if (action == space.action) hand = binding;
            }
            if (hand.rfind("/user/hand/left", 0) == 0) base = handAt(session, "left", frame);
            else if (hand.rfind("/user/hand/right", 0) == 0) base = handAt(session, "right", frame);
            else *valid = false;  // unbound: not tracked
            break;
        }
    }
    return toXr(compose(base, fromXr(space.poseInSpace)));
}

XrResult XRAPI_CALL xrCreateSession(XrInstance instance, const XrSessionCreateInfo* info, XrSession* session) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || session == nullptr || info->type != XR_TYPE_SESSION_CREATE_INFO)
        return XR_ERROR_VALIDATION_FAILURE;
    if (info->systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    const auto* binding = static_cast<const XrGraphicsBindingVulkan2KHR*>(info->next);
    while (binding != nullptr && binding->type != XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR)
        binding = static_cast<const XrGraphicsBindingVulkan2KHR*>(binding->next);
    if (binding == nullptr || !object->vulkanEnable2) return XR_ERROR_GRAPHICS_DEVICE_INVALID;
    if (!object->requirementsQueried) return XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING;
    if (binding->instance == VK_NULL_HANDLE || binding->physicalDevice == VK_NULL_HANDLE ||
        binding->device == VK_NULL_HANDLE)
        return XR_ERROR_GRAPHICS_DEVICE_INVALID;
    auto created = std::make_unique<Session>();
    created->instance = object;
    created->binding = *binding;
    created->binding.next = nullptr;
    vkGetDeviceQueue(binding->device, binding->queueFamilyIndex, binding->queueIndex, &created->queue);
    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pool.queueFamilyIndex = binding->queueFamilyIndex;
    if (created->queue == VK_NULL_HANDLE ||
        vkCreateCommandPool(binding->device, &pool, nullptr, &created->commandPool) != VK_SUCCESS)
        return XR_ERROR_GRAPHICS_DEVICE_INVALID;
    Session* raw = created.release();
    object->sessions.insert(raw);
    *session = to<XrSession>(raw);
    raw->setState(XR_SESSION_STATE_IDLE);
    raw->setState(XR_SESSION_STATE_READY);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrDestroySession(XrSession session) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    while (!object->swapchains.empty()) xrDestroySwapchain(to<XrSwapchain>(*object->swapchains.begin()));
    while (!object->spaces.empty()) xrDestroySpace(to<XrSpace>(*object->spaces.begin()));
    object->writeStats();
    vkDestroyCommandPool(object->binding.device, object->commandPool, nullptr);
    object->instance->sessions.erase(object);
    // Events naming this session must not outlive it.
    {
        std::lock_guard lock(object->instance->mutex);
        auto& events = object->instance->events;
        events.erase(std::remove_if(events.begin(), events.end(),
                                    [&](const XrEventDataBuffer& e) {
                                        return e.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED &&
                                               reinterpret_cast<const XrEventDataSessionStateChanged&>(e).session ==
                                                   session;
                                    }),
                     events.end());
    }
    delete object;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrBeginSession(XrSession session, const XrSessionBeginInfo* info) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || info->type != XR_TYPE_SESSION_BEGIN_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (info->primaryViewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    if (object->running) return XR_ERROR_SESSION_RUNNING;
    if (object->state != XR_SESSION_STATE_READY) return XR_ERROR_SESSION_NOT_READY;
    object->running = true;
    object->frame = 0;
    object->nextDisplay = {};
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEndSession(XrSession session) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    if (!object->running) return XR_ERROR_SESSION_NOT_RUNNING;
    if (object->state != XR_SESSION_STATE_STOPPING) return XR_ERROR_SESSION_NOT_STOPPING;
    object->running = false;
    object->frameWaited = object->frameBegun = false;
    object->setState(XR_SESSION_STATE_IDLE);
    // The simulated headset has one session per run: once stopped, it exits.
    object->setState(XR_SESSION_STATE_EXITING);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrRequestExitSession(XrSession session) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    if (!object->running) return XR_ERROR_SESSION_NOT_RUNNING;
    object->exitRequested = true;
    stopSession(*object);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrWaitFrame(XrSession session, const XrFrameWaitInfo*, XrFrameState* frameState) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (frameState == nullptr || frameState->type != XR_TYPE_FRAME_STATE) return XR_ERROR_VALIDATION_FAILURE;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    if (!object->running) return XR_ERROR_SESSION_NOT_RUNNING;
    const SimConfig& config = object->instance->config;
    const auto period = std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(1e9 / config.refreshHz)));

    // Pacing: a frame's wait returns one period before its display time. A late
    // app skips display times (counted as missed) instead of running behind.
    Clock::time_point now = Clock::now();
    if (object->nextDisplay == Clock::time_point{}) object->nextDisplay = now + period;
    if (object->nextDisplay < now) {  // in one step: a frame seconds late (lavapipe) skips hundreds
        const auto skipped = (now - object->nextDisplay + period - Clock::duration(1)) / period;  // ceil
        object->nextDisplay += skipped * period;
        object->framesMissed += static_cast<std::uint64_t>(skipped);
    }
    std::this_thread::sleep_until(object->nextDisplay - period);
    Clock::time_point display = object->nextDisplay;
    object->nextDisplay += period;

    ++object->frame;
    object->frameWaited = true;
    object->displayTimes.emplace_back(toXrTime(display), object->frame);
    if (object->displayTimes.size() > 64) object->displayTimes.pop_front();

    // The script drives the lifecycle from here, one step per frame.
    if (config.lossAtFrame != 0 && object->frame >= config.lossAtFrame) {
        object->lossPending = true;
        object->setState(XR_SESSION_STATE_LOSS_PENDING);
    } else if (config.exitAtFrame != 0 && object->frame >= config.exitAtFrame) {
        stopSession(*object);
    } else if (object->state == XR_SESSION_STATE_READY) {
        object->setState(XR_SESSION_STATE_SYNCHRONIZED);
    } else if (object->state == XR_SESSION_STATE_SYNCHRONIZED && object->framesSubmitted > 0 &&
               !object->exitRequested) {
        object->setState(XR_SESSION_STATE_VISIBLE);
        object->setState(XR_SESSION_STATE_FOCUSED);
    }

    frameState->predictedDisplayTime = toXrTime(display);
    frameState->predictedDisplayPeriod = period.count();
    frameState->shouldRender =
        object->state == XR_SESSION_STATE_VISIBLE || object->state == XR_SESSION_STATE_FOCUSED ? XR_TRUE : XR_FALSE;
    return object->lossPending ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

XrResult XRAPI_CALL xrBeginFrame(XrSession session, const XrFrameBeginInfo*) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    if (!object->running) return XR_ERROR_SESSION_NOT_RUNNING;
    if (!object->frameWaited) return XR_ERROR_CALL_ORDER_INVALID;
    object->frameWaited = false;
    if (object->frameBegun) return XR_FRAME_DISCARDED;  // the previous frame was never ended
    object->frameBegun = true;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEndFrame(XrSession session, const XrFrameEndInfo* info) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || info->type != XR_TYPE_FRAME_END_INFO) return XR_ERROR_VALIDATION_FAILURE;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    if (!object->running) return XR_ERROR_SESSION_NOT_RUNNING;
    if (!object->frameBegun) return XR_ERROR_CALL_ORDER_INVALID;
    if (info->displayTime <= 0) return XR_ERROR_TIME_INVALID;
    if (info->environmentBlendMode != XR_ENVIRONMENT_BLEND_MODE_OPAQUE)
        return XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED;
    if (info->layerCount > XR_MIN_COMPOSITION_LAYERS_SUPPORTED) return XR_ERROR_LAYER_LIMIT_EXCEEDED;
    for (uint32_t i = 0; i < info->layerCount; ++i) {
        const XrCompositionLayerBaseHeader* layer = info->layers[i];
        if (layer == nullptr) return XR_ERROR_LAYER_INVALID;
        if (layer->type != XR_TYPE_COMPOSITION_LAYER_PROJECTION) continue;  // quads etc.: accepted, not drawn
        const auto* projection = reinterpret_cast<const XrCompositionLayerProjection*>(layer);
        if (projection->viewCount != 2 || projection->space == XR_NULL_HANDLE) return XR_ERROR_VALIDATION_FAILURE;
        for (uint32_t v = 0; v < 2; ++v) {
            const XrSwapchainSubImage& sub = projection->views[v].subImage;
            Swapchain* chain = from<Swapchain>(sub.swapchain);
            if (chain == nullptr) return XR_ERROR_HANDLE_INVALID;
            if (chain->lastReleased < 0) return XR_ERROR_LAYER_INVALID;  // never released an image
            if (sub.imageArrayIndex >= chain->info.arraySize) return XR_ERROR_VALIDATION_FAILURE;
            if (sub.imageRect.extent.width <= 0 || sub.imageRect.extent.height <= 0 || sub.imageRect.offset.x < 0 ||
                sub.imageRect.offset.y < 0 ||
                static_cast<uint32_t>(sub.imageRect.offset.x + sub.imageRect.extent.width) > chain->info.width ||
                static_cast<uint32_t>(sub.imageRect.offset.y + sub.imageRect.extent.height) > chain->info.height)
                return XR_ERROR_SWAPCHAIN_RECT_INVALID;
        }
    }
    // Depth infos chained to projection views: checked, then counted.
    std::uint64_t depthViews = 0;
    bool reversed = object->depthReversed;
    for (uint32_t i = 0; i < info->layerCount; ++i) {
        if (info->layers[i]->type != XR_TYPE_COMPOSITION_LAYER_PROJECTION) continue;
        const auto* projection = reinterpret_cast<const XrCompositionLayerProjection*>(info->layers[i]);
        for (uint32_t v = 0; v < 2; ++v)
            for (auto* next = static_cast<const XrBaseInStructure*>(projection->views[v].next); next; next = next->next) {
                if (next->type != XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR) continue;
                const auto& depth = *reinterpret_cast<const XrCompositionLayerDepthInfoKHR*>(next);
                if (XrResult r = validateDepthInfo(*object, depth, projection->views[v].subImage); XR_FAILED(r))
                    return r;
                ++depthViews;
                reversed = depth.nearZ > depth.farZ;
            }
    }
    object->depthViews += depthViews;
    object->depthReversed = reversed;
    object->frameBegun = false;
    ++object->framesSubmitted;
    const SimConfig& config = object->instance->config;
    if (!config.captureDirectory.empty()) {
        bool listed = std::find(config.captureFrames.begin(), config.captureFrames.end(), object->frame) !=
                      config.captureFrames.end();
        bool exitFrame = config.captureFrames.empty() && config.exitAtFrame != 0 && object->frame + 1 >= config.exitAtFrame;
        if (listed || exitFrame) captureEyes(*object, *info, object->frame);
    }
    if (object->framesSubmitted % 30 == 0) object->writeStats();
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrLocateViews(XrSession session, const XrViewLocateInfo* info, XrViewState* viewState,
                                  uint32_t capacity, uint32_t* countOutput, XrView* views) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || viewState == nullptr || countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    if (info->viewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED;
    if (info->displayTime <= 0) return XR_ERROR_TIME_INVALID;
    Space* base = from<Space>(info->space);
    if (base == nullptr) return XR_ERROR_HANDLE_INVALID;
    *countOutput = 2;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < 2 || views == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    bool valid = true;
    Rigid baseInStage = fromXr(stagePoseOf(*base, info->displayTime, &valid));
    Rigid head = headAt(*object, object->frameAt(info->displayTime));
    const SimConfig& config = object->instance->config;
    for (uint32_t eye = 0; eye < 2; ++eye) {
        Rigid eyeInHead{{(eye == 0 ? -0.5 : 0.5) * config.ipdMetres, 0.0, 0.0}, {1.0, 0.0, 0.0, 0.0}};
        views[eye].pose = toXr(compose(inverse(baseInStage), compose(head, eyeInHead)));
        const EyeFov& fov = config.fov[eye];
        views[eye].fov = {static_cast<float>(fov.angleLeft), static_cast<float>(fov.angleRight),
                          static_cast<float>(fov.angleUp), static_cast<float>(fov.angleDown)};
    }
    viewState->viewStateFlags = valid ? (XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT |
                                         XR_VIEW_STATE_ORIENTATION_TRACKED_BIT | XR_VIEW_STATE_POSITION_TRACKED_BIT)
                                      : 0;
    return object->lossPending ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateReferenceSpaces(XrSession session, uint32_t capacity, uint32_t* countOutput,
                                               XrReferenceSpaceType* spaces) {
    if (session == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    constexpr XrReferenceSpaceType kOffered[] = {XR_REFERENCE_SPACE_TYPE_VIEW, XR_REFERENCE_SPACE_TYPE_LOCAL,
                                                 XR_REFERENCE_SPACE_TYPE_STAGE};
    *countOutput = 3;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < 3 || spaces == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    std::copy(std::begin(kOffered), std::end(kOffered), spaces);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrCreateReferenceSpace(XrSession session, const XrReferenceSpaceCreateInfo* info, XrSpace* space) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || space == nullptr || info->type != XR_TYPE_REFERENCE_SPACE_CREATE_INFO)
        return XR_ERROR_VALIDATION_FAILURE;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    auto created = std::make_unique<Space>();
    created->session = object;
    switch (info->referenceSpaceType) {
        case XR_REFERENCE_SPACE_TYPE_VIEW: created->kind = SpaceKind::View; break;
        case XR_REFERENCE_SPACE_TYPE_LOCAL: created->kind = SpaceKind::Local; break;
        case XR_REFERENCE_SPACE_TYPE_STAGE: created->kind = SpaceKind::Stage; break;
        default: return XR_ERROR_REFERENCE_SPACE_UNSUPPORTED;
    }
    const XrQuaternionf& q = info->poseInReferenceSpace.orientation;
    if (std::abs(std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w) - 1.0f) > 0.01f)
        return XR_ERROR_POSE_INVALID;
    created->poseInSpace = info->poseInReferenceSpace;
    object->spaces.insert(created.get());
    *space = to<XrSpace>(created.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrGetReferenceSpaceBoundsRect(XrSession session, XrReferenceSpaceType type, XrExtent2Df* bounds) {
    if (session == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    if (bounds == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    if (type != XR_REFERENCE_SPACE_TYPE_STAGE) {
        if (type != XR_REFERENCE_SPACE_TYPE_VIEW && type != XR_REFERENCE_SPACE_TYPE_LOCAL)
            return XR_ERROR_REFERENCE_SPACE_UNSUPPORTED;
        *bounds = {0.0f, 0.0f};
        return XR_SPACE_BOUNDS_UNAVAILABLE;
    }
    *bounds = {4.0f, 4.0f};  // a 4 m x 4 m play area
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrCreateActionSpace(XrSession session, const XrActionSpaceCreateInfo* info, XrSpace* space) {
    Session* object = from<Session>(session);
    if (!validSession(object)) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || space == nullptr || info->type != XR_TYPE_ACTION_SPACE_CREATE_INFO ||
        info->action == XR_NULL_HANDLE)
        return XR_ERROR_VALIDATION_FAILURE;
    Action* action = from<Action>(info->action);
    if (action->type != XR_ACTION_TYPE_POSE_INPUT) return XR_ERROR_ACTION_TYPE_MISMATCH;
    if (info->subactionPath != XR_NULL_PATH &&
        std::find(action->subactions.begin(), action->subactions.end(), info->subactionPath) == action->subactions.end())
        return XR_ERROR_PATH_UNSUPPORTED;
    auto created = std::make_unique<Space>();
    created->session = object;
    created->kind = SpaceKind::Action;
    created->action = action;
    created->subaction = info->subactionPath;
    created->poseInSpace = info->poseInActionSpace;
    object->spaces.insert(created.get());
    *space = to<XrSpace>(created.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrLocateSpace(XrSpace space, XrSpace baseSpace, XrTime time, XrSpaceLocation* location) {
    Space* object = from<Space>(space);
    Space* base = from<Space>(baseSpace);
    if (object == nullptr || base == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (location == nullptr || location->type != XR_TYPE_SPACE_LOCATION) return XR_ERROR_VALIDATION_FAILURE;
    if (time <= 0) return XR_ERROR_TIME_INVALID;
    bool validSpace = true, validBase = true;
    Rigid inStage = fromXr(stagePoseOf(*object, time, &validSpace));
    Rigid baseInStage = fromXr(stagePoseOf(*base, time, &validBase));
    // An action space is untracked until its action set is attached and bound.
    if (object->kind == SpaceKind::Action && object->session->profile.empty()) validSpace = false;
    if (base->kind == SpaceKind::Action && base->session->profile.empty()) validBase = false;
    if (validSpace && validBase) {
        location->pose = toXr(compose(inverse(baseInStage), inStage));
        location->locationFlags = XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | XR_SPACE_LOCATION_POSITION_VALID_BIT |
                                  XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT | XR_SPACE_LOCATION_POSITION_TRACKED_BIT;
    } else {
        location->pose = {{0, 0, 0, 1}, {0, 0, 0}};
        location->locationFlags = 0;
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrDestroySpace(XrSpace space) {
    Space* object = from<Space>(space);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    object->session->spaces.erase(object);
    delete object;
    return XR_SUCCESS;
}

}  // namespace places::xr_sim
