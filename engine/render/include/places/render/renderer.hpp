#pragma once
// Records one frame of a GpuScene into a command buffer: sky, then the city
// tiles and venue instances batched by material, one multi-draw-indirect call
// per material (a per-command loop where multiDrawIndirect is missing).
// Mono (1 view) or multiview stereo (2 views, viewMask 0b11) is fixed at
// construction; both eyes share one culling pass and one set of draws. Each
// visible venue prop instance is drawn at the coarsest of its model's levels
// whose projected error stays within budget (places_visibility's chooseLevel).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <glm/vec3.hpp>
#include <vulkan/vulkan.h>

#include "places/render/antialiasing.hpp"
#include "places/render/buffer.hpp"
#include "places/render/frame_views.hpp"
#include "places/render/overlay_text.hpp"
#include "places/render/descriptors.hpp"
#include "places/render/frame_ring.hpp"
#include "places/render/pipeline.hpp"
#include "places/render/render_targets.hpp"
#include "places/render/ui_draw.hpp"

namespace places::render {

class Gpu;
class GpuScene;

struct Lighting {
    glm::vec3 sunDirection{0.3f, 0.8f, 0.5f};    // towards the sun; normalised on use
    // Linear, scene-referred (a filmic tone map follows): a clear summer day.
    glm::vec3 sunColour{1.6f, 1.5f, 1.3f};
    glm::vec3 skyZenith{0.16f, 0.34f, 0.78f};
    glm::vec3 skyHorizon{0.62f, 0.74f, 0.90f};   // also the fog colour
    glm::vec3 skyAmbient{0.34f, 0.40f, 0.52f};   // hemisphere light from above
    glm::vec3 groundAmbient{0.16f, 0.15f, 0.11f};  // and from below
    float fogDensity = 0.00025f;                 // per metre
    // The infinite ground plane drawn with the sky, below everything else: grass.
    glm::vec3 groundColour{0.10f, 0.19f, 0.055f};  // linear albedo
    float groundHeightM = -0.05f;                 // y in the local frame

    // Sun from elevation above the horizon and compass azimuth (0 = north, 90 = east).
    static Lighting fromSun(float elevationDeg, float azimuthDeg);
};

// A tile level chosen for this frame (by the visibility module's selection).
struct TileLevelRef {
    std::uint32_t tile = 0;
    std::uint32_t level = 0;
};

struct FrameStats {
    std::uint32_t drawCalls = 0;      // vkCmdDraw* calls recorded
    std::uint32_t drawCommands = 0;   // indirect commands inside them (one per object submesh)
    std::uint64_t triangles = 0;      // submitted per frame (each rasterised once per view)
    std::uint32_t visibleTiles = 0;
    std::uint32_t visibleInstances = 0;
    std::uint32_t coarseInstances = 0;  // visible instances drawn at a coarser level than full detail
    std::uint32_t views = 1;
    double recordMilliseconds = 0.0;  // thread CPU time of Renderer::record (culling, batching, recording)
};

// Where the frame's colour ends up: the resolve target (or the colour
// attachment without MSAA). record() takes it from any layout (its contents are
// discarded) and leaves it in COLOR_ATTACHMENT_OPTIMAL after the
// COLOR_ATTACHMENT_OUTPUT stage.
struct RenderOutput {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
};

// CPU time consumed by the calling thread so far (CLOCK_THREAD_CPUTIME_ID), ms.
double threadCpuMilliseconds();

struct RendererCreateInfo {
    VkFormat colourFormat = VK_FORMAT_R8G8B8A8_SRGB;  // an sRGB format: shaders write linear
    std::uint32_t views = 1;                          // 1 or 2 (multiview)
    std::uint32_t framesInFlight = 2;
    Msaa msaa = Msaa::Auto;                           // see antialiasing.hpp
    bool overlay = false;  // build the overlay pipeline (mono only); headless renders skip its compile
    // Venue prop levels: the coarsest level whose geometric error projects to at
    // most this many pixels at the nearest eye (per-eye viewport height), the
    // same budget as the city tiles' (chooseTileLevels' default).
    double maxScreenSpaceErrorPx = visibility::kDefaultMaxScreenSpaceErrorPx;
    // The panel's font atlas (mono only): builds the UI pass that draws a
    // UiDrawList last in the frame. Null: no UI (and no pipeline compile).
    const UiFontAtlas* uiFont = nullptr;
};

class UiPass;

class Renderer {
public:
    Renderer(Gpu& gpu, const RendererCreateInfo& info);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    const DescriptorSetLayout& materialLayout() const { return materialLayout_; }
    VkSampleCountFlagBits samples() const { return samples_; }
    const RendererCreateInfo& info() const { return info_; }
    bool hasUi() const { return ui_ != nullptr; }

    // `frame.slot` selects the per-frame buffers; the FrameRing has waited for
    // that slot's previous use. `views.count` must equal info().views.
    // `overlay` (mono only): screen-space triangles drawn last, without depth,
    // not counted in the stats; `ui` (needs info().uiFont) is drawn after it.
    FrameStats record(const Frame& frame, const RenderTargets& targets, const RenderOutput& output,
                      const GpuScene& scene, const FrameViews& views, std::span<const TileLevelRef> tiles,
                      const Lighting& lighting, std::span<const OverlayVertex> overlay = {},
                      const UiDrawList* ui = nullptr);

private:
    struct PerFrame {
        Buffer uniforms;
        Buffer indirect;
        Buffer overlay;  // this frame's overlay vertices; grows, never shrinks
        VkDescriptorSet set = VK_NULL_HANDLE;
        VkBuffer boundObjects = VK_NULL_HANDLE;  // objects buffer the set points at
    };
    void buildDraws(const GpuScene& scene, const FrameViews& views, std::span<const TileLevelRef> tiles,
                    double viewportHeightPx, FrameStats& stats);

    Gpu& gpu_;
    RendererCreateInfo info_;
    VkSampleCountFlagBits samples_;
    DescriptorSetLayout frameLayout_;
    DescriptorSetLayout materialLayout_;
    PipelineLayout pipelineLayout_;
    GraphicsPipeline skyPipeline_;
    GraphicsPipeline scenePipeline_;
    PipelineLayout overlayLayout_;
    std::optional<GraphicsPipeline> overlayPipeline_;  // with info.overlay, mono only
    std::unique_ptr<UiPass> ui_;                        // with info.uiFont, mono only
    DescriptorPool framePool_;
    std::vector<PerFrame> frames_;
    // Per material: this frame's indirect commands. Cleared, never shrunk.
    std::vector<std::vector<VkDrawIndexedIndirectCommand>> buckets_;
};

}  // namespace places::render
