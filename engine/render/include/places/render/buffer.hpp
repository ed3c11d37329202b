#pragma once
// A VkBuffer with its sub-allocated memory. Move-only; destruction is deferred
// until the GPU has finished the submissions that may use it.
#include <cstddef>
#include <span>

#include <vulkan/vulkan.h>

#include "places/render/memory.hpp"

namespace places::render {

class Gpu;

struct BufferCreateInfo {
    VkDeviceSize size = 0;
    VkBufferUsageFlags usage = 0;
    MemoryUsage memory = MemoryUsage::DeviceLocal;
};

class Buffer {
public:
    Buffer() = default;  // empty: owns nothing
    Buffer(Gpu& gpu, const BufferCreateInfo& info);
    ~Buffer();
    Buffer(Buffer&& other) noexcept;
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    VkBuffer handle() const { return buffer_; }
    VkDeviceSize size() const { return size_; }
    // Null when the memory is not host-visible.
    std::byte* mapped() const { return allocation_.mapped; }
    // Copies into mapped memory at `offset` (and flushes non-coherent memory).
    void write(std::span<const std::byte> bytes, VkDeviceSize offset = 0);
    void invalidate() const;  // before reading mapped memory the GPU wrote
    explicit operator bool() const { return buffer_ != VK_NULL_HANDLE; }

private:
    void release();
    Gpu* gpu_ = nullptr;
    VkBuffer buffer_ = VK_NULL_HANDLE;
    VkDeviceSize size_ = 0;
    Allocation allocation_;
};

template <typename T>
std::span<const std::byte> asBytes(std::span<const T> values) {
    return std::as_bytes(values);
}

}  // namespace places::render
