#include "places/xr/eye_delivery.hpp"

#include <utility>

#include "places/render/barriers.hpp"
#include "places/render/render_targets.hpp"

namespace places::xr {
namespace {

constexpr VkPipelineStageFlags2 kDepthStages =
    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;

render::ImageTransition reversed(render::ImageTransition t) {
    std::swap(t.from, t.to);
    std::swap(t.srcStages, t.dstStages);
    std::swap(t.srcAccess, t.dstAccess);
    return t;
}

// One eye's depth layer into its swapchain depth image (same format: a copy,
// no conversion), between barriers that keep the runtime's layout contract.
void copyDepth(VkCommandBuffer commands, const render::ImageLayer& rendered, const EyeTarget& target,
               VkExtent2D extent) {
    const render::ImageTransition toTransfer{target.depth,
                                             VK_IMAGE_ASPECT_DEPTH_BIT,
                                             1,
                                             VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL,
                                             VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                             kDepthStages,
                                             VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                                             VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                                             VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                             1,
                                             target.arrayLayer};
    render::transition(commands, toTransfer);
    VkImageCopy region{};
    region.srcSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, rendered.layer, 1};
    region.dstSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, target.arrayLayer, 1};
    region.extent = {extent.width, extent.height, 1};
    vkCmdCopyImage(commands, rendered.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target.depth,
                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    render::transition(commands, reversed(toTransfer));
}

}  // namespace

void deliverEyes(VkCommandBuffer commands, const RenderedEyes& eyes, const std::array<EyeTarget, 2>& targets) {
    for (std::uint32_t eye = 0; eye < 2; ++eye) {
        // A blit, not a copy, so an RGBA render lands right in a BGRA swapchain.
        recordEyeTransferWrite(commands, targets[eye], [&](const VkImageSubresourceRange& range) {
            VkImageBlit region{};
            region.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, eye, 1};
            region.srcOffsets[1] = {static_cast<std::int32_t>(eyes.extent.width),
                                    static_cast<std::int32_t>(eyes.extent.height), 1};
            region.dstSubresource = {range.aspectMask, 0, range.baseArrayLayer, 1};
            region.dstOffsets[1] = region.srcOffsets[1];
            vkCmdBlitImage(commands, eyes.color, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, targets[eye].color,
                           VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region, VK_FILTER_NEAREST);
        });
    }
    if (eyes.depth[0].image == VK_NULL_HANDLE || targets[0].depth == VK_NULL_HANDLE) return;
    for (std::uint32_t eye = 0; eye < 2; ++eye) {
        const render::ImageTransition depthToSource{eyes.depth[eye].image,
                                                    VK_IMAGE_ASPECT_DEPTH_BIT,
                                                    1,
                                                    VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                                                    VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                                    render::kKeptDepthWriteStages,
                                                    render::kKeptDepthWriteAccess,
                                                    VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                                                    VK_ACCESS_2_TRANSFER_READ_BIT,
                                                    1,
                                                    eyes.depth[eye].layer};
        render::transition(commands, depthToSource);
        copyDepth(commands, eyes.depth[eye], targets[eye], eyes.extent);
        render::transition(commands, reversed(depthToSource));
    }
}

}  // namespace places::xr
