#pragma once
// The attachments a frame renders into besides its output image: the
// multisampled colour image (resolved into the output; absent without MSAA)
// and the depth image. Layers = views (2 for multiview stereo).
#include <cstdint>

#include <vulkan/vulkan.h>

#include "places/render/image.hpp"

namespace places::render {

class Gpu;

struct RenderTargetsCreateInfo {
    std::uint32_t width = 1;
    std::uint32_t height = 1;
    std::uint32_t views = 1;
    VkFormat colourFormat = VK_FORMAT_R8G8B8A8_SRGB;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    // The multisampled colour is stored and resolved after the frame's passes
    // (vkCmdResolveImage) instead of inside them: stereo drawn in two passes
    // (lavapipe 22.3 loses an in-pass resolve into a layer other than 0).
    bool resolveAfterPasses = false;
    // The depth is stored and copyable (TRANSFER_SRC) after the frame instead
    // of transient: an OpenXR depth layer (XR_KHR_composition_layer_depth)
    // copies it into the runtime's depth swapchain. Single-sample only.
    bool keepDepth = false;
};

constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;

class RenderTargets {
public:
    RenderTargets(Gpu& gpu, const RenderTargetsCreateInfo& info);

    const RenderTargetsCreateInfo& info() const { return info_; }
    const Image& colour() const { return colour_; }  // empty when samples == 1
    const Image& depth() const { return depth_; }

private:
    RenderTargetsCreateInfo info_;
    Image colour_;
    Image depth_;
};

}  // namespace places::render
