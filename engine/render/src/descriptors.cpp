#include "places/render/descriptors.hpp"

#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

DescriptorSetLayout::DescriptorSetLayout(Gpu& gpu, std::span<const VkDescriptorSetLayoutBinding> bindings)
    : gpu_(gpu) {
    VkDescriptorSetLayoutCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    info.bindingCount = static_cast<std::uint32_t>(bindings.size());
    info.pBindings = bindings.data();
    PLACES_VK_CHECK(vkCreateDescriptorSetLayout(gpu.vk(), &info, nullptr, &layout_));
}

DescriptorSetLayout::~DescriptorSetLayout() {
    gpu_.deleter.retire(VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, layout_);
}

DescriptorPool::DescriptorPool(Gpu& gpu, std::uint32_t maxSets, std::span<const VkDescriptorPoolSize> sizes)
    : gpu_(gpu) {
    VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    info.maxSets = maxSets;
    info.poolSizeCount = static_cast<std::uint32_t>(sizes.size());
    info.pPoolSizes = sizes.data();
    PLACES_VK_CHECK(vkCreateDescriptorPool(gpu.vk(), &info, nullptr, &pool_));
}

DescriptorPool::~DescriptorPool() { gpu_.deleter.retire(VK_OBJECT_TYPE_DESCRIPTOR_POOL, pool_); }

VkDescriptorSet DescriptorPool::allocate(const DescriptorSetLayout& layout) {
    VkDescriptorSetLayout handle = layout.handle();
    VkDescriptorSetAllocateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    info.descriptorPool = pool_;
    info.descriptorSetCount = 1;
    info.pSetLayouts = &handle;
    VkDescriptorSet set = VK_NULL_HANDLE;
    PLACES_VK_CHECK(vkAllocateDescriptorSets(gpu_.vk(), &info, &set));
    return set;
}

void writeBufferDescriptor(VkDevice device, VkDescriptorSet set, std::uint32_t binding,
                           VkDescriptorType type, VkBuffer buffer, VkDeviceSize range) {
    VkDescriptorBufferInfo info{buffer, 0, range};
    VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    write.dstSet = set;
    write.dstBinding = binding;
    write.descriptorCount = 1;
    write.descriptorType = type;
    write.pBufferInfo = &info;
    vkUpdateDescriptorSets(device, 1, &write, 0, nullptr);
}

void writeImageDescriptor(VkDevice device, VkDescriptorSet set, std::uint32_t binding, VkImageView view,
                          VkSampler sampler) {
    VkDescriptorImageInfo info{sampler, view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    write.dstSet = set;
    write.dstBinding = binding;
    write.descriptorCount = 1;
    write.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    write.pImageInfo = &info;
    vkUpdateDescriptorSets(device, 1, &write, 0, nullptr);
}

}  // namespace places::render
