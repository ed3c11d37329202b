#include "places/render/frame_ring.hpp"

#include <cassert>

#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

FrameRing::FrameRing(Gpu& gpu, std::uint32_t framesInFlight) : gpu_(gpu), slots_(framesInFlight) {
    for (Slot& slot : slots_) {
        VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        pool.queueFamilyIndex = gpu.device.graphicsFamily();
        PLACES_VK_CHECK(vkCreateCommandPool(gpu.vk(), &pool, nullptr, &slot.pool));
        VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        alloc.commandPool = slot.pool;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        PLACES_VK_CHECK(vkAllocateCommandBuffers(gpu.vk(), &alloc, &slot.commands));
        alloc.level = VK_COMMAND_BUFFER_LEVEL_SECONDARY;
        PLACES_VK_CHECK(vkAllocateCommandBuffers(gpu.vk(), &alloc, &slot.passCommands));
    }
    if (gpu.device.capabilities().timestamps) {
        VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
        info.queryType = VK_QUERY_TYPE_TIMESTAMP;
        info.queryCount = 2 * framesInFlight;
        PLACES_VK_CHECK(vkCreateQueryPool(gpu.vk(), &info, nullptr, &queries_));
    }
}

FrameRing::~FrameRing() {
    for (Slot& slot : slots_) gpu_.deleter.retire(VK_OBJECT_TYPE_COMMAND_POOL, slot.pool);
    if (queries_ != VK_NULL_HANDLE) gpu_.deleter.retire(VK_OBJECT_TYPE_QUERY_POOL, queries_);
}

void FrameRing::readTimestamps(Slot& slot, std::uint32_t index) {
    if (!slot.timed) return;
    std::uint64_t ticks[2] = {};
    PLACES_VK_CHECK(vkGetQueryPoolResults(gpu_.vk(), queries_, 2 * index, 2, sizeof ticks, ticks,
                                          sizeof ticks[0], VK_QUERY_RESULT_64_BIT));
    lastGpuMs_ = static_cast<double>(ticks[1] - ticks[0]) *
                 static_cast<double>(gpu_.device.capabilities().timestampPeriodNs) * 1e-6;
    slot.timed = false;
}

Frame FrameRing::begin() {
    assert(!recording_);
    current_ = (current_ + 1) % framesInFlight();
    Slot& slot = slots_[current_];
    gpu_.queue.wait(slot.submitted);
    readTimestamps(slot, current_);
    gpu_.deleter.collect();
    PLACES_VK_CHECK(vkResetCommandPool(gpu_.vk(), slot.pool, 0));
    VkCommandBufferBeginInfo info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    info.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    PLACES_VK_CHECK(vkBeginCommandBuffer(slot.commands, &info));
    if (queries_ != VK_NULL_HANDLE) {
        vkCmdResetQueryPool(slot.commands, queries_, 2 * current_, 2);
        vkCmdWriteTimestamp2(slot.commands, VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT, queries_, 2 * current_);
    }
    recording_ = true;
    return {current_, slot.commands, slot.passCommands};
}

std::uint64_t FrameRing::submit(std::span<const SemaphoreWait> waits, VkSemaphore signal) {
    assert(recording_);
    Slot& slot = slots_[current_];
    if (queries_ != VK_NULL_HANDLE) {
        vkCmdWriteTimestamp2(slot.commands, VK_PIPELINE_STAGE_2_BOTTOM_OF_PIPE_BIT, queries_, 2 * current_ + 1);
        slot.timed = true;
    }
    PLACES_VK_CHECK(vkEndCommandBuffer(slot.commands));
    recording_ = false;
    const VkCommandBuffer commands[] = {slot.commands};
    slot.submitted = gpu_.queue.submit(commands, waits, signal);
    return slot.submitted;
}

void FrameRing::finish() {
    gpu_.queue.waitIdle();
    // Read in submission order so the newest frame's time is what remains.
    for (std::uint32_t i = 1; i <= framesInFlight(); ++i) {
        const std::uint32_t index = (current_ + i) % framesInFlight();
        readTimestamps(slots_[index], index);
    }
    gpu_.deleter.collect();
}

}  // namespace places::render
