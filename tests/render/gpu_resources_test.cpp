// RAII core on the pinned device with validation: the sub-allocator, deferred
// destruction, device choice.
#include <catch2/catch.hpp>

#include "gpu_fixture.hpp"
#include "places/render/buffer.hpp"
#include "places/render/frame_ring.hpp"
#include "places/render/vk_check.hpp"

using namespace places::render;
using places::render::test::GpuFixture;

TEST_CASE("sub-allocator packs buffers into blocks and merges freed ranges", "[render][memory]") {
    GpuFixture f;
    {
        MemoryAllocator& memory = f.gpu->memory;
        const MemoryStats before = memory.stats();
        std::vector<Buffer> buffers;
        for (int i = 0; i < 8; ++i)
            buffers.emplace_back(*f.gpu, BufferCreateInfo{64 * 1024, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                                                          MemoryUsage::Upload});
        const MemoryStats during = memory.stats();
        CHECK(during.allocations == before.allocations + 8);
        CHECK(during.blocks <= before.blocks + 1);  // all eight share one block
        for (const Buffer& b : buffers) REQUIRE(b.mapped() != nullptr);
        buffers.clear();
        // Freed only once the next submission (which might have used them)
        // has finished.
        f.gpu->deleter.collect();
        CHECK(memory.stats().allocations == before.allocations + 8);
        f.gpu->queue.wait(f.gpu->queue.submit({}));
        f.gpu->deleter.collect();
        CHECK(memory.stats().allocations == before.allocations);
        CHECK(memory.stats().allocatedBytes == before.allocatedBytes);

        // Larger than a quarter block: a dedicated block, returned on free.
        {
            Buffer big(*f.gpu, {VkDeviceSize{40} << 20, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage::DeviceLocal});
            CHECK(memory.stats().blockBytes >= (VkDeviceSize{40} << 20));
        }
        f.gpu->queue.wait(f.gpu->queue.submit({}));
        f.gpu->deleter.collect();
        CHECK(memory.stats().allocations == before.allocations);
    }
    f.gpu.reset();
    f.requireNoValidationMessages();
}

TEST_CASE("destruction waits for the frame that used the resource", "[render][deferred]") {
    GpuFixture f;
    {
        FrameRing frames(*f.gpu, 2);
        Buffer source(*f.gpu, {1024, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage::Upload});
        auto target = std::make_unique<Buffer>(
            *f.gpu, BufferCreateInfo{1024, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::DeviceLocal});
        const Frame frame = frames.begin();
        const VkBufferCopy region{0, 0, 1024};
        vkCmdCopyBuffer(frame.commands, source.handle(), target->handle(), 1, &region);
        target.reset();  // while the copy is still only recorded
        CHECK(f.gpu->deleter.pending() == 1);
        const std::uint64_t value = frames.submit();
        CHECK(value == f.gpu->queue.lastSubmitted());
        frames.finish();  // waits, then collects
        CHECK(f.gpu->deleter.pending() == 0);
    }
    f.gpu.reset();
    f.requireNoValidationMessages();
}

TEST_CASE("device choice honours --gpu and names the devices it found", "[render][device]") {
    InstanceCreateInfo info;
    info.validation = true;
    Instance instance(info);
    const auto devices = enumeratePhysicalDevices(instance, VK_NULL_HANDLE);
    REQUIRE_FALSE(devices.empty());
    {
        Gpu gpu(instance, {devices.front().name.substr(0, 4), VK_NULL_HANDLE});
        CHECK(gpu.device.name() == devices.front().name);
    }
    try {
        Gpu gpu(instance, {"no-such-gpu-xyz", VK_NULL_HANDLE});
        FAIL("a device was created for a filter that matches nothing");
    } catch (const VulkanError& e) {
        CHECK_THAT(e.what(), Catch::Contains("no-such-gpu-xyz") && Catch::Contains(devices.front().name));
    }
    CHECK(instance.validationLog().count() == 0);
}
