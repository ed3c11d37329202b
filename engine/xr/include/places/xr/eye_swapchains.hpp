#pragma once
// The images both eyes render into. Preferred: one colour swapchain with two
// array layers (layer = eye), which the renderer's multiview pass fills in one
// go. Fallback (runtimes that mishandle array swapchains, or on request): one
// swapchain per eye. Depth swapchains of the same shape when the depth layer
// extension is enabled, submitted through XrCompositionLayerDepthInfoKHR.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "places/xr/xr_handle.hpp"
#include "places/xr/xr_session.hpp"

namespace places::xr {

enum class SwapchainLayout { ArrayLayers, PerEye };

struct EyeSwapchainsCreateInfo {
    // ArrayLayers falls back to PerEye when the runtime refuses a 2-layer
    // swapchain (layout() tells which one is used).
    SwapchainLayout layout = SwapchainLayout::ArrayLayers;
    bool depth = false;  // needs XrSystem::depthLayerEnabled()
    XrSwapchainUsageFlags extraColorUsage = 0;  // e.g. TRANSFER_DST for clears
    // Depth only in this format (the renderer's depth is copied, not
    // converted); VK_FORMAT_UNDEFINED: the runtime's first depth format.
    VkFormat requiredDepthFormat = VK_FORMAT_UNDEFINED;
    XrSwapchainUsageFlags extraDepthUsage = 0;  // e.g. TRANSFER_DST for that copy
};

// One eye's target in the acquired images of this frame.
struct EyeTarget {
    VkImage color = VK_NULL_HANDLE;
    VkImage depth = VK_NULL_HANDLE;  // VK_NULL_HANDLE without depth
    std::uint32_t arrayLayer = 0;    // 0 or 1 (ArrayLayers); 0 per eye
};

// Records `write` (a transfer into `target`'s colour layer: a copy or clear in
// TRANSFER_DST_OPTIMAL) between the two barriers that keep the runtime's layout
// contract: COLOR_ATTACHMENT_OPTIMAL before and after. Needs the swapchain
// created with XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT.
void recordEyeTransferWrite(VkCommandBuffer commands, const EyeTarget& target,
                            const std::function<void(const VkImageSubresourceRange&)>& write);

class EyeSwapchains {
public:
    EyeSwapchains(const Session& session, const render::Device& device, const EyeSwapchainsCreateInfo& info);

    SwapchainLayout layout() const { return layout_; }
    VkFormat colorFormat() const { return colorFormat_; }
    VkFormat depthFormat() const { return depthFormat_; }  // VK_FORMAT_UNDEFINED without depth
    VkExtent2D extent() const { return extent_; }

    // Acquires and waits for this frame's images; each image is in
    // COLOR_ATTACHMENT_OPTIMAL (depth: DEPTH_STENCIL_ATTACHMENT_OPTIMAL) and
    // must be left so before release().
    std::array<EyeTarget, 2> acquire();
    void release();

    // The projection layer for this frame (valid until the next call).
    // nearZ/farZ: the projection's planes (farZ may be INFINITY). With depth,
    // each view chains an XrCompositionLayerDepthInfoKHR for the renderer's
    // reverse-Z (depth 1 at nearZ, 0 at farZ), which in OpenXR's terms is
    // minDepth 0 at farZ and maxDepth 1 at nearZ (its nearZ > farZ).
    // withDepth false: no depth info even with depth swapchains (nothing was copied into them).
    const XrCompositionLayerProjection& projectionLayer(const FrameTiming& timing, XrSpace space, float nearZ,
                                                        float farZ, bool withDepth = true);
    bool depthLayer() const { return !depth_.empty(); }

private:
    struct Chain {
        SwapchainHandle handle;
        std::vector<VkImage> images;
        std::uint32_t acquired = 0;
    };
    // Throws XrError, except for XR_ERROR_FEATURE_UNSUPPORTED when `mayRefuse` (nullopt then).
    std::optional<Chain> create(const Session& session, int64_t format, XrSwapchainUsageFlags usage,
                                std::uint32_t layers, bool mayRefuse = false);

    SwapchainLayout layout_;
    VkFormat colorFormat_ = VK_FORMAT_UNDEFINED;
    VkFormat depthFormat_ = VK_FORMAT_UNDEFINED;
    VkExtent2D extent_{};
    std::vector<Chain> color_;  // 1 (array) or 2 (per eye)
    std::vector<Chain> depth_;  // same count, or empty
    std::array<XrCompositionLayerProjectionView, 2> views_{};
    std::array<XrCompositionLayerDepthInfoKHR, 2> depthInfo_{};
    XrCompositionLayerProjection layer_{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
};

}  // namespace places::xr
