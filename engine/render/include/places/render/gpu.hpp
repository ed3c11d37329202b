#pragma once
// The device-side context every GPU resource is created against: the device,
// its queue (with the timeline), the memory sub-allocator and the deferred
// deleter. Members are destroyed in reverse order, so pending deletions run
// while memory and device are still alive. Create it after, and destroy it
// before, the Instance (and any window surface).
#include "places/render/deferred_deleter.hpp"
#include "places/render/device.hpp"
#include "places/render/memory.hpp"
#include "places/render/queue.hpp"

namespace places::render {

class Gpu {
public:
    Gpu(const Instance& instance, const DeviceCreateInfo& info)
        : device(instance, info), queue(device), memory(device), deleter(device.handle(), queue, memory) {}
    Gpu(const Gpu&) = delete;
    Gpu& operator=(const Gpu&) = delete;

    Device device;
    Queue queue;
    MemoryAllocator memory;
    DeferredDeleter deleter;

    VkDevice vk() const { return device.handle(); }
};

}  // namespace places::render
