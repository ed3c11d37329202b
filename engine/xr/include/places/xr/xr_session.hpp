#pragma once
// A headset session on the app's Vulkan device: the event pump that drives
// SessionFlow (session_state.hpp), the play space (STAGE, LOCAL when the
// runtime has no STAGE), PRIMARY_STEREO views and the frame calls with their
// predicted display times. One thread: the frame loop's.
#include <array>
#include <cstdint>
#include <vector>

#include "places/render/device.hpp"
#include "places/xr/session_state.hpp"
#include "places/xr/xr_handle.hpp"
#include "places/xr/xr_system.hpp"

namespace places::xr {

// One eye's pose (in the play space) and field of view for the frame.
struct EyeView {
    XrPosef pose{{0, 0, 0, 1}, {0, 0, 0}};
    XrFovf fov{};
};

struct FrameTiming {
    bool began = false;            // false: the session is being lost, no frame to end
    XrTime predictedDisplayTime = 0;
    XrDuration predictedDisplayPeriod = 0;
    bool shouldRender = false;
    bool viewsValid = false;       // both eye poses tracked this frame
    std::array<EyeView, 2> eyes;
};

class Session {
public:
    Session(const XrSystem& system, const render::Device& device);

    XrSession handle() const { return session_.get(); }
    XrSpace playSpace() const { return playSpace_.get(); }
    bool playSpaceIsStage() const { return stage_; }
    const std::array<XrViewConfigurationView, 2>& viewConfigs() const { return viewConfigs_; }
    const SessionFlow& flow() const { return flow_; }
    std::uint64_t framesSubmitted() const { return framesSubmitted_; }

    // Drains the runtime's events, applying each state change (begins and ends
    // the session as the flow says). Returns the flow after them.
    const SessionFlow& pollEvents();
    // Asks the runtime to stop (xrRequestExitSession) if the session runs.
    void requestExit();

    // xrWaitFrame + xrBeginFrame + xrLocateViews. Only while flow().running.
    // When the runtime reports XR_SESSION_LOSS_PENDING, no frame begins
    // (began false) and the loss is applied to flow() at once.
    FrameTiming beginFrame();
    // xrEndFrame with the given layers (none when the frame was not rendered);
    // nothing when the frame did not begin.
    void endFrame(const FrameTiming& timing, const std::vector<const XrCompositionLayerBaseHeader*>& layers);

private:
    const XrSystem& system_;
    SessionHandle session_;
    SpaceHandle playSpace_;
    bool stage_ = false;
    std::array<XrViewConfigurationView, 2> viewConfigs_{};
    SessionFlow flow_;
    std::uint64_t framesSubmitted_ = 0;
};

}  // namespace places::xr
