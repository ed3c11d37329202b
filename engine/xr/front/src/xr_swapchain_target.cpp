#include "places/xr_front/xr_swapchain_target.hpp"

#include <chrono>
#include <cmath>
#include <thread>

#include "places/xr/frame_submit.hpp"

namespace places::xr_front {

namespace {

// Blits one rendered eye (layer `eye` of the renderer's output, in
// TRANSFER_SRC_OPTIMAL) into its swapchain image layer on the GPU; a blit, not
// a copy, so an RGBA render lands right in a BGRA swapchain.
void blitEye(VkCommandBuffer cmd, VkImage rendered, std::uint32_t eye, const xr::EyeTarget& target, VkExtent2D extent) {
    xr::recordEyeTransferWrite(cmd, target, [&](const VkImageSubresourceRange& range) {
        VkImageBlit region{};
        region.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, eye, 1};
        region.srcOffsets[1] = {static_cast<std::int32_t>(extent.width), static_cast<std::int32_t>(extent.height), 1};
        region.dstSubresource = {range.aspectMask, 0, range.baseArrayLayer, 1};
        region.dstOffsets[1] = region.srcOffsets[1];
        vkCmdBlitImage(cmd, rendered, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target.color,
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region, VK_FILTER_NEAREST);
    });
}

}  // namespace

void XrSwapchainTarget::requestExit() {
    if (exitRequested_) return;
    session_.requestExit();
    exitRequested_ = session_.flow().running;  // not running yet: ask again on a later frame
}

std::optional<runtime::FrameExtent> XrSwapchainTarget::beginFrame() {
    for (;;) {
        const xr::SessionFlow& flow = session_.pollEvents();
        if (flow.exit) return std::nullopt;
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
            return runtime::FrameExtent{e.width, e.height};
        }
        xr::submitFrame(session_, timing_, nullptr, float(kHeadsetNearPlane), INFINITY);
        if (onIdle) onIdle();
    }
}

runtime::FrameDelivery XrSwapchainTarget::render(const runtime::FrameInput& input) {
    const VkExtent2D extent = eyes_.extent();
    const auto targets = eyes_.acquire();
    auto result = renderer_.renderAndDeliver(runtime::toRenderInputs(input), [&](VkCommandBuffer cmd, VkImage output) {
        for (std::uint32_t eye = 0; eye < 2; ++eye) blitEye(cmd, output, eye, targets[eye], extent);
    });
    eyes_.release();
    xr::submitFrame(session_, timing_, &eyes_, float(kHeadsetNearPlane), INFINITY);
    ++rendered_;
    runtime::FrameDelivery delivery;
    delivery.delivered = true;
    delivery.stats = result.stats;
    delivery.gpuMilliseconds = result.gpuMilliseconds;
    return delivery;
}

}  // namespace places::xr_front
