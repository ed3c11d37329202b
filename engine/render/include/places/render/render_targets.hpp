#pragma once
// The attachments a frame renders into besides its output image: the
// multisampled colour image (resolved into the output; absent without MSAA),
// the depth image and, when a multisampled depth is kept, the single-sample
// image it is resolved into. Layers = views (2 for multiview stereo).
#include <cstdint>
#include <optional>
#include <vector>

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
    // The depth is kept copyable (TRANSFER_SRC) after the frame instead of
    // transient: an OpenXR depth layer (XR_KHR_composition_layer_depth)
    // copies it into the runtime's depth swapchain. Single-sampled it is the
    // depth image itself; multisampled it is resolved in the pass (Vulkan 1.2
    // depth resolve, `depthResolveMode`) into depthResolves(). With MSAA and
    // VK_RESOLVE_MODE_NONE nothing is kept (keptDepth() is empty).
    bool keepDepth = false;
    VkResolveModeFlagBits depthResolveMode = VK_RESOLVE_MODE_NONE;
};

constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;

// One layer of an image.
struct ImageLayer {
    VkImage image = VK_NULL_HANDLE;
    std::uint32_t layer = 0;
};

// Where a kept depth was last written: the fragment tests (single-sampled) or
// the pass's depth resolve, which the spec places in the colour-output stage
// with colour-attachment write access. Barriers after a frame wait on both.
constexpr VkPipelineStageFlags2 kKeptDepthWriteStages = VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT |
                                                        VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT |
                                                        VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
constexpr VkAccessFlags2 kKeptDepthWriteAccess =
    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT;

// The depth resolve mode for a kept multisampled depth, from the device's
// supportedDepthResolveModes: SAMPLE_ZERO (every Vulkan 1.2 device must
// offer it; the same surface as the colour's first sample, no blend of
// depths that belong to no surface), else MAX (reversed Z: the nearest
// sample), else MIN; NONE when the device offers none (then the depth layer
// stays off: a full-screen pass copying sample 0 would be the fallback, not
// written since no Vulkan 1.3 device, which Places requires, can lack it).
VkResolveModeFlagBits chooseDepthResolveMode(VkResolveModeFlags supported);

class RenderTargets {
public:
    RenderTargets(Gpu& gpu, const RenderTargetsCreateInfo& info);

    const RenderTargetsCreateInfo& info() const { return info_; }
    const Image& colour() const { return colour_; }  // empty when samples == 1
    const Image& depth() const { return depth_; }
    // Single-sampled images the multisampled depth is resolved into: one
    // image of `views` layers, or with resolveAfterPasses (two-pass stereo)
    // one single-layer image per view, and then depth() has one layer that
    // both passes share (lavapipe 22.3's in-pass resolve uses layer 0 of
    // both images whatever the views say). Empty without MSAA or unless
    // keepDepth with a resolve mode.
    const std::vector<Image>& depthResolves() const { return depthResolves_; }
    // Where view `view`'s depth lies after a frame, for copying:
    // depthResolves() with MSAA, depth() without; no image when none is kept.
    ImageLayer keptDepth(std::uint32_t view) const;
    // The resolve image view a pass over `layer` (all views: nullopt) writes.
    VkImageView depthResolveView(std::optional<std::uint32_t> layer) const;

private:
    RenderTargetsCreateInfo info_;
    Image colour_;
    Image depth_;
    std::vector<Image> depthResolves_;
};

}  // namespace places::render
