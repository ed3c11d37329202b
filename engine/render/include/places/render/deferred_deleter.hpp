#pragma once
// Deferred destruction: a handle given up by its owner is destroyed only once
// the GPU has finished every submission that may have used it, i.e. when the
// queue's timeline reaches the value of the next submission at the time of
// retirement. RAII types hand their handles here from their destructors.
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

#include "places/render/memory.hpp"

namespace places::render {

class Queue;

class DeferredDeleter {
public:
    DeferredDeleter(VkDevice device, const Queue& queue, MemoryAllocator& memory);
    // Waits for the queue and destroys everything still pending.
    ~DeferredDeleter();
    DeferredDeleter(const DeferredDeleter&) = delete;
    DeferredDeleter& operator=(const DeferredDeleter&) = delete;

    // `type` names the handle's kind (VK_OBJECT_TYPE_BUFFER, _IMAGE, ...);
    // `allocation` (optional) is freed after the handle.
    void retire(VkObjectType type, std::uint64_t handle, const Allocation& allocation = {});
    template <typename Handle>
    void retire(VkObjectType type, Handle handle, const Allocation& allocation = {}) {
        retire(type, reinterpret_cast<std::uint64_t>(handle), allocation);
    }

    // Destroys what the GPU has finished with; call once per frame.
    void collect();
    std::size_t pending() const { return entries_.size(); }

private:
    struct Entry {
        std::uint64_t value;
        VkObjectType type;
        std::uint64_t handle;
        Allocation allocation;
    };
    void destroy(const Entry& entry);

    VkDevice device_;
    const Queue& queue_;
    MemoryAllocator& memory_;
    std::vector<Entry> entries_;  // in retirement order, so values ascend
};

}  // namespace places::render
