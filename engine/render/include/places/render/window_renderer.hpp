#pragma once
// Rendering into a window: a Swapchain, the Renderer's attachments at the
// window's size, frames in flight with one acquire semaphore per frame slot
// and one present semaphore per swapchain image (a present has no fence, so a
// semaphore is reused only when its image comes back from acquire).
//
// Size changes: the caller reports the framebuffer size each frame; a change,
// VK_ERROR_OUT_OF_DATE_KHR or VK_SUBOPTIMAL_KHR rebuilds the swapchain and the
// targets after the queue is idle. A 0x0 framebuffer (minimised) renders
// nothing until it has a size again.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "places/render/buffer.hpp"
#include "places/render/frame_ring.hpp"
#include "places/render/render_targets.hpp"
#include "places/render/renderer.hpp"
#include "places/render/rgba_image.hpp"
#include "places/render/swapchain.hpp"

namespace places::render {

class Gpu;
class GpuScene;

enum class FrameOutcome { Presented, Skipped, Rebuilt };

class WindowRenderer {
public:
    // `font`: the glyph atlas of world text (none: text is not drawn);
    // `uiFont`: the panel's (RendererCreateInfo::uiFont); `shadows`: the sun's
    // shadow map (RendererCreateInfo::shadows).
    WindowRenderer(Gpu& gpu, VkSurfaceKHR surface, std::uint32_t width, std::uint32_t height,
                   Msaa msaa = Msaa::Auto, std::shared_ptr<const FontAtlas> font = nullptr,
                   const UiFontAtlas* uiFont = nullptr, bool shadows = true);
    ~WindowRenderer();
    WindowRenderer(const WindowRenderer&) = delete;
    WindowRenderer& operator=(const WindowRenderer&) = delete;

    const DescriptorSetLayout& materialLayout() const { return renderer_.materialLayout(); }
    std::uint32_t width() const { return swapchain_ ? swapchain_->width() : 0; }
    std::uint32_t height() const { return swapchain_ ? swapchain_->height() : 0; }
    std::uint32_t rebuilds() const { return rebuilds_; }

    // Renders and presents one frame at the current framebuffer size.
    // `screenshot` (optional) receives this frame's pixels (RGBA, waits for the GPU).
    // Skipped: minimised (0x0). Rebuilt: the swapchain was out of date; nothing
    // was presented, call again (with views for the new aspect ratio).
    FrameOutcome frame(std::uint32_t framebufferWidth, std::uint32_t framebufferHeight, const FrameInputs& in,
                       FrameStats& stats, RgbaImage* screenshot = nullptr);
    double lastGpuMilliseconds() const { return frames_.lastGpuMilliseconds(); }

private:
    void rebuild(std::uint32_t width, std::uint32_t height);

    Gpu& gpu_;
    VkSurfaceKHR surface_;
    Renderer renderer_;
    FrameRing frames_;
    std::unique_ptr<Swapchain> swapchain_;
    std::unique_ptr<RenderTargets> targets_;
    std::vector<VkSemaphore> acquired_;  // per frame slot
    std::vector<VkSemaphore> rendered_;  // per swapchain image
    std::vector<VkSemaphore> retired_;   // present semaphores of earlier swapchains
    Buffer readback_;
    std::uint32_t rebuilds_ = 0;
};

}  // namespace places::render
