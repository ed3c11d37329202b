#pragma once
// Image layout transitions with synchronization2, over `layers` layers of an
// image from `baseLayer` (and its first `mipLevels` levels).
#include <cstdint>

#include <vulkan/vulkan.h>

namespace places::render {

struct ImageTransition {
    VkImage image = VK_NULL_HANDLE;
    VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT;
    std::uint32_t layers = 1;
    VkImageLayout from = VK_IMAGE_LAYOUT_UNDEFINED;
    VkImageLayout to = VK_IMAGE_LAYOUT_UNDEFINED;
    VkPipelineStageFlags2 srcStages = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 srcAccess = VK_ACCESS_2_NONE;
    VkPipelineStageFlags2 dstStages = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 dstAccess = VK_ACCESS_2_NONE;
    std::uint32_t mipLevels = 1;  // from level 0
    std::uint32_t baseLayer = 0;  // e.g. one eye of a 2-layer XR swapchain image
};

void transition(VkCommandBuffer commands, const ImageTransition& t);

// A global memory dependency: writes or reads by `srcStages`/`srcAccess`
// before it, against `dstStages`/`dstAccess` after it (e.g. shader reads of a
// uniform buffer before a vkCmdUpdateBuffer rewrites it).
void memoryBarrier(VkCommandBuffer commands, VkPipelineStageFlags2 srcStages, VkAccessFlags2 srcAccess,
                   VkPipelineStageFlags2 dstStages, VkAccessFlags2 dstAccess);

// Copies `layers` colour layers of `image` (in TRANSFER_SRC_OPTIMAL) into
// `buffer` and makes the copy visible to host reads after the submission's
// fence or semaphore wait: the readback of headless frames and screenshots.
void copyImageToHostBuffer(VkCommandBuffer commands, VkImage image, std::uint32_t layers, VkExtent2D extent,
                           VkBuffer buffer);

}  // namespace places::render
