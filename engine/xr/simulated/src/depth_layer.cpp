// XR_KHR_composition_layer_depth as a compositor would need it: the depth
// sub-image must be a released image of a depth swapchain, the same size as
// the colour it belongs to, with a sane depth range and near/far distances.
// A bad one fails xrEndFrame (and says why on stderr), so an app that sends
// garbage depth fails its tests instead of a real headset's reprojection.
#include <cmath>
#include <cstdio>

#include "runtime_functions.hpp"

namespace places::xr_sim {
namespace {

bool isDepthFormat(VkFormat format) {
    return format == VK_FORMAT_D32_SFLOAT || format == VK_FORMAT_D16_UNORM || format == VK_FORMAT_D24_UNORM_S8_UINT;
}

XrResult refuse(XrResult result, const char* why) {
    std::fprintf(stderr, "places simulated XR runtime: xrEndFrame: depth info refused: %s\n", why);
    return result;
}

// A distance in metres: positive, infinity allowed, not NaN.
bool saneDistance(float z) { return !std::isnan(z) && z > 0.0f; }

}  // namespace

XrResult validateDepthInfo(const Session& session, const XrCompositionLayerDepthInfoKHR& depth,
                           const XrSwapchainSubImage& color) {
    if (!session.instance->depthEnabled)
        return refuse(XR_ERROR_VALIDATION_FAILURE, "XR_KHR_composition_layer_depth was not enabled");
    const Swapchain* chain = from<Swapchain>(depth.subImage.swapchain);
    if (chain == nullptr) return refuse(XR_ERROR_HANDLE_INVALID, "no depth swapchain");
    if (!isDepthFormat(chain->format) ||
        !(chain->info.usageFlags & XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT))
        return refuse(XR_ERROR_VALIDATION_FAILURE, "the swapchain is not a depth swapchain");
    if (chain->lastReleased < 0 || !chain->acquired.empty())
        return refuse(XR_ERROR_LAYER_INVALID, "the depth swapchain's image was not released");
    const XrSwapchainSubImage& sub = depth.subImage;
    if (sub.imageArrayIndex >= chain->info.arraySize)
        return refuse(XR_ERROR_VALIDATION_FAILURE, "imageArrayIndex beyond the depth swapchain's layers");
    if (sub.imageRect.offset.x < 0 || sub.imageRect.offset.y < 0 || sub.imageRect.extent.width <= 0 ||
        sub.imageRect.extent.height <= 0 ||
        static_cast<uint32_t>(sub.imageRect.offset.x + sub.imageRect.extent.width) > chain->info.width ||
        static_cast<uint32_t>(sub.imageRect.offset.y + sub.imageRect.extent.height) > chain->info.height)
        return refuse(XR_ERROR_SWAPCHAIN_RECT_INVALID, "the depth rect is outside its swapchain");
    if (sub.imageRect.extent.width != color.imageRect.extent.width ||
        sub.imageRect.extent.height != color.imageRect.extent.height)
        return refuse(XR_ERROR_SWAPCHAIN_RECT_INVALID, "the depth rect's size differs from the colour's");
    if (!(depth.minDepth >= 0.0f && depth.minDepth < depth.maxDepth && depth.maxDepth <= 1.0f))
        return refuse(XR_ERROR_VALIDATION_FAILURE, "minDepth/maxDepth not within 0 <= min < max <= 1");
    if (!saneDistance(depth.nearZ) || !saneDistance(depth.farZ) || depth.nearZ == depth.farZ)
        return refuse(XR_ERROR_VALIDATION_FAILURE, "nearZ/farZ must be positive, different and not NaN");
    return XR_SUCCESS;
}

}  // namespace places::xr_sim
