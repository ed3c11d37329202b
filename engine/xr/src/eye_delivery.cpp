#include "places/xr/eye_delivery.hpp"

#include <cstdint>

#include "places/render/render_targets.hpp"

namespace places::xr {
namespace {

constexpr VkPipelineStageFlags2 kDepthStages =
    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;

// One image layer's layout change, and the one that undoes it.
struct LayerTransition {
    VkImage image = VK_NULL_HANDLE;
    VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT;
    std::uint32_t layer = 0;
    VkImageLayout from = VK_IMAGE_LAYOUT_UNDEFINED, to = VK_IMAGE_LAYOUT_UNDEFINED;
    VkPipelineStageFlags2 stages = VK_PIPELINE_STAGE_2_NONE;  // the stages writing `image` in `from`
    VkAccessFlags2 access = VK_ACCESS_2_NONE;
    VkAccessFlags2 transferAccess = VK_ACCESS_2_NONE;  // the transfer's use of it in `to`
};

VkImageMemoryBarrier2 barrier(const LayerTransition& t, bool back) {
    VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    b.srcStageMask = back ? VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT : t.stages;
    b.srcAccessMask = back ? t.transferAccess : t.access;
    b.dstStageMask = back ? t.stages : VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT;
    b.dstAccessMask = back ? t.access : t.transferAccess;
    b.oldLayout = back ? t.to : t.from;
    b.newLayout = back ? t.from : t.to;
    b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = t.image;
    b.subresourceRange = {t.aspect, 0, 1, t.layer, 1};
    return b;
}

// All layout changes of one side of the transfers in one vkCmdPipelineBarrier2:
// each call is a command the driver records, copies and frees (on lavapipe
// ~600 instructions); six separate ones before and six after the transfers
// were a tenth of the headset's CPU overhead against mono.
void barriers(VkCommandBuffer commands, const LayerTransition* transitions, std::uint32_t count, bool back) {
    std::array<VkImageMemoryBarrier2, 6> b{};
    for (std::uint32_t i = 0; i < count; ++i) b[i] = barrier(transitions[i], back);
    VkDependencyInfo dependency{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dependency.imageMemoryBarrierCount = count;
    dependency.pImageMemoryBarriers = b.data();
    vkCmdPipelineBarrier2(commands, &dependency);
}

}  // namespace

void deliverEyes(VkCommandBuffer commands, const RenderedEyes& eyes, const std::array<EyeTarget, 2>& targets) {
    const bool depth = eyes.depth[0].image != VK_NULL_HANDLE && targets[0].depth != VK_NULL_HANDLE;
    // Per eye: its swapchain colour layer (to TRANSFER_DST), and with depth its
    // rendered depth layer (to TRANSFER_SRC) and its swapchain depth layer (to
    // TRANSFER_DST); the swapchain layers go back to the layouts the runtime
    // expects on release, the rendered depth to DEPTH_ATTACHMENT_OPTIMAL.
    std::array<LayerTransition, 6> t{};
    std::uint32_t count = 0;
    for (std::uint32_t eye = 0; eye < 2; ++eye) {
        t[count++] = {targets[eye].color, VK_IMAGE_ASPECT_COLOR_BIT, targets[eye].arrayLayer,
                      VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                      VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                      VK_ACCESS_2_TRANSFER_WRITE_BIT};
        if (!depth) continue;
        t[count++] = {eyes.depth[eye].image, VK_IMAGE_ASPECT_DEPTH_BIT, eyes.depth[eye].layer,
                      VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                      render::kKeptDepthWriteStages, render::kKeptDepthWriteAccess, VK_ACCESS_2_TRANSFER_READ_BIT};
        t[count++] = {targets[eye].depth, VK_IMAGE_ASPECT_DEPTH_BIT, targets[eye].arrayLayer,
                      VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                      kDepthStages, VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT};
    }
    barriers(commands, t.data(), count, false);
    for (std::uint32_t eye = 0; eye < 2; ++eye) {
        // A blit, not a copy, so an RGBA render lands right in a BGRA swapchain.
        VkImageBlit region{};
        region.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, eye, 1};
        region.srcOffsets[1] = {static_cast<std::int32_t>(eyes.extent.width),
                                static_cast<std::int32_t>(eyes.extent.height), 1};
        region.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, targets[eye].arrayLayer, 1};
        region.dstOffsets[1] = region.srcOffsets[1];
        vkCmdBlitImage(commands, eyes.color, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, targets[eye].color,
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region, VK_FILTER_NEAREST);
        if (!depth) continue;
        // Same format: a copy, no conversion.
        VkImageCopy copy{};
        copy.srcSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, eyes.depth[eye].layer, 1};
        copy.dstSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, targets[eye].arrayLayer, 1};
        copy.extent = {eyes.extent.width, eyes.extent.height, 1};
        vkCmdCopyImage(commands, eyes.depth[eye].image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, targets[eye].depth,
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
    }
    barriers(commands, t.data(), count, true);
}

}  // namespace places::xr
