#include "places/render/renderer.hpp"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <cstring>

#include <glm/geometric.hpp>
#include <glm/matrix.hpp>
#include <glm/trigonometric.hpp>

#include "places/render/barriers.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/render/shadow_pass.hpp"
#include "places/render/ui_pass.hpp"
#include "places/render/vk_check.hpp"
#include "places/visibility/frustum.hpp"
#include "places/visibility/level_selection.hpp"
#include "shader_interface.hpp"

namespace places::render {

namespace {

// Fog scaled to the view's extent: never so dense that the far side of the
// scene's content, seen from `eye`, loses more than a quarter of its light
// to it (a 3 km overview stays legible, a street view keeps the scene's haze).
float fogForView(float density, const city::Bounds& content, const glm::dvec3& eye) {
    if (content.empty()) return density;
    double far = 0.0;
    for (int i = 0; i < 8; ++i) {
        const glm::dvec3 corner(i & 1 ? content.max.x : content.min.x, i & 2 ? content.max.y : content.min.y,
                                i & 4 ? content.max.z : content.min.z);
        far = std::max(far, glm::length(corner - eye));
    }
    return far > 1.0 ? std::min(density, static_cast<float>(-std::log(0.75) / far)) : density;
}

// The level prop instance `i` is drawn at: the coarsest within the pixel
// budget for the nearest eye (the main pass and the shadow pass alike).
std::uint32_t instanceLevel(const GpuScene& scene, std::uint32_t i, const FrameViews& views,
                            const visibility::SelectionOptions& lod) {
    const Model& model = scene.models()[scene.instances()[i].model];
    if (model.levels.size() <= 1) return 0;
    const double distance = visibility::nearestEyeDistance(views.selectionViews(), scene.instanceBounds(i));
    return visibility::chooseLevel(model.levelErrors, scene.instanceScale(i), distance, lod).level;
}

constexpr VkDescriptorSetLayoutBinding kFrameBindings[] = {
    {0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
    {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
    {2, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},  // sun shadow map
};
constexpr VkDescriptorSetLayoutBinding kMaterialBindings[] = {
    {0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
};
// Scene vertices (binding 0); the dynamic pipeline adds per-instance data
// (binding 1: DynamicInstanceData), the scene pipeline uses the first binding
// and the first four attributes only.
constexpr VkVertexInputBindingDescription kMeshBindings[] = {
    {0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX},
    {1, sizeof(DynamicInstanceData), VK_VERTEX_INPUT_RATE_INSTANCE}};
constexpr VkVertexInputAttributeDescription kMeshAttributes[] = {
    {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, position)},
    {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, normal)},
    {2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(Vertex, uv)},
    {3, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(Vertex, colour)},
    {4, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 0},  // locations 4..7: the model matrix's columns
    {5, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 16},
    {6, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 32},
    {7, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 48},
    {8, 1, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(DynamicInstanceData, tint)},
};

// The pipelines' view mask: 0b11 for multiview stereo, 0 for mono and for
// stereo drawn in two passes (each pass renders one layer as view 0).
std::uint32_t viewMaskOf(const RendererCreateInfo& info, const StereoChoice& stereo) {
    return info.views > 1 && stereo.path == StereoPath::Multiview ? (1u << info.views) - 1 : 0;
}

GraphicsPipelineCreateInfo pipelineInfo(const RendererCreateInfo& info, std::uint32_t viewMask,
                                        VkSampleCountFlagBits samples, VkPipelineLayout layout, bool sky) {
    GraphicsPipelineCreateInfo p;
    p.vertex = sky ? ShaderId::SkyVert : ShaderId::SceneVert;
    p.fragment = sky ? ShaderId::SkyFrag : ShaderId::SceneFrag;
    if (!sky) p.vertexLayout = {std::span(kMeshBindings).first(1), std::span(kMeshAttributes).first(4)};
    p.layout = layout;
    p.colourFormat = info.colourFormat;
    p.depthFormat = kDepthFormat;
    p.samples = samples;
    p.viewMask = viewMask;
    p.depthTest = !sky;
    p.depthWrite = !sky;
    return p;
}

constexpr VkVertexInputBindingDescription kOverlayBinding[] = {{0, sizeof(OverlayVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
constexpr VkVertexInputAttributeDescription kOverlayAttributes[] = {
    {0, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(OverlayVertex, position)},
    {1, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(OverlayVertex, colour)},
};

GraphicsPipelineCreateInfo overlayPipelineInfo(const RendererCreateInfo& info, VkSampleCountFlagBits samples,
                                               VkPipelineLayout layout) {
    GraphicsPipelineCreateInfo p;
    p.vertex = ShaderId::OverlayVert;
    p.fragment = ShaderId::OverlayFrag;
    p.vertexLayout = {kOverlayBinding, kOverlayAttributes};
    p.layout = layout;
    p.colourFormat = info.colourFormat;
    p.depthFormat = kDepthFormat;
    p.samples = samples;
    p.depthTest = false;
    p.depthWrite = false;
    return p;
}

GraphicsPipelineCreateInfo dynamicPipelineInfo(const RendererCreateInfo& info, std::uint32_t viewMask,
                                               VkSampleCountFlagBits samples, VkPipelineLayout layout) {
    GraphicsPipelineCreateInfo p = pipelineInfo(info, viewMask, samples, layout, false);
    p.vertex = ShaderId::DynamicVert;
    p.fragment = ShaderId::DynamicFrag;
    p.vertexLayout = {kMeshBindings, kMeshAttributes};
    return p;
}

constexpr VkVertexInputBindingDescription kTextBinding[] = {{0, sizeof(TextVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
constexpr VkVertexInputAttributeDescription kTextAttributes[] = {
    {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(TextVertex, position)},
    {1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(TextVertex, uv)},
    {2, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(TextVertex, colour)},
    {3, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(TextVertex, outline)},
};

// Text: depth-tested (hidden behind buildings) but not written, so
// overlapping tags blend instead of cutting holes into each other.
GraphicsPipelineCreateInfo textPipelineInfo(const RendererCreateInfo& info, std::uint32_t viewMask,
                                            VkSampleCountFlagBits samples, VkPipelineLayout layout) {
    GraphicsPipelineCreateInfo p = pipelineInfo(info, viewMask, samples, layout, false);
    p.vertex = ShaderId::TextVert;
    p.fragment = ShaderId::TextFrag;
    p.vertexLayout = {kTextBinding, kTextAttributes};
    p.depthWrite = false;
    p.alphaBlend = true;
    return p;
}

// One set per frame (two-pass stereo's eyes share it: see record()).
DescriptorPool makeFramePool(Gpu& gpu, std::uint32_t frames) {
    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, frames},
                                          {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, frames},
                                          {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, frames}};
    return DescriptorPool(gpu, frames, sizes);
}

StereoChoice stereoChoiceFor(Gpu& gpu, const RendererCreateInfo& info) {
    if (info.views < 2) return {StereoPath::Multiview, std::nullopt};
    return chooseStereoPath(gpu, info.stereoPath);
}

}  // namespace

double threadCpuMilliseconds() {
    // The calling thread's CPU time, not wall time: a frame's CPU cost must not
    // include the time the thread sat preempted on a busy machine.
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

Lighting Lighting::fromSun(float elevationDeg, float azimuthDeg) {
    Lighting l;
    const float e = glm::radians(elevationDeg);
    const float a = glm::radians(azimuthDeg);
    l.sunDirection = {std::sin(a) * std::cos(e), std::sin(e), -std::cos(a) * std::cos(e)};
    return l;
}

Renderer::Renderer(Gpu& gpu, const RendererCreateInfo& info)
    : gpu_(gpu),
      info_(info),
      stereo_(stereoChoiceFor(gpu, info)),
      samples_(chooseSamples(info.msaa, gpu.device.capabilities())),
      frameLayout_(gpu, kFrameBindings),
      materialLayout_(gpu, kMaterialBindings),
      pipelineLayout_(gpu, std::array{frameLayout_.handle(), materialLayout_.handle()}),
      skyPipeline_(gpu, pipelineInfo(info, viewMaskOf(info, stereo_), samples_, pipelineLayout_.handle(), true)),
      scenePipeline_(gpu, pipelineInfo(info, viewMaskOf(info, stereo_), samples_, pipelineLayout_.handle(), false)),
      overlayLayout_(gpu, std::span<const VkDescriptorSetLayout>{}),
      dynamicPipeline_(gpu, dynamicPipelineInfo(info, viewMaskOf(info, stereo_), samples_, pipelineLayout_.handle())),
      shadow_(std::make_unique<ShadowPass>(
          gpu, ShadowPassCreateInfo{pipelineLayout_.handle(), info.shadowMapSize, info.shadows})),
      framePool_(makeFramePool(gpu, info.framesInFlight)) {
    if (info.font) {
        font_.emplace(gpu, info.font, materialLayout_);
        textPipeline_.emplace(gpu, textPipelineInfo(info, viewMaskOf(info, stereo_), samples_, pipelineLayout_.handle()));
    }
    if (info.overlay && info.views == 1) overlayPipeline_.emplace(gpu, overlayPipelineInfo(info, samples_, overlayLayout_.handle()));
    if (info.uiFont && info.views == 1)
        ui_ = std::make_unique<UiPass>(gpu, UiPassCreateInfo{info.colourFormat, samples_, info.framesInFlight},
                                       *info.uiFont);
    if (info.views < 1 || info.views > 2 || info.views > std::max(1u, gpu.device.capabilities().maxMultiviewViewCount))
        throw VulkanError("Renderer: unsupported view count " + std::to_string(info.views), VK_ERROR_FEATURE_NOT_PRESENT);
    for (std::uint32_t i = 0; i < info.framesInFlight; ++i) {
        PerFrame f;
        // Two-pass stereo rewrites the right eye's view into it between the passes.
        const VkBufferUsageFlags rewritten =
            info.views > 1 && stereo_.path == StereoPath::TwoPass ? VK_BUFFER_USAGE_TRANSFER_DST_BIT : 0;
        f.uniforms = Buffer(gpu, {sizeof(detail::FrameUniform), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | rewritten,
                                  MemoryUsage::Upload});
        f.indirect = Buffer(gpu, {256 * sizeof(VkDrawIndexedIndirectCommand), VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT,
                                  MemoryUsage::Upload});
        f.set = framePool_.allocate(frameLayout_);
        writeBufferDescriptor(gpu.vk(), f.set, 0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, f.uniforms.handle());
        writeImageDescriptor(gpu.vk(), f.set, 2, shadow_->view(), shadow_->sampler());
        frames_.push_back(std::move(f));
    }
}

Renderer::~Renderer() = default;

void Renderer::buildDraws(const GpuScene& scene, const FrameViews& views, std::span<const TileLevelRef> tiles,
                          double viewportHeightPx, FrameStats& stats) {
    drawnBounds_ = {};
    buckets_.resize(scene.materialCount());
    for (auto& bucket : buckets_) bucket.clear();
    const auto& submeshes = scene.submeshes();
    auto emit = [&](std::uint32_t submesh, std::uint32_t object) {
        const Submesh& s = submeshes[submesh];
        if (s.indexCount == 0) return;
        buckets_[s.material].push_back({s.indexCount, 1, s.firstIndex, s.vertexOffset, object});
        stats.triangles += s.triangles();
    };
    for (const TileLevelRef& ref : tiles) {
        const CityTileGeometry& tile = scene.tiles()[ref.tile];
        if (ref.level >= tile.levels.size()) continue;
        emit(tile.levels[ref.level], scene.tileObject(ref.tile));
        drawnBounds_.add(glm::dvec3(tile.boundsMin));
        drawnBounds_.add(glm::dvec3(tile.boundsMax));
        ++stats.visibleTiles;
        stats.buildingsDrawn += tile.levelBuildings[ref.level];
        stats.buildingsInView += tile.subtreeBuildings;
        if (ref.level < tile.levelTerrainPieces.size()) stats.terrainPiecesDrawn += tile.levelTerrainPieces[ref.level];
    }
    // One culling pass and one level choice for all views: an instance is
    // drawn when any eye sees it, at the level the nearest eye needs.
    const visibility::SelectionOptions lod{info_.maxScreenSpaceErrorPx, viewportHeightPx, views.verticalFovDeg};
    for (std::uint32_t i = 0; i < scene.instances().size(); ++i) {
        const city::Bounds& b = scene.instanceBounds(i);
        bool visible = false;
        for (const visibility::SelectionView& view : views.selectionViews())
            visible = visible || visibility::intersects(view.frustum, b);
        if (!visible) continue;
        ++stats.visibleInstances;
        drawnBounds_.add(b);
        const Model& model = scene.models()[scene.instances()[i].model];
        const std::uint32_t level = instanceLevel(scene, i, views, lod);
        if (level > 0) ++stats.coarseInstances;
        const std::vector<std::uint32_t>& levelSubmeshes = model.levels[level];
        for (std::size_t k = 0; k < levelSubmeshes.size(); ++k)
            emit(levelSubmeshes[k], scene.instanceObject(i) + static_cast<std::uint32_t>(k));
    }
}

std::uint64_t Renderer::buildShadowDraws(const GpuScene& scene, const FrameViews& views,
                                         const glm::mat4& sunViewProjection, const visibility::SelectionOptions& lod) {
    std::uint64_t triangles = 0;
    const auto& submeshes = scene.submeshes();
    auto emit = [&](std::uint32_t submesh, std::uint32_t object) {
        const Submesh& s = submeshes[submesh];
        if (s.indexCount == 0) return;
        shadowCommands_.push_back({s.indexCount, 1, s.firstIndex, s.vertexOffset, object});
        triangles += s.triangles();
    };
    const auto inView = [&](const city::Bounds& b) {
        for (const visibility::SelectionView& view : views.selectionViews())
            if (visibility::intersects(view.frustum, b)) return true;
        return false;
    };
    // The map's box as the frustum, the views' eyes for the levels: a caster
    // outside the views gets the level it would get in them (the same eyes,
    // the same error budget). What meets a view is the main pass's already.
    const visibility::Frustum box = visibility::frustumFromViewProjection(glm::dmat4(sunViewProjection));
    if (scene.tileNodes().size() == scene.tiles().size() && !scene.tileNodes().empty()) {
        visibility::SelectionView sunView = views.selectionViews().front();
        sunView.frustum = box;
        visibility::selectTiles(scene.tileNodes(), 0, std::span(&sunView, 1), lod, shadowSelection_);
        for (const visibility::SelectedTile& t : shadowSelection_.tiles) {
            const CityTileGeometry& tile = scene.tiles()[t.node];
            if (t.level >= tile.levels.size() || inView(scene.tileNodes()[t.node].bounds)) continue;
            emit(tile.levels[t.level], scene.tileObject(t.node));
        }
    }
    for (std::uint32_t i = 0; i < scene.instances().size(); ++i) {
        const city::Bounds& b = scene.instanceBounds(i);
        if (!visibility::intersects(box, b) || inView(b)) continue;
        const Model& model = scene.models()[scene.instances()[i].model];
        const std::vector<std::uint32_t>& levelSubmeshes = model.levels[instanceLevel(scene, i, views, lod)];
        for (std::size_t k = 0; k < levelSubmeshes.size(); ++k)
            emit(levelSubmeshes[k], scene.instanceObject(i) + static_cast<std::uint32_t>(k));
    }
    return triangles;
}

void Renderer::resolveIntoOutput(VkCommandBuffer cmd, const RenderTargets& targets, const RenderOutput& output) {
    const RenderTargetsCreateInfo& t = targets.info();
    const VkPipelineStageFlags2 colourStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    transition(cmd, {targets.colour().handle(), VK_IMAGE_ASPECT_COLOR_BIT, t.views, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                     VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, colourStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                     VK_PIPELINE_STAGE_2_RESOLVE_BIT, VK_ACCESS_2_TRANSFER_READ_BIT});
    transition(cmd, {output.image, VK_IMAGE_ASPECT_COLOR_BIT, t.views, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                     VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, colourStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                     VK_PIPELINE_STAGE_2_RESOLVE_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT});
    VkImageResolve region{};
    region.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, t.views};
    region.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, t.views};
    region.extent = {t.width, t.height, 1};
    vkCmdResolveImage(cmd, targets.colour().handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, output.image,
                      VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    // Back to the contract of record(): COLOR_ATTACHMENT_OPTIMAL, ordered
    // before whatever follows the colour-output stage.
    transition(cmd, {output.image, VK_IMAGE_ASPECT_COLOR_BIT, t.views, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_RESOLVE_BIT,
                     VK_ACCESS_2_TRANSFER_WRITE_BIT, colourStage,
                     VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
}

FrameStats Renderer::record(const Frame& frame, const RenderTargets& targets, const RenderOutput& output,
                            const FrameInputs& in) {
    const double start = threadCpuMilliseconds();
    const GpuScene& scene = in.scene;
    const FrameViews& views = in.views;
    const Lighting& lighting = in.lighting;
    FrameStats stats;
    stats.avatars = in.avatars;
    stats.views = views.count;
    PerFrame& f = frames_[frame.slot];
    const VkCommandBuffer cmd = frame.commands;
    const RenderTargetsCreateInfo& t = targets.info();

    detail::FrameUniform u{};
    for (std::uint32_t v = 0; v < 2; ++v) {
        const EyeView& eye = views.eyes[v < views.count ? v : 0];
        u.views[v] = {eye.viewProjection, glm::inverse(eye.viewProjection), glm::vec4(eye.eye, 1.0f)};
    }
    u.sunDirection = glm::vec4(glm::normalize(lighting.sunDirection), 0.0f);
    u.sunColour = glm::vec4(lighting.sunColour, 0.0f);
    u.skyZenith = glm::vec4(lighting.skyZenith, 0.0f);
    u.skyHorizon = glm::vec4(lighting.skyHorizon, 0.0f);
    u.skyAmbient = glm::vec4(lighting.skyAmbient, 0.0f);
    u.groundAmbient = glm::vec4(lighting.groundAmbient, 0.0f);
    u.ground = glm::vec4(lighting.groundColour, lighting.groundHeightM);
    u.params = glm::vec4(fogForView(lighting.fogDensity, scene.contentBounds(), views.combined.eye), 0.0f, 0.0f, 0.0f);

    if (f.boundObjects != scene.objectBuffer()) {
        // Safe: the FrameRing waited for this slot's previous submission.
        writeBufferDescriptor(gpu_.vk(), f.set, 1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, scene.objectBuffer());
        f.boundObjects = scene.objectBuffer();
    }

    buildDraws(scene, views, in.tiles, double(t.height), stats);
    const visibility::SelectionOptions lod{info_.maxScreenSpaceErrorPx, double(t.height), views.verticalFovDeg};
    const DynamicBatchStats dyn = dynamic_.build(scene.models(), scene.submeshes(), scene.materialCount(), in.dynamic,
                                                 views.selectionViews(), lod);
    stats.dynamicInstances = dyn.drawn;
    stats.dynamicCulled = dyn.culled;
    stats.dynamicRejected = dyn.rejected;
    stats.dynamicCommands = dyn.commands;
    stats.dynamicTriangles = dyn.triangles;
    stats.triangles += dyn.triangles;
    const auto& instanceData = dynamic_.instanceData();
    for (const DynamicInstanceData& d : instanceData) {  // avatars: a 2 m box around each origin
        const glm::dvec3 at(d.model[3]);
        drawnBounds_.add(at - 2.0);
        drawnBounds_.add(at + 2.0);
    }
    u.shadow = glm::vec4(0.0f);
    shadowCommands_.clear();
    std::uint64_t outsideTriangles = 0;
    if (shadow_->enabled()) {
        const glm::dvec3 eye = views.combined.eye;
        const glm::mat4 toWorld = glm::inverse(views.eyes[0].viewProjection);
        const auto unproject = [&](float depth) {
            const glm::vec4 p = toWorld * glm::vec4(0.0f, 0.0f, depth, 1.0f);
            return glm::dvec3(p) / double(p.w);
        };
        const glm::dvec3 forward = unproject(0.5f) - unproject(1.0f);  // reversed Z: 1 = near plane
        const city::Bounds receivers = shadowReceivers(drawnBounds_, eye, forward, double(lighting.groundHeightM));
        // The depth range reaches everything the scene holds, drawn or not:
        // a tower behind the eye lies between the sun and the ground in view.
        city::Bounds casters = scene.contentBounds();
        casters.add(drawnBounds_);
        const SunShadowFit fit = fitSunShadow(glm::vec3(u.sunDirection), receivers, casters, shadow_->size());
        if (fit.valid) {
            u.sunViewProj = fit.viewProjection;
            // Normal offset 1.5 texels; bias half a texel of depth (slopes get the offset).
            u.shadow = glm::vec4(1.0f, 1.5f * fit.texelMetres, 0.5f * fit.texelMetres / fit.depthRangeMetres,
                                 1.0f / float(shadow_->size()));
            outsideTriangles = buildShadowDraws(scene, views, fit.viewProjection, lod);
        }
    }
    std::size_t commandCount = shadowCommands_.size();
    for (const auto& bucket : buckets_) commandCount += bucket.size();
    for (const auto& bucket : dynamic_.buckets()) commandCount += bucket.size();
    const VkDeviceSize needed = std::max<std::size_t>(commandCount, 1) * sizeof(VkDrawIndexedIndirectCommand);
    if (needed > f.indirect.size())  // grows rarely; the old buffer is retired, not freed now
        f.indirect = Buffer(gpu_, {needed * 2, VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT, MemoryUsage::Upload});
    std::size_t written = 0;
    auto writeCommands = [&](std::span<const VkDrawIndexedIndirectCommand> commands) {
        if (commands.empty()) return;  // data() may be null: memcpy from null is undefined even for 0 bytes
        std::memcpy(f.indirect.mapped() + written * sizeof(VkDrawIndexedIndirectCommand), commands.data(),
                    commands.size() * sizeof(VkDrawIndexedIndirectCommand));
        written += commands.size();
    };
    for (const auto& bucket : buckets_) writeCommands(bucket);
    for (const auto& bucket : dynamic_.buckets()) writeCommands(bucket);
    writeCommands(shadowCommands_);  // last: the shadow pass alone draws them
    f.uniforms.write(std::as_bytes(std::span(&u, 1)));
    const bool twoPass = views.count > 1 && stereo_.path == StereoPath::TwoPass;
    if (!instanceData.empty()) {
        const VkDeviceSize bytes = instanceData.size() * sizeof(DynamicInstanceData);
        if (bytes > f.dynamic.size())  // grows rarely; the old buffer is retired, not freed now
            f.dynamic = Buffer(gpu_, {bytes * 2, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage::Upload});
        f.dynamic.write(std::as_bytes(std::span(instanceData)));
    }
    textVertices_.clear();
    if (!in.text.empty()) {
        if (font_) {
            const TextBuildStats ts = appendTextTriangles(textVertices_, font_->atlas(), in.text, glm::vec3(views.combined.eye));
            stats.texts = ts.texts;
            stats.glyphs = ts.glyphs;
            stats.missingGlyphs = ts.missingGlyphs + ts.invalidSequences;
        } else {
            for (const WorldText& text : in.text) stats.missingGlyphs += static_cast<std::uint32_t>(text.text.size());
        }
    }
    if (!textVertices_.empty()) {
        const VkDeviceSize bytes = textVertices_.size() * sizeof(TextVertex);
        if (bytes > f.text.size())  // grows rarely; the old buffer is retired, not freed now
            f.text = Buffer(gpu_, {bytes * 2, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage::Upload});
        f.text.write(std::as_bytes(std::span(textVertices_)));
    }

    std::uint32_t sceneCommands = 0, dynamicCommands = 0;
    for (const auto& bucket : buckets_) sceneCommands += static_cast<std::uint32_t>(bucket.size());
    for (const auto& bucket : dynamic_.buckets()) dynamicCommands += static_cast<std::uint32_t>(bucket.size());
    const bool casting = u.shadow.x > 0.0f;
    const auto shadowScene = static_cast<std::uint32_t>(shadowCommands_.size());
    stats.shadowDrawCalls = shadow_->record(
        cmd, {f.indirect.handle(), casting ? sceneCommands : 0, casting ? dynamicCommands : 0,
              sceneCommands + dynamicCommands, casting ? shadowScene : 0, scene.vertexBuffer(), scene.indexBuffer(),
              instanceData.empty() ? VK_NULL_HANDLE : f.dynamic.handle(), f.set,
              gpu_.device.capabilities().multiDrawIndirect, gpu_.device.capabilities().maxDrawIndirectCount});
    stats.drawCalls += stats.shadowDrawCalls;
    if (stats.shadowDrawCalls > 0) stats.shadowTriangles = stats.triangles + outsideTriangles;

    // Attachments: previous contents are discarded (UNDEFINED), but the
    // barriers order this frame's writes after the last frame's.
    const VkPipelineStageFlags2 depthStages =
        VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
    transition(cmd, {targets.depth().handle(), VK_IMAGE_ASPECT_DEPTH_BIT, targets.depth().info().layers,
                     VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, depthStages,
                     VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, depthStages,
                     VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT});
    for (const Image& resolve : targets.depthResolves())
        transition(cmd, {resolve.handle(), VK_IMAGE_ASPECT_DEPTH_BIT, resolve.info().layers, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, kKeptDepthWriteStages, kKeptDepthWriteAccess,
                         kKeptDepthWriteStages, kKeptDepthWriteAccess});
    const VkPipelineStageFlags2 colourStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    if (targets.colour())
        transition(cmd, {targets.colour().handle(), VK_IMAGE_ASPECT_COLOR_BIT, t.views, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, colourStage | VK_PIPELINE_STAGE_2_RESOLVE_BIT,
                         VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, colourStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    transition(cmd, {output.image, VK_IMAGE_ASPECT_COLOR_BIT, t.views, VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, colourStage | VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                     VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, colourStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});

    // One pass over all views (mono, multiview), or one per eye (`layer`):
    // the same culled draws replayed into a single layer.
    const bool multiDraw = gpu_.device.capabilities().multiDrawIndirect;
    const std::uint32_t maxPerCall = gpu_.device.capabilities().maxDrawIndirectCount;
    const VkBuffer vertexBuffer = scene.vertexBuffer();
    const VkDeviceSize zero = 0;
    const bool resolveAfter = twoPass && targets.colour();
    if (resolveAfter && !t.resolveAfterPasses)
        throw VulkanError("Renderer: two-pass stereo with MSAA needs targets with resolveAfterPasses",
                          VK_ERROR_INITIALIZATION_FAILED);
    // Begins the pass over all views (mono, multiview), or over one eye's
    // layer (`layer`, two-pass stereo), whose draws then come from a
    // secondary command buffer.
    auto beginPass = [&](std::optional<std::uint32_t> layer) {
        auto viewOf = [&](const Image& image) { return layer ? image.layerView(*layer) : image.view(); };
        const VkImageView outputView = layer ? output.layerViews[*layer] : output.view;
        VkRenderingAttachmentInfo colour{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        colour.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        colour.loadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;  // the sky covers every pixel
        colour.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        if (targets.colour() && resolveAfter) {
            colour.imageView = viewOf(targets.colour());  // resolved after the passes
        } else if (targets.colour()) {
            colour.imageView = viewOf(targets.colour());
            colour.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
            colour.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
            colour.resolveImageView = outputView;
            colour.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        } else {
            colour.imageView = outputView;
        }
        VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        depth.imageView = viewOf(targets.depth());
        depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        const VkImageView depthResolve = targets.depthResolveView(layer);
        depth.storeOp = t.keepDepth && !depthResolve ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE;
        if (depthResolve) {  // kept multisampled depth: resolved here, the samples dropped
            depth.resolveMode = t.depthResolveMode;
            depth.resolveImageView = depthResolve;
            depth.resolveImageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        }
        depth.clearValue.depthStencil = {0.0f, 0};  // reversed Z: 0 = infinitely far

        VkRenderingInfo rendering{VK_STRUCTURE_TYPE_RENDERING_INFO};
        rendering.flags = layer ? VK_RENDERING_CONTENTS_SECONDARY_COMMAND_BUFFERS_BIT : 0;
        rendering.renderArea = {{0, 0}, {t.width, t.height}};
        const bool multiview = views.count > 1 && !layer;
        rendering.layerCount = multiview || layer ? 1 : t.views;  // multiview: layers come from viewMask
        rendering.viewMask = multiview ? (1u << views.count) - 1 : 0;
        rendering.colorAttachmentCount = 1;
        rendering.pColorAttachments = &colour;
        rendering.pDepthAttachment = &depth;
        vkCmdBeginRendering(cmd, &rendering);
    };
    // The pass's draws into `c`: the primary (one pass), or the secondary
    // that each eye's pass replays.
    auto recordDraws = [&](VkCommandBuffer c) {
        const VkViewport viewport{0, 0, static_cast<float>(t.width), static_cast<float>(t.height), 0, 1};
        const VkRect2D scissor{{0, 0}, {t.width, t.height}};
        vkCmdSetViewport(c, 0, 1, &viewport);
        vkCmdSetScissor(c, 0, 1, &scissor);
        vkCmdBindDescriptorSets(c, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelineLayout_.handle(), 0, 1, &f.set, 0,
                                nullptr);

        vkCmdBindPipeline(c, VK_PIPELINE_BIND_POINT_GRAPHICS, skyPipeline_.handle());
        vkCmdDraw(c, 6, 1, 0, 0);
        ++stats.drawCalls;

        vkCmdBindPipeline(c, VK_PIPELINE_BIND_POINT_GRAPHICS, scenePipeline_.handle());
        vkCmdBindVertexBuffers(c, 0, 1, &vertexBuffer, &zero);
        vkCmdBindIndexBuffer(c, scene.indexBuffer(), 0, VK_INDEX_TYPE_UINT32);
        constexpr VkDeviceSize stride = sizeof(VkDrawIndexedIndirectCommand);
        VkDeviceSize offset = 0;
        // Each material's commands with as few calls as the device allows; returns the calls made.
        auto drawBuckets = [&](const std::vector<std::vector<VkDrawIndexedIndirectCommand>>& buckets) {
            std::uint32_t calls = 0;
            for (std::uint32_t m = 0; m < buckets.size(); ++m) {
                const auto count = static_cast<std::uint32_t>(buckets[m].size());
                if (count == 0) continue;
                const VkDescriptorSet set = scene.materialSet(m);
                vkCmdBindDescriptorSets(c, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelineLayout_.handle(), 1, 1, &set, 0,
                                        nullptr);
                const std::uint32_t perCall = multiDraw ? maxPerCall : 1;
                for (std::uint32_t first = 0; first < count; first += perCall) {
                    const std::uint32_t n = std::min(perCall, count - first);
                    vkCmdDrawIndexedIndirect(c, f.indirect.handle(), offset + first * stride, n, stride);
                    ++calls;
                }
                stats.drawCommands += count;
                offset += count * stride;
            }
            return calls;
        };
        stats.drawCalls += drawBuckets(buckets_);
        if (!instanceData.empty()) {
            vkCmdBindPipeline(c, VK_PIPELINE_BIND_POINT_GRAPHICS, dynamicPipeline_.handle());
            const VkBuffer buffers[] = {vertexBuffer, f.dynamic.handle()};
            const VkDeviceSize offsets[] = {0, 0};
            vkCmdBindVertexBuffers(c, 0, 2, buffers, offsets);
            const std::uint32_t calls = drawBuckets(dynamic_.buckets());
            stats.dynamicDrawCalls += calls;
            stats.drawCalls += calls;
        }
        if (!textVertices_.empty()) {
            vkCmdBindPipeline(c, VK_PIPELINE_BIND_POINT_GRAPHICS, textPipeline_->handle());
            const VkDescriptorSet set = font_->set();
            vkCmdBindDescriptorSets(c, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelineLayout_.handle(), 1, 1, &set, 0,
                                    nullptr);
            const VkBuffer textBuffer = f.text.handle();
            vkCmdBindVertexBuffers(c, 0, 1, &textBuffer, &zero);
            vkCmdDraw(c, static_cast<std::uint32_t>(textVertices_.size()), 1, 0, 0);
            ++stats.drawCalls;
            ++stats.textDrawCalls;
        }
        const std::span<const OverlayVertex> overlay = in.overlay;
        if (!overlay.empty() && overlayPipeline_) {
            const VkDeviceSize bytes = overlay.size_bytes();
            if (bytes > f.overlay.size())  // grows rarely; the old buffer is retired, not freed now
                f.overlay = Buffer(gpu_, {bytes * 2, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage::Upload});
            f.overlay.write(std::as_bytes(overlay));
            vkCmdBindPipeline(c, VK_PIPELINE_BIND_POINT_GRAPHICS, overlayPipeline_->handle());
            const VkBuffer overlayBuffer = f.overlay.handle();
            vkCmdBindVertexBuffers(c, 0, 1, &overlayBuffer, &zero);
            vkCmdDraw(c, static_cast<std::uint32_t>(overlay.size()), 1, 0, 0);
        }
        if (in.ui && ui_) ui_->record(c, frame.slot, *in.ui, t.width, t.height);
    };
    if (twoPass) {
        if (!output.layerViews[0] || !output.layerViews[1])
            throw VulkanError("Renderer: two-pass stereo needs the output's layer views", VK_ERROR_INITIALIZATION_FAILED);
        // The eyes' draws are recorded once and replayed per eye, so the
        // second eye costs the CPU no recording and no freeing of commands.
        // Each pass is view 0 of a one-layer pass: only the uniform block's
        // views[0] differs between the eyes, rewritten between the passes.
        const VkFormat colourFormat = t.colourFormat;
        VkCommandBufferInheritanceRenderingInfo inheritRendering{
            VK_STRUCTURE_TYPE_COMMAND_BUFFER_INHERITANCE_RENDERING_INFO};
        inheritRendering.colorAttachmentCount = 1;
        inheritRendering.pColorAttachmentFormats = &colourFormat;
        inheritRendering.depthAttachmentFormat = targets.depth().info().format;
        inheritRendering.rasterizationSamples = samples_;
        VkCommandBufferInheritanceInfo inherit{VK_STRUCTURE_TYPE_COMMAND_BUFFER_INHERITANCE_INFO};
        inherit.pNext = &inheritRendering;
        VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        // Simultaneous use: one primary executes it twice.
        begin.flags = VK_COMMAND_BUFFER_USAGE_RENDER_PASS_CONTINUE_BIT | VK_COMMAND_BUFFER_USAGE_SIMULTANEOUS_USE_BIT;
        begin.pInheritanceInfo = &inherit;
        PLACES_VK_CHECK(vkBeginCommandBuffer(frame.passCommands, &begin));
        const FrameStats before = stats;
        recordDraws(frame.passCommands);
        PLACES_VK_CHECK(vkEndCommandBuffer(frame.passCommands));
        // FrameStats counts what both passes draw.
        stats.drawCalls += stats.drawCalls - before.drawCalls;
        stats.drawCommands += stats.drawCommands - before.drawCommands;
        stats.dynamicDrawCalls += stats.dynamicDrawCalls - before.dynamicDrawCalls;
        stats.textDrawCalls += stats.textDrawCalls - before.textDrawCalls;

        beginPass(0u);
        vkCmdExecuteCommands(cmd, 1, &frame.passCommands);
        vkCmdEndRendering(cmd);
        // The right eye into views[0], after every read of the left's (the
        // shadow pass's and the left pass's shaders) and before the right pass.
        const VkPipelineStageFlags2 shaderStages =
            VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
        memoryBarrier(cmd, shaderStages, VK_ACCESS_2_UNIFORM_READ_BIT, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                      VK_ACCESS_2_TRANSFER_WRITE_BIT);
        vkCmdUpdateBuffer(cmd, f.uniforms.handle(), offsetof(detail::FrameUniform, views), sizeof(detail::ViewData),
                          &u.views[1]);
        memoryBarrier(cmd, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, shaderStages,
                      VK_ACCESS_2_UNIFORM_READ_BIT);
        if (targets.depth().info().layers == 1) {
            // One depth image for both eyes (RenderTargets::depthResolves()):
            // the right pass clears it only after the left pass's tests and
            // resolve are done with it.
            const VkPipelineStageFlags2 stages = depthStages | VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
            transition(cmd, {targets.depth().handle(), VK_IMAGE_ASPECT_DEPTH_BIT, 1,
                             VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, stages,
                             VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT,
                             depthStages,
                             VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT |
                                 VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT});
        }
        beginPass(1u);
        vkCmdExecuteCommands(cmd, 1, &frame.passCommands);
        vkCmdEndRendering(cmd);
        stats.passes = 2;
        if (resolveAfter) resolveIntoOutput(cmd, targets, output);
    } else {
        beginPass(std::nullopt);
        recordDraws(cmd);
        vkCmdEndRendering(cmd);
    }
    stats.recordMilliseconds = threadCpuMilliseconds() - start;
    return stats;
}

}  // namespace places::render
