#pragma once
// The headset's frame target for runtime::FrameLoop: each frame waits for the
// runtime (xrWaitFrame, xrBeginFrame, xrLocateViews at the predicted display
// time), renders both eyes with the headless renderer on the device's stereo
// path, blits them (and copies their depth, when the renderer keeps it for
// the depth layer) on the GPU into the eye swapchains in the same submission
// and ends the frame (xr::submitFrame, with the depth info when depth went out). Frames the runtime does not want drawn
// (not visible, views not tracked) are ended empty inside beginFrame(), which
// returns only for a frame to render, or nullopt once the session has ended
// (exit, loss). Single-threaded: the frame loop's thread.
#include <functional>

#include "places/render/headless.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/xr_session.hpp"

namespace places::xr_front {

// Metres: the renderer's near plane, also the projection layer's nearZ.
inline constexpr double kHeadsetNearPlane = 0.05;

class XrSwapchainTarget final : public runtime::FrameTarget {
public:
    // All must outlive the target; `eyes` created with TRANSFER_DST usage
    // (depth too, in render::kDepthFormat) and `renderer` at eyes.extent()
    // with two views (keepDepth when eyes.depthLayer()).
    XrSwapchainTarget(xr::Session& session, xr::EyeSwapchains& eyes, render::HeadlessRenderer& renderer)
        : session_(session), eyes_(eyes), renderer_(renderer) {}

    std::optional<runtime::FrameExtent> beginFrame() override;
    runtime::FrameDelivery render(const runtime::FrameInput& input) override;

    // Asks the runtime to end the session (--frames reached, Ctrl-C); frames
    // keep running until it has stepped down, then beginFrame() gives nullopt.
    void requestExit();
    bool exitRequested() const { return exitRequested_; }

    // The frame being rendered (valid from beginFrame() to render()).
    const xr::FrameTiming& timing() const { return timing_; }
    std::uint64_t framesRendered() const { return rendered_; }
    // Thread CPU time of the last render(): record, submit and the delivery
    // into the swapchains (for `places bench xr`; the rest of a frame is
    // OpenXR calls and input).
    double renderCpuMilliseconds() const { return renderCpuMilliseconds_; }
    // Thread CPU time of the last frame's OpenXR frame calls: beginFrame()
    // (events, xrWaitFrame/xrBeginFrame/xrLocateViews, frames ended empty) and
    // the swapchain acquire/wait/release and xrEndFrame around render().
    double frameCallsCpuMilliseconds() const { return beginCpuMilliseconds_ + swapchainCpuMilliseconds_; }
    // Whether the frames carry a depth layer (the renderer delivers depth).
    bool depthLayer() const { return renderer_.deliveredDepth(0).image != VK_NULL_HANDLE; }

    // Measure renderCpuMilliseconds() and frameCallsCpuMilliseconds() (off:
    // both stay 0). Each thread CPU clock read is a system call (~1.4 us of
    // CPU on the 2-core VM), six a frame: they would tilt stereo against mono
    // in `places bench xr`, which switches them on only for its breakdown run.
    bool phaseTimers = false;

    // Called for each frame that began and is ended without rendering, and
    // while the session waits to run, so the front end keeps its network
    // turn going when nothing is drawn (e.g. the headset is off the head).
    std::function<void()> onIdle;

private:
    xr::Session& session_;
    xr::EyeSwapchains& eyes_;
    render::HeadlessRenderer& renderer_;
    xr::FrameTiming timing_;
    bool exitRequested_ = false;
    std::uint64_t rendered_ = 0;
    double renderCpuMilliseconds_ = 0.0;
    double beginCpuMilliseconds_ = 0.0;
    double swapchainCpuMilliseconds_ = 0.0;
};

}  // namespace places::xr_front
