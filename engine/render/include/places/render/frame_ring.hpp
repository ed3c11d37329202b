#pragma once
// Frames in flight: N slots, each with its own command pool and buffer and two
// timestamp queries. begin() waits until the slot's previous submission has
// finished (timeline value), runs deferred deletions, and reads that
// submission's GPU time. Nothing is allocated per frame in the steady state.
// Each slot also holds one secondary command buffer from the same pool, reset
// with it: a pass body recorded once and replayed (two-pass stereo's eyes).
#include <cstdint>
#include <span>
#include <vector>

#include <vulkan/vulkan.h>

#include "places/render/queue.hpp"

namespace places::render {

class Gpu;

struct Frame {
    std::uint32_t slot = 0;       // 0..framesInFlight-1: index for per-frame resources
    VkCommandBuffer commands = VK_NULL_HANDLE;  // recording, between timestamps
    // Secondary, not begun: whoever records into it begins it (with its
    // inheritance) and executes it in `commands`; reset with the slot.
    VkCommandBuffer passCommands = VK_NULL_HANDLE;
};

class FrameRing {
public:
    FrameRing(Gpu& gpu, std::uint32_t framesInFlight);
    ~FrameRing();
    FrameRing(const FrameRing&) = delete;
    FrameRing& operator=(const FrameRing&) = delete;

    Frame begin();
    // Ends recording and submits; returns the timeline value signalled.
    std::uint64_t submit(std::span<const SemaphoreWait> waits = {}, VkSemaphore signal = VK_NULL_HANDLE);

    std::uint32_t framesInFlight() const { return static_cast<std::uint32_t>(slots_.size()); }
    // GPU time (ms) of the most recent frame whose timestamps have been read;
    // negative when the device has no timestamps or none was read yet.
    double lastGpuMilliseconds() const { return lastGpuMs_; }
    // Waits for every submitted frame and reads its GPU time (headless use).
    void finish();

private:
    struct Slot {
        VkCommandPool pool = VK_NULL_HANDLE;
        VkCommandBuffer commands = VK_NULL_HANDLE;
        VkCommandBuffer passCommands = VK_NULL_HANDLE;  // secondary
        std::uint64_t submitted = 0;  // timeline value of its last submission
        bool timed = false;           // its queries were written
    };
    void readTimestamps(Slot& slot, std::uint32_t index);

    Gpu& gpu_;
    std::vector<Slot> slots_;
    VkQueryPool queries_ = VK_NULL_HANDLE;
    std::uint32_t current_ = 0;
    bool recording_ = false;
    double lastGpuMs_ = -1.0;
};

}  // namespace places::render
