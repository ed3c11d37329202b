#include "places/render/barriers.hpp"

namespace places::render {

void transition(VkCommandBuffer commands, const ImageTransition& t) {
    VkImageMemoryBarrier2 barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    barrier.srcStageMask = t.srcStages;
    barrier.srcAccessMask = t.srcAccess;
    barrier.dstStageMask = t.dstStages;
    barrier.dstAccessMask = t.dstAccess;
    barrier.oldLayout = t.from;
    barrier.newLayout = t.to;
    barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = t.image;
    barrier.subresourceRange = {t.aspect, 0, t.mipLevels, 0, t.layers};
    VkDependencyInfo dependency{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dependency.imageMemoryBarrierCount = 1;
    dependency.pImageMemoryBarriers = &barrier;
    vkCmdPipelineBarrier2(commands, &dependency);
}

}  // namespace places::render
