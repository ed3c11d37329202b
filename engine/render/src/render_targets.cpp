#include "places/render/render_targets.hpp"

namespace places::render {

namespace {

Image makeColour(Gpu& gpu, const RenderTargetsCreateInfo& info) {
    if (info.samples == VK_SAMPLE_COUNT_1_BIT) return {};
    // Transient: only ever resolved in the pass, never stored (tile memory on
    // mobile GPUs); stored and read by the resolve after the passes otherwise.
    const VkImageUsageFlags usage = info.resolveAfterPasses ? VK_IMAGE_USAGE_TRANSFER_SRC_BIT
                                                            : VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
    return Image(gpu, {info.width, info.height, info.views, info.colourFormat,
                       VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | usage, info.samples});
}

}  // namespace

RenderTargets::RenderTargets(Gpu& gpu, const RenderTargetsCreateInfo& info)
    : info_(info),
      colour_(makeColour(gpu, info)),
      depth_(gpu, {info.width, info.height, info.views, kDepthFormat,
                   VkImageUsageFlags{VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT} |
                       VkImageUsageFlags(info.keepDepth && info.samples == VK_SAMPLE_COUNT_1_BIT ? VK_IMAGE_USAGE_TRANSFER_SRC_BIT
                                                                                : VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT),
                   info.samples}) {}

}  // namespace places::render
