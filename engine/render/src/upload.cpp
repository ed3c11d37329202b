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

std::vector<Image> uploadTextures(Gpu& gpu, std::span<const std::span<const TextureLevelData>> textures) {
    // All levels of all textures in one staging buffer, each at a 4-byte
    // aligned offset (RGBA8 sizes are), copied in one submission.
    std::size_t total = 0;
    for (const auto& levels : textures)
        for (const TextureLevelData& level : levels) total += level.rgba.size();
    Buffer staging(gpu, {std::max<std::size_t>(total, 4), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage::Upload});
    std::vector<Image> images;
    std::vector<std::vector<VkBufferImageCopy>> regions(textures.size());
    std::size_t offset = 0;
    for (std::size_t t = 0; t < textures.size(); ++t) {
        const std::span<const TextureLevelData> levels = textures[t];
        assert(!levels.empty());
        images.emplace_back(gpu, ImageCreateInfo{levels[0].width, levels[0].height, 1, VK_FORMAT_R8G8B8A8_SRGB,
                                                 VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                                 VK_SAMPLE_COUNT_1_BIT, static_cast<std::uint32_t>(levels.size())});
        for (std::uint32_t i = 0; i < levels.size(); ++i) {
            const TextureLevelData& level = levels[i];
            assert(level.rgba.size() == std::size_t{level.width} * level.height * 4);
            assert(i == 0 || (level.width == std::max(1u, levels[i - 1].width / 2) &&
                              level.height == std::max(1u, levels[i - 1].height / 2)));
            std::memcpy(staging.mapped() + offset, level.rgba.data(), level.rgba.size());
            VkBufferImageCopy region{};
            region.bufferOffset = offset;
            region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, i, 0, 1};
            region.imageExtent = {level.width, level.height, 1};
            regions[t].push_back(region);
            offset += level.rgba.size();
        }
    }
    if (images.empty()) return images;
    runOnce(gpu, [&](VkCommandBuffer commands) {
        for (std::size_t t = 0; t < images.size(); ++t) {
            const VkImage image = images[t].handle();
            const std::uint32_t levels = images[t].info().mipLevels;
            transition(commands, {image, VK_IMAGE_ASPECT_COLOR_BIT, 1, VK_IMAGE_LAYOUT_UNDEFINED,
                                  VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                                  VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, levels});
            vkCmdCopyBufferToImage(commands, staging.handle(), image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                   static_cast<std::uint32_t>(regions[t].size()), regions[t].data());
            transition(commands, {image, VK_IMAGE_ASPECT_COLOR_BIT, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                  VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT,
                                  VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                  VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, levels});
        }
    });
    return images;
}

Image uploadTexture(Gpu& gpu, std::span<const TextureLevelData> levels) {
    return std::move(uploadTextures(gpu, std::span(&levels, 1)).front());
}

}  // namespace places::render
