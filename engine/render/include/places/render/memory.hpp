#pragma once
// A simple block sub-allocator for device memory (VMA is not packaged).
// Memory is taken from the driver in blocks (64 MiB by default, or a dedicated
// block for anything larger than a quarter block) and handed out first-fit
// with neighbours merged on free. Linear resources (buffers) and optimal-tiling
// images live in separate blocks, so bufferImageGranularity never applies.
// Host-visible blocks are mapped once, persistently.
// Thread use: one thread (the render thread) allocates and frees.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

namespace places::render {

class Device;

enum class MemoryUsage : std::uint8_t {
    DeviceLocal,  // GPU reads/writes; may be host-visible (lavapipe, ReBAR, integrated)
    Upload,       // CPU writes every frame, GPU reads: host-visible + coherent
    Readback,     // GPU writes, CPU reads: host-visible, cached where possible
};

enum class ResourceKind : std::uint8_t { Linear = 0, Optimal = 1 };

struct Allocation {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    std::byte* mapped = nullptr;    // non-null when host-visible (already offset)
    bool hostCoherent = false;
    std::uint32_t pool = 0;         // internal: which pool and block to return it to
    std::uint32_t block = 0;
    bool valid() const { return memory != VK_NULL_HANDLE; }
};

struct MemoryStats {
    std::uint64_t blocks = 0;
    std::uint64_t blockBytes = 0;       // taken from the driver
    std::uint64_t allocatedBytes = 0;   // handed out
    std::uint64_t allocations = 0;
};

class MemoryAllocator {
public:
    explicit MemoryAllocator(const Device& device, VkDeviceSize blockSize = VkDeviceSize{64} << 20);
    ~MemoryAllocator();
    MemoryAllocator(const MemoryAllocator&) = delete;
    MemoryAllocator& operator=(const MemoryAllocator&) = delete;

    // Throws VulkanError(VK_ERROR_OUT_OF_DEVICE_MEMORY) when nothing fits.
    Allocation allocate(const VkMemoryRequirements& requirements, MemoryUsage usage, ResourceKind kind);
    void free(const Allocation& allocation);

    // For non-coherent host-visible memory; no-op when coherent.
    void flush(const Allocation& allocation) const;
    void invalidate(const Allocation& allocation) const;

    MemoryStats stats() const;

private:
    struct Range {
        VkDeviceSize offset;
        VkDeviceSize size;
    };
    struct Block {
        VkDeviceMemory memory = VK_NULL_HANDLE;
        VkDeviceSize size = 0;
        std::byte* mapped = nullptr;
        bool dedicated = false;
        std::uint64_t liveAllocations = 0;
        std::vector<Range> freeRanges;  // sorted by offset, never adjacent
    };
    struct Pool {
        std::uint32_t memoryType = 0;
        std::vector<Block> blocks;  // a destroyed dedicated block leaves an empty slot
    };
    static constexpr std::size_t kPools = VK_MAX_MEMORY_TYPES * 2;

    std::uint32_t chooseType(std::uint32_t typeBits, MemoryUsage usage) const;
    std::uint32_t newBlock(Pool& pool, VkDeviceSize size, bool dedicated);

    VkDevice device_;
    VkPhysicalDeviceMemoryProperties properties_;
    VkDeviceSize blockSize_;
    VkDeviceSize atomSize_;
    bool hugePages_;  // CPU device: advise transparent huge pages on new blocks
    std::array<Pool, kPools> pools_;
    std::uint64_t allocatedBytes_ = 0;
    std::uint64_t allocations_ = 0;
};

}  // namespace places::render
