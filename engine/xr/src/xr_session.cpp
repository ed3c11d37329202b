#include "places/xr/xr_session.hpp"

#include <algorithm>

#include "places/xr/xr_check.hpp"

namespace places::xr {

Session::Session(const XrSystem& system, const render::Device& device) : system_(system) {
    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = device.instance();
    binding.physicalDevice = device.physical();
    binding.device = device.handle();
    binding.queueFamilyIndex = device.graphicsFamily();
    binding.queueIndex = 0;
    XrSessionCreateInfo create{XR_TYPE_SESSION_CREATE_INFO};
    create.next = &binding;
    create.systemId = system.systemId();
    XrSession session = XR_NULL_HANDLE;
    PLACES_XR_CHECK(xrCreateSession(system.instance(), &create, &session));
    session_ = SessionHandle(session);

    // STAGE (floor at y = 0, the play area's centre) when the runtime has it,
    // else LOCAL (origin at the head's start, floor unknown).
    uint32_t count = 0;
    PLACES_XR_CHECK(xrEnumerateReferenceSpaces(session, 0, &count, nullptr));
    std::vector<XrReferenceSpaceType> spaces(count);
    PLACES_XR_CHECK(xrEnumerateReferenceSpaces(session, count, &count, spaces.data()));
    for (XrReferenceSpaceType type : spaces) stage_ = stage_ || type == XR_REFERENCE_SPACE_TYPE_STAGE;
    XrReferenceSpaceCreateInfo space{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    space.referenceSpaceType = stage_ ? XR_REFERENCE_SPACE_TYPE_STAGE : XR_REFERENCE_SPACE_TYPE_LOCAL;
    space.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
    XrSpace play = XR_NULL_HANDLE;
    PLACES_XR_CHECK(xrCreateReferenceSpace(session, &space, &play));
    playSpace_ = SpaceHandle(play);

    count = 0;
    PLACES_XR_CHECK(xrEnumerateViewConfigurationViews(system.instance(), system.systemId(),
                                                      XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, &count, nullptr));
    if (count != 2) throw XrSetupError("the headset's stereo view configuration has " + std::to_string(count) + " views, not 2");
    for (auto& view : viewConfigs_) view = {XR_TYPE_VIEW_CONFIGURATION_VIEW};
    PLACES_XR_CHECK(xrEnumerateViewConfigurationViews(system.instance(), system.systemId(),
                                                      XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2, &count,
                                                      viewConfigs_.data()));
}

const SessionFlow& Session::pollEvents() {
    for (;;) {
        XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
        XrResult result = PLACES_XR_CHECK(xrPollEvent(system_.instance(), &event));
        if (result == XR_EVENT_UNAVAILABLE) break;
        SessionStep step = SessionStep::None;
        if (event.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
            const auto& changed = reinterpret_cast<const XrEventDataSessionStateChanged&>(event);
            if (changed.session != session_.get()) continue;
            step = onSessionStateChanged(flow_, changed.state);
        } else if (event.type == XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING) {
            step = onInstanceLossPending(flow_);
        }
        switch (step) {
            case SessionStep::BeginSession: {
                XrSessionBeginInfo begin{XR_TYPE_SESSION_BEGIN_INFO};
                begin.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
                PLACES_XR_CHECK(xrBeginSession(session_.get(), &begin));
                break;
            }
            case SessionStep::EndSession: PLACES_XR_CHECK(xrEndSession(session_.get())); break;
            case SessionStep::Exit:
            case SessionStep::None: break;
        }
    }
    return flow_;
}

void Session::requestExit() {
    if (flow_.running) PLACES_XR_CHECK(xrRequestExitSession(session_.get()));
}

FrameTiming Session::beginFrame() {
    FrameTiming timing;
    XrFrameState state{XR_TYPE_FRAME_STATE};
    if (PLACES_XR_CHECK(xrWaitFrame(session_.get(), nullptr, &state)) == XR_SESSION_LOSS_PENDING) {
        pollEvents();  // the LOSS_PENDING event ends the flow; no more frame calls
        if (!flow_.lost) onSessionStateChanged(flow_, XR_SESSION_STATE_LOSS_PENDING);
        return timing;
    }
    PLACES_XR_CHECK(xrBeginFrame(session_.get(), nullptr));
    timing.began = true;
    timing.predictedDisplayTime = state.predictedDisplayTime;
    // Trust no absurd period (a runtime bug would stall animation): clamp to 30..500 Hz.
    timing.predictedDisplayPeriod = std::clamp<XrDuration>(state.predictedDisplayPeriod, 2'000'000, 33'333'334);
    timing.shouldRender = state.shouldRender == XR_TRUE;
    if (!timing.shouldRender) return timing;
    XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
    locate.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    locate.displayTime = state.predictedDisplayTime;
    locate.space = playSpace_.get();
    XrViewState viewState{XR_TYPE_VIEW_STATE};
    std::array<XrView, 2> views{XrView{XR_TYPE_VIEW}, XrView{XR_TYPE_VIEW}};
    uint32_t count = 0;
    PLACES_XR_CHECK(xrLocateViews(session_.get(), &locate, &viewState, 2, &count, views.data()));
    constexpr XrViewStateFlags kTracked = XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT;
    timing.viewsValid = count == 2 && (viewState.viewStateFlags & kTracked) == kTracked;
    for (std::size_t eye = 0; eye < 2; ++eye) timing.eyes[eye] = {views[eye].pose, views[eye].fov};
    return timing;
}

void Session::endFrame(const FrameTiming& timing, const std::vector<const XrCompositionLayerBaseHeader*>& layers) {
    if (!timing.began) return;
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = timing.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    end.layerCount = static_cast<uint32_t>(layers.size());
    end.layers = layers.empty() ? nullptr : layers.data();
    PLACES_XR_CHECK(xrEndFrame(session_.get(), &end));
    ++framesSubmitted_;
}

}  // namespace places::xr
