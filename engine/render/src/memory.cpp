#include "places/render/memory.hpp"

#include <cstdint>
#include <string>

#include "places/core/huge_pages.hpp"
#include "places/render/device.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

namespace {

VkDeviceSize alignUp(VkDeviceSize value, VkDeviceSize alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

MemoryAllocator::MemoryAllocator(const Device& device, VkDeviceSize blockSize)
    : device_(device.handle()),
      properties_(device.memoryProperties()),
      blockSize_(blockSize),
      atomSize_(device.capabilities().nonCoherentAtomSize),
      hugePages_(device.capabilities().cpuDevice) {}

MemoryAllocator::~MemoryAllocator() {
    for (Pool& pool : pools_)
        for (Block& block : pool.blocks)
            if (block.memory != VK_NULL_HANDLE) vkFreeMemory(device_, block.memory, nullptr);
}

std::uint32_t MemoryAllocator::chooseType(std::uint32_t typeBits, MemoryUsage usage) const {
    VkMemoryPropertyFlags required = 0;
    VkMemoryPropertyFlags preferred = 0;
    switch (usage) {
        case MemoryUsage::DeviceLocal: preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT; break;
        case MemoryUsage::Upload:
            required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
            preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
            break;
        case MemoryUsage::Readback:
            required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
            preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
            break;
    }
    std::uint32_t best = UINT32_MAX;
    int bestScore = -1;
    for (std::uint32_t i = 0; i < properties_.memoryTypeCount; ++i) {
        if ((typeBits & (1u << i)) == 0) continue;
        const VkMemoryPropertyFlags flags = properties_.memoryTypes[i].propertyFlags;
        if ((flags & required) != required) continue;
        // Lower indices first among equals (the driver orders by performance).
        const int score = (flags & preferred) == preferred ? 1 : 0;
        if (score > bestScore) {
            best = i;
            bestScore = score;
        }
    }
    if (best == UINT32_MAX)
        throw VulkanError("no memory type fits the resource (type bits " + std::to_string(typeBits) + ")",
                          VK_ERROR_OUT_OF_DEVICE_MEMORY);
    return best;
}

std::uint32_t MemoryAllocator::newBlock(Pool& pool, VkDeviceSize size, bool dedicated) {
    VkMemoryAllocateInfo info{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    info.allocationSize = size;
    info.memoryTypeIndex = pool.memoryType;
    Block block;
    block.size = size;
    block.dedicated = dedicated;
    PLACES_VK_CHECK(vkAllocateMemory(device_, &info, nullptr, &block.memory));
    if (properties_.memoryTypes[pool.memoryType].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
        void* mapped = nullptr;
        const VkResult result = vkMapMemory(device_, block.memory, 0, VK_WHOLE_SIZE, 0, &mapped);
        if (result != VK_SUCCESS) vkFreeMemory(device_, block.memory, nullptr);
        checkVk(result, "vkMapMemory");
        block.mapped = static_cast<std::byte*>(mapped);
        // On a CPU device a memory block is plain process memory, and a software
        // rasteriser first-touches render targets from several threads at once: with
        // 4 KiB pages that is one copy-on-write fault per page under a contended
        // page-table lock (measured on lavapipe: 28,600 faults for one 1280x720 4x MSAA
        // frame). Transparent huge pages turn a 30 MB target into ~15 faults
        // (places::adviseHugePages, places/core/huge_pages.hpp).
        if (hugePages_) adviseHugePages(block.mapped, size);
    }
    block.freeRanges.push_back({0, size});
    for (std::uint32_t i = 0; i < pool.blocks.size(); ++i) {
        if (pool.blocks[i].memory == VK_NULL_HANDLE) {
            pool.blocks[i] = std::move(block);
            return i;
        }
    }
    pool.blocks.push_back(std::move(block));
    return static_cast<std::uint32_t>(pool.blocks.size() - 1);
}

Allocation MemoryAllocator::allocate(const VkMemoryRequirements& requirements, MemoryUsage usage,
                                     ResourceKind kind) {
    const std::uint32_t type = chooseType(requirements.memoryTypeBits, usage);
    const std::uint32_t poolIndex = type * 2 + static_cast<std::uint32_t>(kind);
    Pool& pool = pools_[poolIndex];
    pool.memoryType = type;
    const bool coherent =
        (properties_.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) != 0;
    // Non-coherent memory is flushed in whole atoms: keep allocations atom-aligned.
    const VkDeviceSize alignment = coherent ? requirements.alignment
                                            : std::max(requirements.alignment, atomSize_);
    const VkDeviceSize size = coherent ? requirements.size : alignUp(requirements.size, atomSize_);

    auto place = [&](std::uint32_t blockIndex) -> Allocation {
        Block& block = pool.blocks[blockIndex];
        for (std::size_t r = 0; r < block.freeRanges.size(); ++r) {
            Range& range = block.freeRanges[r];
            const VkDeviceSize start = alignUp(range.offset, alignment);
            if (start + size > range.offset + range.size) continue;
            const Range before{range.offset, start - range.offset};
            const Range after{start + size, range.offset + range.size - (start + size)};
            block.freeRanges.erase(block.freeRanges.begin() + static_cast<std::ptrdiff_t>(r));
            auto at = block.freeRanges.begin() + static_cast<std::ptrdiff_t>(r);
            if (after.size > 0) at = block.freeRanges.insert(at, after);
            if (before.size > 0) block.freeRanges.insert(at, before);
            ++block.liveAllocations;
            ++allocations_;
            allocatedBytes_ += size;
            return Allocation{block.memory, start,           size,      block.mapped ? block.mapped + start : nullptr,
                              coherent,     poolIndex,       blockIndex};
        }
        return {};
    };

    if (size <= blockSize_ / 4) {
        for (std::uint32_t b = 0; b < pool.blocks.size(); ++b) {
            if (pool.blocks[b].memory == VK_NULL_HANDLE || pool.blocks[b].dedicated) continue;
            Allocation allocation = place(b);
            if (allocation.valid()) return allocation;
        }
        Allocation allocation = place(newBlock(pool, blockSize_, false));
        if (allocation.valid()) return allocation;
    }
    return place(newBlock(pool, size, true));
}

void MemoryAllocator::free(const Allocation& allocation) {
    if (!allocation.valid()) return;
    Pool& pool = pools_[allocation.pool];
    Block& block = pool.blocks[allocation.block];
    --allocations_;
    allocatedBytes_ -= allocation.size;
    --block.liveAllocations;
    if (block.dedicated) {
        vkFreeMemory(device_, block.memory, nullptr);
        block = Block{};
        return;
    }
    auto& ranges = block.freeRanges;
    auto it = ranges.begin();
    while (it != ranges.end() && it->offset < allocation.offset) ++it;
    it = ranges.insert(it, Range{allocation.offset, allocation.size});
    if (it + 1 != ranges.end() && it->offset + it->size == (it + 1)->offset) {
        it->size += (it + 1)->size;
        ranges.erase(it + 1);
    }
    if (it != ranges.begin() && (it - 1)->offset + (it - 1)->size == it->offset) {
        (it - 1)->size += it->size;
        ranges.erase(it);
    }
}

namespace {

VkMappedMemoryRange mappedRange(const Allocation& allocation) {
    VkMappedMemoryRange range{VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE};
    range.memory = allocation.memory;
    range.offset = allocation.offset;
    range.size = allocation.size;  // atom-aligned for non-coherent types (see allocate)
    return range;
}

}  // namespace

void MemoryAllocator::flush(const Allocation& allocation) const {
    if (allocation.hostCoherent || !allocation.valid()) return;
    const VkMappedMemoryRange range = mappedRange(allocation);
    PLACES_VK_CHECK(vkFlushMappedMemoryRanges(device_, 1, &range));
}

void MemoryAllocator::invalidate(const Allocation& allocation) const {
    if (allocation.hostCoherent || !allocation.valid()) return;
    const VkMappedMemoryRange range = mappedRange(allocation);
    PLACES_VK_CHECK(vkInvalidateMappedMemoryRanges(device_, 1, &range));
}

MemoryStats MemoryAllocator::stats() const {
    MemoryStats s;
    for (const Pool& pool : pools_)
        for (const Block& block : pool.blocks)
            if (block.memory != VK_NULL_HANDLE) {
                ++s.blocks;
                s.blockBytes += block.size;
            }
    s.allocatedBytes = allocatedBytes_;
    s.allocations = allocations_;
    return s;
}

}  // namespace places::render
