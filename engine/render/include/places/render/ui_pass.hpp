#pragma once
// Draws a UiDrawList (places/render/ui_draw.hpp) inside the renderer's colour
// pass, after the scene: alpha-blended, no depth, clipped per command with the
// scissor. Owns its pipeline, the font atlas texture and per-frame vertex and
// index buffers that grow (never shrink) with the UI. Mono targets only.
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

#include "places/render/buffer.hpp"
#include "places/render/descriptors.hpp"
#include "places/render/image.hpp"
#include "places/render/pipeline.hpp"
#include "places/render/ui_draw.hpp"

namespace places::render {

class Gpu;

struct UiPassCreateInfo {
    VkFormat colourFormat = VK_FORMAT_R8G8B8A8_SRGB;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    std::uint32_t framesInFlight = 2;
};

class UiPass {
public:
    UiPass(Gpu& gpu, const UiPassCreateInfo& info, const UiFontAtlas& font);
    UiPass(const UiPass&) = delete;
    UiPass& operator=(const UiPass&) = delete;

    // Records the draws of `list` into `cmd`, which is inside a dynamic
    // rendering of a `width` x `height` target; `slot` selects the frame's
    // buffers (the caller's FrameRing has waited for that slot). Returns the
    // number of draw calls recorded.
    std::uint32_t record(VkCommandBuffer cmd, std::uint32_t slot, const UiDrawList& list, std::uint32_t width,
                         std::uint32_t height);

private:
    struct PerFrame {
        Buffer vertices;
        Buffer indices;
    };
    Gpu& gpu_;
    DescriptorSetLayout layout_;
    PipelineLayout pipelineLayout_;
    GraphicsPipeline pipeline_;
    Image font_;
    Sampler sampler_;
    DescriptorPool pool_;
    VkDescriptorSet set_ = VK_NULL_HANDLE;
    std::vector<PerFrame> frames_;
};

}  // namespace places::render
