#include "places/render/buffer.hpp"

#include <cassert>
#include <cstring>
#include <utility>

#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

Buffer::Buffer(Gpu& gpu, const BufferCreateInfo& info) : gpu_(&gpu), size_(info.size) {
    VkBufferCreateInfo create{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    create.size = info.size;
    create.usage = info.usage;
    create.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    PLACES_VK_CHECK(vkCreateBuffer(gpu.vk(), &create, nullptr, &buffer_));
    VkMemoryRequirements requirements;
    vkGetBufferMemoryRequirements(gpu.vk(), buffer_, &requirements);
    try {
        allocation_ = gpu.memory.allocate(requirements, info.memory, ResourceKind::Linear);
        PLACES_VK_CHECK(vkBindBufferMemory(gpu.vk(), buffer_, allocation_.memory, allocation_.offset));
    } catch (...) {
        gpu.memory.free(allocation_);
        vkDestroyBuffer(gpu.vk(), buffer_, nullptr);
        throw;
    }
}

Buffer::~Buffer() { release(); }

Buffer::Buffer(Buffer&& other) noexcept
    : gpu_(std::exchange(other.gpu_, nullptr)),
      buffer_(std::exchange(other.buffer_, VK_NULL_HANDLE)),
      size_(std::exchange(other.size_, 0)),
      allocation_(std::exchange(other.allocation_, {})) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        release();
        gpu_ = std::exchange(other.gpu_, nullptr);
        buffer_ = std::exchange(other.buffer_, VK_NULL_HANDLE);
        size_ = std::exchange(other.size_, 0);
        allocation_ = std::exchange(other.allocation_, {});
    }
    return *this;
}

void Buffer::release() {
    if (gpu_ && buffer_ != VK_NULL_HANDLE) gpu_->deleter.retire(VK_OBJECT_TYPE_BUFFER, buffer_, allocation_);
    buffer_ = VK_NULL_HANDLE;
    gpu_ = nullptr;
}

void Buffer::write(std::span<const std::byte> bytes, VkDeviceSize offset) {
    assert(allocation_.mapped && offset + bytes.size() <= size_);
    std::memcpy(allocation_.mapped + offset, bytes.data(), bytes.size());
    gpu_->memory.flush(allocation_);
}

void Buffer::invalidate() const { gpu_->memory.invalidate(allocation_); }

}  // namespace places::render
