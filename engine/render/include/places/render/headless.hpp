#pragma once
// Rendering without a window: into an own colour image (2 layers for stereo),
// copied to a host-visible buffer and returned as an RgbaImage. Also runs
// frames without read-back for benchmarks (frames in flight, GPU timestamps).
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "places/render/buffer.hpp"
#include "places/render/frame_ring.hpp"
#include "places/render/image.hpp"
#include "places/render/render_targets.hpp"
#include "places/render/renderer.hpp"
#include "places/render/rgba_image.hpp"

namespace places::render {

class Gpu;
class GpuScene;

struct HeadlessCreateInfo {
    std::uint32_t width = 320;
    std::uint32_t height = 180;
    std::uint32_t views = 1;   // 2: multiview stereo into a 2-layer image
    Msaa msaa = Msaa::Auto;
    double maxScreenSpaceErrorPx = visibility::kDefaultMaxScreenSpaceErrorPx;  // prop levels (RendererCreateInfo)
    std::shared_ptr<const FontAtlas> font;  // world text (RendererCreateInfo::font)
    const UiFontAtlas* uiFont = nullptr;  // mono only; RendererCreateInfo::uiFont
    bool shadows = true;                  // the sun's shadow map (RendererCreateInfo::shadows)
    StereoPath stereoPath = StereoPath::Auto;  // RendererCreateInfo::stereoPath
    bool keepDepth = false;  // RenderTargetsCreateInfo::keepDepth: deliveredDepth() after each frame
};

class HeadlessRenderer {
public:
    HeadlessRenderer(Gpu& gpu, const HeadlessCreateInfo& info);
    ~HeadlessRenderer();  // waits for the frames in flight
    HeadlessRenderer(const HeadlessRenderer&) = delete;
    HeadlessRenderer& operator=(const HeadlessRenderer&) = delete;

    const DescriptorSetLayout& materialLayout() const { return renderer_.materialLayout(); }
    const Renderer& renderer() const { return renderer_; }

    struct Result {
        RgbaImage image;
        FrameStats stats;
        double gpuMilliseconds = -1.0;  // negative without timestamps
    };
    // Renders one frame, waits for it, returns the pixels.
    Result render(const FrameInputs& in);
    // Renders one frame and lets `deliver` record GPU-side copies of it (the
    // output image, both layers in TRANSFER_SRC_OPTIMAL) into the same
    // submission, e.g. blits into an XR swapchain; waits for it. No read-back.
    Result renderAndDeliver(const FrameInputs& in, const std::function<void(VkCommandBuffer, VkImage)>& deliver);
    // Records and submits one frame without read-back; does not wait (the
    // ring waits when the slot comes round again). For benchmarks.
    FrameStats submitFrame(const FrameInputs& in);
    void finish() { frames_.finish(); }

    // View `view`'s depth of the frame (kDepthFormat, single-sampled,
    // reverse-Z with an infinite far plane) for `deliver` to copy: in
    // DEPTH_ATTACHMENT_OPTIMAL, last written by the fragment tests or, with
    // MSAA, by the pass's depth resolve (kKeptDepthWriteStages/Access cover both).
    // No image unless keepDepth (and, with MSAA, a depth resolve mode the
    // device offers: RenderTargets::keptDepth()).
    ImageLayer deliveredDepth(std::uint32_t view) const;

    double lastGpuMilliseconds() const { return frames_.lastGpuMilliseconds(); }

private:
    RenderOutput output() const;
    [[maybe_unused]] Gpu& gpu_;  // kept: the target must not outlive its device
    HeadlessCreateInfo info_;
    Renderer renderer_;
    FrameRing frames_;
    RenderTargets targets_;
    Image output_;
    Buffer readback_;
};

}  // namespace places::render
