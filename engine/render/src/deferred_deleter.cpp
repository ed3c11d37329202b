#include "places/render/deferred_deleter.hpp"

#include <cassert>

#include "places/render/queue.hpp"

namespace places::render {

DeferredDeleter::DeferredDeleter(VkDevice device, const Queue& queue, MemoryAllocator& memory)
    : device_(device), queue_(queue), memory_(memory) {}

DeferredDeleter::~DeferredDeleter() {
    queue_.waitIdle();
    for (const Entry& entry : entries_) destroy(entry);
}

void DeferredDeleter::retire(VkObjectType type, std::uint64_t handle, const Allocation& allocation) {
    if (handle == 0 && !allocation.valid()) return;
    entries_.push_back({queue_.nextValue(), type, handle, allocation});
}

void DeferredDeleter::collect() {
    if (entries_.empty()) return;
    const std::uint64_t completed = queue_.completedValue();
    std::size_t done = 0;
    while (done < entries_.size() && entries_[done].value <= completed) destroy(entries_[done++]);
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(done));
}

void DeferredDeleter::destroy(const Entry& entry) {
    switch (entry.type) {
        case VK_OBJECT_TYPE_UNKNOWN: break;  // allocation only
        case VK_OBJECT_TYPE_BUFFER: vkDestroyBuffer(device_, reinterpret_cast<VkBuffer>(entry.handle), nullptr); break;
        case VK_OBJECT_TYPE_IMAGE: vkDestroyImage(device_, reinterpret_cast<VkImage>(entry.handle), nullptr); break;
        case VK_OBJECT_TYPE_IMAGE_VIEW:
            vkDestroyImageView(device_, reinterpret_cast<VkImageView>(entry.handle), nullptr);
            break;
        case VK_OBJECT_TYPE_SAMPLER: vkDestroySampler(device_, reinterpret_cast<VkSampler>(entry.handle), nullptr); break;
        case VK_OBJECT_TYPE_PIPELINE:
            vkDestroyPipeline(device_, reinterpret_cast<VkPipeline>(entry.handle), nullptr);
            break;
        case VK_OBJECT_TYPE_PIPELINE_LAYOUT:
            vkDestroyPipelineLayout(device_, reinterpret_cast<VkPipelineLayout>(entry.handle), nullptr);
            break;
        case VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT:
            vkDestroyDescriptorSetLayout(device_, reinterpret_cast<VkDescriptorSetLayout>(entry.handle), nullptr);
            break;
        case VK_OBJECT_TYPE_DESCRIPTOR_POOL:
            vkDestroyDescriptorPool(device_, reinterpret_cast<VkDescriptorPool>(entry.handle), nullptr);
            break;
        case VK_OBJECT_TYPE_COMMAND_POOL:
            vkDestroyCommandPool(device_, reinterpret_cast<VkCommandPool>(entry.handle), nullptr);
            break;
        case VK_OBJECT_TYPE_SEMAPHORE:
            vkDestroySemaphore(device_, reinterpret_cast<VkSemaphore>(entry.handle), nullptr);
            break;
        case VK_OBJECT_TYPE_QUERY_POOL:
            vkDestroyQueryPool(device_, reinterpret_cast<VkQueryPool>(entry.handle), nullptr);
            break;
        default: assert(false && "DeferredDeleter: unsupported object type");
    }
    memory_.free(entry.allocation);
}

}  // namespace places::render
