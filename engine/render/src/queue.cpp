#include "places/render/queue.hpp"

#include <vector>

#include "places/render/device.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

Queue::Queue(const Device& device) : device_(device.handle()), queue_(device.graphicsQueue()) {
    VkSemaphoreTypeCreateInfo type{VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO};
    type.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE;
    type.initialValue = 0;
    VkSemaphoreCreateInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    info.pNext = &type;
    PLACES_VK_CHECK(vkCreateSemaphore(device_, &info, nullptr, &timeline_));
}

Queue::~Queue() {
    // Owners destroy the queue last among GPU users; nothing may still run.
    vkQueueWaitIdle(queue_);
    vkDestroySemaphore(device_, timeline_, nullptr);
}

std::uint64_t Queue::submit(std::span<const VkCommandBuffer> commands,
                            std::span<const SemaphoreWait> waits, VkSemaphore signal) {
    // Small fixed arrays: no allocation per frame.
    constexpr std::size_t kMax = 4;
    VkCommandBufferSubmitInfo cmdInfos[kMax];
    VkSemaphoreSubmitInfo waitInfos[kMax];
    VkSemaphoreSubmitInfo signalInfos[2];
    if (commands.size() > kMax || waits.size() > kMax)
        throw VulkanError("Queue::submit: too many command buffers or waits", VK_ERROR_UNKNOWN);
    for (std::size_t i = 0; i < commands.size(); ++i)
        cmdInfos[i] = {VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO, nullptr, commands[i], 0};
    for (std::size_t i = 0; i < waits.size(); ++i)
        waitInfos[i] = {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO, nullptr, waits[i].semaphore, 0,
                        waits[i].stages, 0};
    const std::uint64_t value = last_ + 1;
    std::uint32_t signalCount = 0;
    signalInfos[signalCount++] = {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO, nullptr, timeline_, value,
                                  VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, 0};
    if (signal != VK_NULL_HANDLE)
        signalInfos[signalCount++] = {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO, nullptr, signal, 0,
                                      VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, 0};

    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.waitSemaphoreInfoCount = static_cast<std::uint32_t>(waits.size());
    submit.pWaitSemaphoreInfos = waitInfos;
    submit.commandBufferInfoCount = static_cast<std::uint32_t>(commands.size());
    submit.pCommandBufferInfos = cmdInfos;
    submit.signalSemaphoreInfoCount = signalCount;
    submit.pSignalSemaphoreInfos = signalInfos;
    PLACES_VK_CHECK(vkQueueSubmit2(queue_, 1, &submit, VK_NULL_HANDLE));
    last_ = value;
    return value;
}

std::uint64_t Queue::completedValue() const {
    std::uint64_t value = 0;
    PLACES_VK_CHECK(vkGetSemaphoreCounterValue(device_, timeline_, &value));
    return value;
}

void Queue::wait(std::uint64_t value) const {
    if (value == 0) return;
    VkSemaphoreWaitInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO};
    info.semaphoreCount = 1;
    info.pSemaphores = &timeline_;
    info.pValues = &value;
    PLACES_VK_CHECK(vkWaitSemaphores(device_, &info, UINT64_MAX));
}

}  // namespace places::render
