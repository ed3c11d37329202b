#pragma once
// The graphics queue and its timeline semaphore. Every submission signals the
// next timeline value; "value N completed" means every command submitted up
// to and including submission N has finished on the GPU. Frames in flight and
// deferred destruction are both expressed as timeline values.
// Thread use: one thread submits (the render thread).
#include <cstdint>
#include <span>

#include <vulkan/vulkan.h>

namespace places::render {

class Device;

struct SemaphoreWait {
    VkSemaphore semaphore = VK_NULL_HANDLE;  // binary (swapchain acquire)
    VkPipelineStageFlags2 stages = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
};

class Queue {
public:
    explicit Queue(const Device& device);
    ~Queue();
    Queue(const Queue&) = delete;
    Queue& operator=(const Queue&) = delete;

    // Submits with vkQueueSubmit2 and returns the timeline value it signals.
    // `signal` (binary, optional) is signalled too, e.g. for present.
    std::uint64_t submit(std::span<const VkCommandBuffer> commands,
                         std::span<const SemaphoreWait> waits = {},
                         VkSemaphore signal = VK_NULL_HANDLE);

    // The value the next submit() will signal: resources used by commands being
    // recorded now are safe to free once this value has completed.
    std::uint64_t nextValue() const { return last_ + 1; }
    std::uint64_t lastSubmitted() const { return last_; }
    std::uint64_t completedValue() const;
    void wait(std::uint64_t value) const;
    void waitIdle() const { wait(last_); }

    VkQueue handle() const { return queue_; }

private:
    VkDevice device_;
    VkQueue queue_;
    VkSemaphore timeline_ = VK_NULL_HANDLE;
    std::uint64_t last_ = 0;
};

}  // namespace places::render
