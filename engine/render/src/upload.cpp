#include "places/render/upload.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <functional>
#include <vector>

#include "places/render/barriers.hpp"
#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

namespace {

// Records `record` into a one-shot command buffer, submits it and waits.
void runOnce(Gpu& gpu, const std::function<void(VkCommandBuffer)>& record) {
    VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    poolInfo.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    poolInfo.queueFamilyIndex = gpu.device.graphicsFamily();
    VkCommandPool pool = VK_NULL_HANDLE;
    PLACES_VK_CHECK(vkCreateCommandPool(gpu.vk(), &poolInfo, nullptr, &pool));
    try {
        VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        alloc.commandPool = pool;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        VkCommandBuffer commands = VK_NULL_HANDLE;
        PLACES_VK_CHECK(vkAllocateCommandBuffers(gpu.vk(), &alloc, &commands));
        VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        PLACES_VK_CHECK(vkBeginCommandBuffer(commands, &begin));
        record(commands);
        PLACES_VK_CHECK(vkEndCommandBuffer(commands));
        const VkCommandBuffer list[] = {commands};
        gpu.queue.wait(gpu.queue.submit(list));
    } catch (...) {
        gpu.queue.waitIdle();
        vkDestroyCommandPool(gpu.vk(), pool, nullptr);
        throw;
    }
    vkDestroyCommandPool(gpu.vk(), pool, nullptr);
}

}  // namespace

Buffer uploadBuffer(Gpu& gpu, std::span<const std::byte> bytes, VkBufferUsageFlags usage) {
    const VkDeviceSize size = std::max<VkDeviceSize>(bytes.size(), 4);
    Buffer buffer(gpu, {size, usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::DeviceLocal});
    if (buffer.mapped()) {
        buffer.write(bytes);
        return buffer;
    }
    Buffer staging(gpu, {size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage::Upload});
    staging.write(bytes);
    runOnce(gpu, [&](VkCommandBuffer commands) {
        const VkBufferCopy region{0, 0, bytes.size()};
        if (!bytes.empty()) vkCmdCopyBuffer(commands, staging.handle(), buffer.handle(), 1, &region);
    });
    return buffer;
}

Image uploadTexture(Gpu& gpu, std::span<const TextureLevelData> levelData) {
    assert(!levelData.empty());
    const auto levels = static_cast<std::uint32_t>(levelData.size());
    Image image(gpu, {levelData[0].width, levelData[0].height, 1, VK_FORMAT_R8G8B8A8_SRGB,
                      VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT, VK_SAMPLE_COUNT_1_BIT, levels});
    // All levels in one staging buffer, each at a 4-byte aligned offset (RGBA8 sizes are).
    std::size_t total = 0;
    for (const TextureLevelData& level : levelData) total += level.rgba.size();
    Buffer staging(gpu, {total, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage::Upload});
    std::vector<VkBufferImageCopy> regions;
    std::size_t offset = 0;
    for (std::uint32_t i = 0; i < levels; ++i) {
        const TextureLevelData& level = levelData[i];
        assert(level.rgba.size() == std::size_t{level.width} * level.height * 4);
        assert(i == 0 || (level.width == std::max(1u, levelData[i - 1].width / 2) &&
                          level.height == std::max(1u, levelData[i - 1].height / 2)));
        std::memcpy(staging.mapped() + offset, level.rgba.data(), level.rgba.size());
        VkBufferImageCopy region{};
        region.bufferOffset = offset;
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, i, 0, 1};
        region.imageExtent = {level.width, level.height, 1};
        regions.push_back(region);
        offset += level.rgba.size();
    }
    runOnce(gpu, [&](VkCommandBuffer commands) {
        transition(commands, {image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, 1, VK_IMAGE_LAYOUT_UNDEFINED,
                              VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                              VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, levels});
        vkCmdCopyBufferToImage(commands, staging.handle(), image.handle(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                               static_cast<std::uint32_t>(regions.size()), regions.data());
        transition(commands, {image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                              VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT,
                              VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                              VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, levels});
    });
    return image;
}

}  // namespace places::render
