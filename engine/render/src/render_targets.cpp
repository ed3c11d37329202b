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

bool multisampled(const RenderTargetsCreateInfo& info) { return info.samples != VK_SAMPLE_COUNT_1_BIT; }

bool resolvesDepth(const RenderTargetsCreateInfo& info) {
    return info.keepDepth && multisampled(info) && info.depthResolveMode != VK_RESOLVE_MODE_NONE;
}

// Two-pass stereo resolving a kept multisampled depth: one resolve image per
// view and one single-layer multisampled depth that both passes clear and
// share, since lavapipe 22.3's in-pass resolve reads and writes layer 0
// whatever the views' base layers (measured: the right eye's depth came back
// cleared, then as the left eye's).
bool resolvesPerView(const RenderTargetsCreateInfo& info) {
    return resolvesDepth(info) && info.resolveAfterPasses && info.views > 1;
}

std::vector<Image> makeDepthResolves(Gpu& gpu, const RenderTargetsCreateInfo& info) {
    std::vector<Image> images;
    if (!resolvesDepth(info)) return images;
    const bool perView = resolvesPerView(info);
    for (std::uint32_t i = 0; i < (perView ? info.views : 1u); ++i)
        images.emplace_back(gpu, ImageCreateInfo{info.width, info.height, perView ? 1u : info.views, kDepthFormat,
                                                 VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT |
                                                     VK_IMAGE_USAGE_TRANSFER_SRC_BIT,
                                                 VK_SAMPLE_COUNT_1_BIT});
    return images;
}

}  // namespace

VkResolveModeFlagBits chooseDepthResolveMode(VkResolveModeFlags supported) {
    for (const VkResolveModeFlagBits mode :
         {VK_RESOLVE_MODE_SAMPLE_ZERO_BIT, VK_RESOLVE_MODE_MAX_BIT, VK_RESOLVE_MODE_MIN_BIT})
        if (supported & mode) return mode;
    return VK_RESOLVE_MODE_NONE;
}

RenderTargets::RenderTargets(Gpu& gpu, const RenderTargetsCreateInfo& info)
    : info_(info),
      colour_(makeColour(gpu, info)),
      depth_(gpu, {info.width, info.height, resolvesPerView(info) ? 1u : info.views, kDepthFormat,
                   VkImageUsageFlags{VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT} |
                       VkImageUsageFlags(info.keepDepth && !multisampled(info) ? VK_IMAGE_USAGE_TRANSFER_SRC_BIT
                                                                              : VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT),
                   info.samples}),
      depthResolves_(makeDepthResolves(gpu, info)) {}

ImageLayer RenderTargets::keptDepth(std::uint32_t view) const {
    if (depthResolves_.size() > 1) return {depthResolves_.at(view).handle(), 0};
    if (!depthResolves_.empty()) return {depthResolves_[0].handle(), view};
    return {info_.keepDepth && !multisampled(info_) ? depth_.handle() : VK_NULL_HANDLE, view};
}

VkImageView RenderTargets::depthResolveView(std::optional<std::uint32_t> layer) const {
    if (depthResolves_.empty()) return VK_NULL_HANDLE;
    if (!layer) return depthResolves_[0].view();
    return depthResolves_.size() > 1 ? depthResolves_.at(*layer).view() : depthResolves_[0].layerView(*layer);
}

}  // namespace places::render
