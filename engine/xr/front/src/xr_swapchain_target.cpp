#include "places/xr_front/xr_swapchain_target.hpp"

#include <chrono>
#include <cmath>
#include <thread>

#include "places/render/renderer.hpp"
#include "places/xr/eye_delivery.hpp"
#include "places/xr/frame_submit.hpp"

namespace places::xr_front {

void XrSwapchainTarget::requestExit() {
    if (exitRequested_) return;
    session_.requestExit();
    exitRequested_ = session_.flow().running;  // not running yet: ask again on a later frame
}

std::optional<runtime::FrameExtent> XrSwapchainTarget::beginFrame() {
    const double start = phaseTimers ? render::threadCpuMilliseconds() : 0.0;
    auto measured = [&](std::optional<runtime::FrameExtent> extent) {
        if (phaseTimers) beginCpuMilliseconds_ = render::threadCpuMilliseconds() - start;
        return extent;
    };
    for (;;) {
        const xr::SessionFlow& flow = session_.pollEvents();
        if (flow.exit) return measured(std::nullopt);
        if (!flow.running) {
            // IDLE/STOPPING: no frame calls until the runtime says READY;
            // a short sleep instead of spinning on the event queue.
            if (onIdle) onIdle();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        timing_ = session_.beginFrame();
        if (timing_.began && timing_.shouldRender && timing_.viewsValid) {
            const VkExtent2D e = eyes_.extent();
            return measured(runtime::FrameExtent{e.width, e.height});
        }
        xr::submitFrame(session_, timing_, nullptr, float(kHeadsetNearPlane), INFINITY);
        if (onIdle) onIdle();
    }
}

runtime::FrameDelivery XrSwapchainTarget::render(const runtime::FrameInput& input) {
    const VkExtent2D extent = eyes_.extent();
    auto now = [this] { return phaseTimers ? render::threadCpuMilliseconds() : 0.0; };
    const double acquireStart = now();
    const auto targets = eyes_.acquire();
    const double start = now();
    // Colour blitted, depth (when the renderer keeps it) copied, in the frame's
    // own submission (eye_delivery.hpp says why).
    const std::array<render::ImageLayer, 2> depth{renderer_.deliveredDepth(0), renderer_.deliveredDepth(1)};
    auto result = renderer_.renderAndDeliver(runtime::toRenderInputs(input), [&](VkCommandBuffer cmd, VkImage output) {
        xr::deliverEyes(cmd, {output, depth, extent}, targets);
    });
    const double end = now();
    renderCpuMilliseconds_ = end - start;
    eyes_.release();
    xr::submitFrame(session_, timing_, &eyes_, float(kHeadsetNearPlane), INFINITY, depthLayer());
    swapchainCpuMilliseconds_ = (start - acquireStart) + (now() - end);
    ++rendered_;
    runtime::FrameDelivery delivery;
    delivery.delivered = true;
    delivery.stats = result.stats;
    delivery.gpuMilliseconds = result.gpuMilliseconds;
    return delivery;
}

}  // namespace places::xr_front
