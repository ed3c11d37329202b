#pragma once
// Delivering the renderer's eyes into the acquired swapchain images, recorded
// into the frame's own submission (no read-back): colour by a blit per eye,
// depth (when a depth layer is submitted) by a copy per eye.
//
// Why a blit and not rendering straight into the swapchain: the renderer's
// output is its own R8G8B8A8_SRGB image that it also resolves MSAA into and,
// on devices where multiview drops geometry, fills in two passes with a
// resolve after them (stereo_path.hpp); the runtime's images are three per
// chain in a format it picks (BGRA on many runtimes), one or two chains
// (array or per-eye layout). A blit converts RGBA/BGRA and serves both
// layouts and both stereo paths from one render target; it costs one
// full-eye copy per eye (docs/performance.md, `places bench xr`).
#include <array>

#include <vulkan/vulkan.h>

#include "places/render/render_targets.hpp"
#include "places/xr/eye_swapchains.hpp"

namespace places::xr {

struct RenderedEyes {
    VkImage color = VK_NULL_HANDLE;  // 2 layers (layer = eye), TRANSFER_SRC_OPTIMAL
    // Per eye: its depth layer (one 2-layer image, or one image per eye when
    // a multisampled depth was resolved per pass), DEPTH_ATTACHMENT_OPTIMAL,
    // the targets' depth format; or no image.
    std::array<render::ImageLayer, 2> depth{};
    VkExtent2D extent{};             // every image and every target share it
};

// Records both eyes' blits (and depth copies where both `eyes.depth` and the
// target's depth exist) into `commands`; every target is left in the layout
// the runtime expects on release. The rendered depth goes back to
// DEPTH_ATTACHMENT_OPTIMAL.
void deliverEyes(VkCommandBuffer commands, const RenderedEyes& eyes, const std::array<EyeTarget, 2>& targets);

}  // namespace places::xr
