#pragma once
// Descriptor set layouts and fixed-size pools. No descriptor indexing (lavapipe
// lacks it): one small set per material texture, one per frame in flight.
#include <cstdint>
#include <span>

#include <vulkan/vulkan.h>

namespace places::render {

class Gpu;

class DescriptorSetLayout {
public:
    DescriptorSetLayout(Gpu& gpu, std::span<const VkDescriptorSetLayoutBinding> bindings);
    ~DescriptorSetLayout();
    DescriptorSetLayout(const DescriptorSetLayout&) = delete;
    DescriptorSetLayout& operator=(const DescriptorSetLayout&) = delete;
    VkDescriptorSetLayout handle() const { return layout_; }

private:
    Gpu& gpu_;
    VkDescriptorSetLayout layout_ = VK_NULL_HANDLE;
};

// A pool sized up front for `maxSets` sets of the given descriptor counts;
// sets live as long as the pool (never freed one by one).
class DescriptorPool {
public:
    DescriptorPool(Gpu& gpu, std::uint32_t maxSets, std::span<const VkDescriptorPoolSize> sizes);
    ~DescriptorPool();
    DescriptorPool(const DescriptorPool&) = delete;
    DescriptorPool& operator=(const DescriptorPool&) = delete;

    VkDescriptorSet allocate(const DescriptorSetLayout& layout);

private:
    Gpu& gpu_;
    VkDescriptorPool pool_ = VK_NULL_HANDLE;
};

void writeBufferDescriptor(VkDevice device, VkDescriptorSet set, std::uint32_t binding,
                           VkDescriptorType type, VkBuffer buffer, VkDeviceSize range = VK_WHOLE_SIZE);
void writeImageDescriptor(VkDevice device, VkDescriptorSet set, std::uint32_t binding, VkImageView view,
                          VkSampler sampler);

}  // namespace places::render
