#pragma once
// Records one frame of a GpuScene into a command buffer: sky, then the city
// tiles and venue instances batched by material, one multi-draw-indirect call
// per material (a per-command loop where multiDrawIndirect is missing).
// Mono (1 view) or stereo (2 views) is fixed at construction; both eyes share
// one culling pass and one set of draws, drawn once with multiview (viewMask
// 0b11) or once per eye and layer (stereo_path.hpp: Auto probes the device,
// where multiview drops geometry the eyes are drawn in two passes, both
// replaying one secondary command buffer recorded once). Each
// visible venue prop instance is drawn at the coarsest of its model's levels
// whose projected error stays within budget (places_visibility's chooseLevel).
// Then the frame's dynamic instances (instanced, one multi-draw per material,
// dithered fade; dynamic_batches.hpp) and its world text (one blended,
// depth-tested draw from the font atlas; world_text.hpp). Everything a frame
// draws comes in one FrameInputs (frame_inputs.hpp).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <vulkan/vulkan.h>

#include "places/render/antialiasing.hpp"
#include "places/render/buffer.hpp"
#include "places/render/frame_views.hpp"
#include "places/render/overlay_text.hpp"
#include "places/render/descriptors.hpp"
#include "places/render/dynamic_batches.hpp"
#include "places/render/frame_inputs.hpp"
#include "places/render/frame_ring.hpp"
#include "places/render/gpu_font.hpp"
#include "places/render/pipeline.hpp"
#include "places/render/render_targets.hpp"
#include "places/render/stereo_path.hpp"
#include "places/render/text_layout.hpp"
#include "places/render/ui_draw.hpp"
#include "places/visibility/tile_selection.hpp"

namespace places::render {

class Gpu;
class GpuScene;

struct FrameStats {
    // Draw calls and commands count every pass (a two-pass stereo frame
    // executes each twice); triangles count the culled set once (each is
    // rasterised once per view on either path).
    std::uint32_t drawCalls = 0;      // vkCmdDraw* calls recorded (all of them: sky, scene, dynamic, text)
    std::uint32_t drawCommands = 0;   // indirect commands inside them (one per object submesh; dynamic: per group)
    std::uint64_t triangles = 0;      // of the frame's culled set, dynamic included
    std::uint32_t passes = 1;         // colour passes: 2 for stereo drawn one eye at a time
    std::uint32_t visibleTiles = 0;
    // City buildings (top-level) in the drawn tile levels, at least as a block,
    // and in the subtrees those levels stand for (what full detail would draw
    // there). Counted from the levels recorded, not estimated.
    std::uint32_t buildingsDrawn = 0;
    std::uint32_t buildingsInView = 0;
    std::uint32_t terrainPiecesDrawn = 0;  // terrain records in the drawn tile levels (not buildings)
    std::uint32_t visibleInstances = 0;
    std::uint32_t coarseInstances = 0;  // visible instances drawn at a coarser level than full detail
    std::uint32_t views = 1;
    // Of the totals above, the per-frame dynamic instances (FrameInputs::dynamic):
    std::uint32_t dynamicDrawCalls = 0;     // multi-draws (one per material in use)
    std::uint32_t dynamicCommands = 0;      // instanced commands (one per model, level and submesh)
    std::uint32_t dynamicInstances = 0;     // instances drawn
    std::uint32_t dynamicCulled = 0;        // outside the views
    std::uint32_t dynamicRejected = 0;      // bad model index or alpha 0
    std::uint64_t dynamicTriangles = 0;
    // World text (FrameInputs::text): one draw call for all of it.
    std::uint32_t textDrawCalls = 0;
    std::uint32_t texts = 0;
    std::uint32_t glyphs = 0;
    std::uint32_t missingGlyphs = 0;        // drawn as '?'; also bad UTF-8 sequences
    AvatarCounts avatars;                   // copied from FrameInputs::avatars
    // The sun's shadow map (shadow_pass.hpp), included in drawCalls but not in triangles:
    std::uint32_t shadowDrawCalls = 0;
    std::uint64_t shadowTriangles = 0;  // rasterised into the map (the frame's opaque triangles again)
    double recordMilliseconds = 0.0;  // thread CPU time of Renderer::record (culling, batching, recording)
};

// Where the frame's colour ends up: the resolve target (or the colour
// attachment without MSAA). record() takes it from any layout (its contents are
// discarded) and leaves it in COLOR_ATTACHMENT_OPTIMAL after the
// COLOR_ATTACHMENT_OUTPUT stage.
// Stereo drawn in two passes renders into one layer at a time: `layerViews`
// are single-layer views of `image`'s layers 0 and 1 (unused otherwise).
struct RenderOutput {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    std::array<VkImageView, 2> layerViews{};
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
    // The glyph atlas of world text (FrameInputs::text); without one, text is
    // not drawn (and counted in FrameStats::missingGlyphs).
    std::shared_ptr<const FontAtlas> font;
    // The panel's font atlas (mono only): builds the UI pass that draws a
    // UiDrawList last in the frame. Null: no UI (and no pipeline compile).
    const UiFontAtlas* uiFont = nullptr;
    // The sun's shadow map (shadow_pass.hpp): off = no shadow pass (a 1x1
    // map stays bound, and shaders skip the lookup).
    bool shadows = true;
    std::uint32_t shadowMapSize = 2048;  // texels per side
    // Stereo only: multiview, two passes, or a probe of the device (Auto).
    StereoPath stereoPath = StereoPath::Auto;
};

class UiPass;
class ShadowPass;

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
    // How stereo frames are drawn (Multiview for mono renderers: one pass).
    const StereoChoice& stereo() const { return stereo_; }
    // Two-pass stereo with MSAA: the targets need resolveAfterPasses, the
    // output TRANSFER_DST usage (render_targets.hpp).
    bool resolvesAfterPasses() const {
        return info_.views > 1 && stereo_.path == StereoPath::TwoPass && samples_ != VK_SAMPLE_COUNT_1_BIT;
    }

    // Records the frame `in` describes. `frame.slot` selects the per-frame
    // buffers; the FrameRing has waited for that slot's previous use.
    // `in.views.count` must equal info().views. Draw order: sky, city and
    // props (multi-draw per material), dynamic instances (instanced
    // multi-draw per material), world text (blended, depth-tested, no depth
    // write), overlay, the UI (in.ui, with info().uiFont).
    FrameStats record(const Frame& frame, const RenderTargets& targets, const RenderOutput& output,
                      const FrameInputs& in);

private:
    struct PerFrame {
        Buffer uniforms;
        Buffer indirect;
        Buffer overlay;  // this frame's overlay vertices; grows, never shrinks
        Buffer dynamic;  // this frame's DynamicInstanceData; grows, never shrinks
        Buffer text;     // this frame's TextVertex triangles; grows, never shrinks
        VkDescriptorSet set = VK_NULL_HANDLE;
        VkBuffer boundObjects = VK_NULL_HANDLE;  // objects buffer the set points at
    };
    // Two-pass stereo with MSAA: both layers resolved in one command.
    void resolveIntoOutput(VkCommandBuffer cmd, const RenderTargets& targets, const RenderOutput& output);
    void buildDraws(const GpuScene& scene, const FrameViews& views, std::span<const TileLevelRef> tiles,
                    double viewportHeightPx, FrameStats& stats);
    // The shadow map's casters that the main pass does not draw: tiles and
    // props in the map's box (`sunViewProjection`) outside every view, at the
    // levels the views' eyes would choose for them (tiles only where the
    // scene has selection nodes). Into shadowCommands_; returns their triangles.
    std::uint64_t buildShadowDraws(const GpuScene& scene, const FrameViews& views, const glm::mat4& sunViewProjection,
                                   const visibility::SelectionOptions& lod);

    Gpu& gpu_;
    RendererCreateInfo info_;
    StereoChoice stereo_;  // before the pipelines: their view mask follows it
    VkSampleCountFlagBits samples_;
    DescriptorSetLayout frameLayout_;
    DescriptorSetLayout materialLayout_;
    PipelineLayout pipelineLayout_;
    GraphicsPipeline skyPipeline_;
    GraphicsPipeline scenePipeline_;
    PipelineLayout overlayLayout_;
    std::optional<GraphicsPipeline> overlayPipeline_;  // with info.overlay, mono only
    GraphicsPipeline dynamicPipeline_;
    std::optional<GpuFont> font_;                      // with info.font
    std::optional<GraphicsPipeline> textPipeline_;     // with info.font
    std::unique_ptr<UiPass> ui_;                        // with info.uiFont, mono only
    std::unique_ptr<ShadowPass> shadow_;                // always (1x1 and idle without info.shadows)
    DescriptorPool framePool_;
    std::vector<PerFrame> frames_;
    // Per material: this frame's indirect commands. Cleared, never shrunk.
    std::vector<std::vector<VkDrawIndexedIndirectCommand>> buckets_;
    DynamicBatcher dynamic_;
    std::vector<TextVertex> textVertices_;  // cleared, never shrunk
    city::Bounds drawnBounds_;              // this frame's drawn tiles and instances (shadow map fit)
    std::vector<VkDrawIndexedIndirectCommand> shadowCommands_;  // casters outside the views; cleared, never shrunk
    visibility::Selection shadowSelection_;                      // reused each frame
};

}  // namespace places::render
