#include "places/xr/eye_swapchains.hpp"

#include <algorithm>

#include "places/render/barriers.hpp"
#include "places/xr/xr_check.hpp"

namespace places::xr {
namespace {

// What the renderer can draw into, best first: sRGB (the renderer writes
// linear colour and tone-maps; the runtime expects sRGB-encoded storage), then UNORM.
constexpr VkFormat kColorPreference[] = {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_UNORM,
                                         VK_FORMAT_B8G8R8A8_UNORM};
constexpr VkFormat kDepthPreference[] = {VK_FORMAT_D32_SFLOAT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D16_UNORM};

template <std::size_t N>
VkFormat choose(const std::vector<int64_t>& offered, const VkFormat (&preference)[N]) {
    // The runtime's order is its preference; take its first that we can use.
    for (int64_t format : offered)
        if (std::find(std::begin(preference), std::end(preference), static_cast<VkFormat>(format)) != std::end(preference))
            return static_cast<VkFormat>(format);
    return VK_FORMAT_UNDEFINED;
}

}  // namespace

void recordEyeTransferWrite(VkCommandBuffer commands, const EyeTarget& target,
                            const std::function<void(const VkImageSubresourceRange&)>& write) {
    const render::ImageTransition toTransfer{target.color,
                                             VK_IMAGE_ASPECT_COLOR_BIT,
                                             1,
                                             VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                             VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                             VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                             VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                                             VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                                             VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                             1,
                                             target.arrayLayer};
    render::transition(commands, toTransfer);
    write({VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, target.arrayLayer, 1});
    render::ImageTransition back = toTransfer;
    std::swap(back.from, back.to);
    std::swap(back.srcStages, back.dstStages);
    std::swap(back.srcAccess, back.dstAccess);
    render::transition(commands, back);
}

EyeSwapchains::EyeSwapchains(const Session& session, const render::Device&, const EyeSwapchainsCreateInfo& info)
    : layout_(info.layout) {
    uint32_t count = 0;
    PLACES_XR_CHECK(xrEnumerateSwapchainFormats(session.handle(), 0, &count, nullptr));
    std::vector<int64_t> formats(count);
    PLACES_XR_CHECK(xrEnumerateSwapchainFormats(session.handle(), count, &count, formats.data()));
    colorFormat_ = choose(formats, kColorPreference);
    if (colorFormat_ == VK_FORMAT_UNDEFINED)
        throw XrSetupError("the OpenXR runtime offers no 8-bit RGBA/BGRA swapchain format Places can render to");
    if (info.depth) depthFormat_ = choose(formats, kDepthPreference);  // none offered: no depth layer
    if (info.depth && info.requiredDepthFormat != VK_FORMAT_UNDEFINED && depthFormat_ != info.requiredDepthFormat)
        depthFormat_ = std::find(formats.begin(), formats.end(), info.requiredDepthFormat) != formats.end()
                           ? info.requiredDepthFormat
                           : VK_FORMAT_UNDEFINED;

    const auto& views = session.viewConfigs();
    // Both eyes share one size (multiview needs it): the larger recommendation.
    extent_ = {std::max(views[0].recommendedImageRectWidth, views[1].recommendedImageRectWidth),
               std::max(views[0].recommendedImageRectHeight, views[1].recommendedImageRectHeight)};
    const XrSwapchainUsageFlags colorUsage =
        XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT | info.extraColorUsage;
    const XrSwapchainUsageFlags depthUsage = XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | info.extraDepthUsage;
    if (layout_ == SwapchainLayout::ArrayLayers) {
        // A runtime that cannot do array swapchains says FEATURE_UNSUPPORTED: one chain per eye then.
        std::optional<Chain> color = create(session, colorFormat_, colorUsage, 2, /*mayRefuse=*/true);
        std::optional<Chain> depth;
        if (color && depthFormat_ != VK_FORMAT_UNDEFINED) depth = create(session, depthFormat_, depthUsage, 2, true);
        if (color && (depth || depthFormat_ == VK_FORMAT_UNDEFINED)) {
            color_.push_back(std::move(*color));
            if (depth) depth_.push_back(std::move(*depth));
            return;
        }
        layout_ = SwapchainLayout::PerEye;
    }
    for (std::uint32_t eye = 0; eye < 2; ++eye) {
        color_.push_back(*create(session, colorFormat_, colorUsage, 1));
        if (depthFormat_ != VK_FORMAT_UNDEFINED) depth_.push_back(*create(session, depthFormat_, depthUsage, 1));
    }
}

std::optional<EyeSwapchains::Chain> EyeSwapchains::create(const Session& session, int64_t format,
                                                         XrSwapchainUsageFlags usage, std::uint32_t layers,
                                                         bool mayRefuse) {
    XrSwapchainCreateInfo create{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    create.usageFlags = usage;
    create.format = format;
    create.sampleCount = 1;
    create.width = extent_.width;
    create.height = extent_.height;
    create.faceCount = 1;
    create.arraySize = layers;
    create.mipCount = 1;
    XrSwapchain swapchain = XR_NULL_HANDLE;
    const XrResult created = xrCreateSwapchain(session.handle(), &create, &swapchain);
    if (mayRefuse && created == XR_ERROR_FEATURE_UNSUPPORTED) return std::nullopt;
    PLACES_XR_CHECK(created);
    Chain chain;
    chain.handle = SwapchainHandle(swapchain);
    uint32_t count = 0;
    PLACES_XR_CHECK(xrEnumerateSwapchainImages(swapchain, 0, &count, nullptr));
    std::vector<XrSwapchainImageVulkan2KHR> images(count, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    PLACES_XR_CHECK(xrEnumerateSwapchainImages(swapchain, count, &count,
                                               reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())));
    for (const auto& image : images) chain.images.push_back(image.image);
    return chain;
}

std::array<EyeTarget, 2> EyeSwapchains::acquire() {
    auto acquireOne = [](Chain& chain) {
        PLACES_XR_CHECK(xrAcquireSwapchainImage(chain.handle.get(), nullptr, &chain.acquired));
        XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
        wait.timeout = XR_INFINITE_DURATION;
        PLACES_XR_CHECK(xrWaitSwapchainImage(chain.handle.get(), &wait));
        return chain.images[chain.acquired];
    };
    std::array<EyeTarget, 2> targets{};
    for (std::size_t i = 0; i < color_.size(); ++i) {
        VkImage color = acquireOne(color_[i]);
        VkImage depth = depth_.empty() ? VK_NULL_HANDLE : acquireOne(depth_[i]);
        if (layout_ == SwapchainLayout::ArrayLayers) {
            targets[0] = {color, depth, 0};
            targets[1] = {color, depth, 1};
        } else {
            targets[i] = {color, depth, 0};
        }
    }
    return targets;
}

void EyeSwapchains::release() {
    for (auto* chains : {&color_, &depth_})
        for (Chain& chain : *chains) PLACES_XR_CHECK(xrReleaseSwapchainImage(chain.handle.get(), nullptr));
}

const XrCompositionLayerProjection& EyeSwapchains::projectionLayer(const FrameTiming& timing, XrSpace space,
                                                                   float nearZ, float farZ, bool withDepth) {
    for (std::size_t eye = 0; eye < 2; ++eye) {
        const std::size_t chain = layout_ == SwapchainLayout::ArrayLayers ? 0 : eye;
        const auto layer = layout_ == SwapchainLayout::ArrayLayers ? static_cast<uint32_t>(eye) : 0u;
        const XrRect2Di rect{{0, 0}, {static_cast<int32_t>(extent_.width), static_cast<int32_t>(extent_.height)}};
        views_[eye] = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
        views_[eye].pose = timing.eyes[eye].pose;
        views_[eye].fov = timing.eyes[eye].fov;
        views_[eye].subImage = {color_[chain].handle.get(), rect, layer};
        if (!depth_.empty() && withDepth) {
            // Reverse-Z: depth 0 (minDepth) lies at the far plane, 1 (maxDepth)
            // at the near plane; OpenXR's nearZ/farZ name the distances of
            // minDepth/maxDepth, so they are swapped (nearZ > farZ = reversed).
            depthInfo_[eye] = {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR};
            depthInfo_[eye].subImage = {depth_[chain].handle.get(), rect, layer};
            depthInfo_[eye].minDepth = 0.0f;
            depthInfo_[eye].maxDepth = 1.0f;
            depthInfo_[eye].nearZ = farZ;
            depthInfo_[eye].farZ = nearZ;
            views_[eye].next = &depthInfo_[eye];
        }
    }
    layer_ = {XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    layer_.space = space;
    layer_.viewCount = 2;
    layer_.views = views_.data();
    return layer_;
}

}  // namespace places::xr
