#pragma once
// The sun's shadow map: one depth map seen from the sun (orthographic), fitted
// each frame to what the frame draws near the eye, rendered before the main
// pass from its own selection of city tiles and props (those in the map's
// box, in view or not: a building behind the eye still casts into the
// picture) and the frame's dynamic instances (everything opaque casts), sampled by every lit shader with 3x3 PCF over
// hardware depth comparison (frame.glsl: sunVisibility). Mono, multiview and
// headless alike: the map is view-independent, so both eyes share it.
// Reversed Z like the main pass: depth 1 nearest the sun, cleared to 0.
// Frame: the city's local frame (metres, Y up, x east, z south).
#include <cstdint>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <vulkan/vulkan.h>

#include "places/city/city_model.hpp"
#include "places/render/image.hpp"
#include "places/render/pipeline.hpp"

namespace places::render {

class Gpu;

// Where the sun's map lies this frame (pure: testable without a GPU).
struct SunShadowFit {
    glm::mat4 viewProjection{1.0f};  // local frame -> the map's clip space (reversed Z)
    float texelMetres = 0.0f;        // one map texel on the ground, metres
    float depthRangeMetres = 1.0f;   // the map's depth 0..1 spans this many metres
    bool valid = false;              // false: nothing to shadow (empty receivers)
};

// Fits the map to `receivers` (what should get shadows: the drawn content
// near the eye) seen along `sunDirection` (towards the sun), with its depth
// range covering `casters` too (everything drawn, so a tall building outside
// the receiver box still casts into it). The map's origin is snapped to whole
// texels so shadows do not shimmer as the eye moves.
SunShadowFit fitSunShadow(const glm::vec3& sunDirection, const city::Bounds& receivers, const city::Bounds& casters,
                          std::uint32_t mapSize);

// The part of `content` that gets shadows for an eye at `eye` looking along
// `forward`: a square around the point ahead of the eye, its half-size four
// times the eye's height above `groundY` (clamped to 80 m .. 5 km), so a
// street view gets sharp shadows and a city overview gets all of them.
city::Bounds shadowReceivers(const city::Bounds& content, const glm::dvec3& eye, const glm::dvec3& forward,
                             double groundY);

// The draws of the shadow pass: ranges of the frame's indirect buffer
// (in commands, not bytes): what the main pass draws, and the casters it does
// not draw (outside every view, inside the map's box).
struct ShadowDraws {
    VkBuffer indirect = VK_NULL_HANDLE;
    std::uint32_t sceneCommands = 0;    // from offset 0: city tiles and props in view (scene pipeline)
    std::uint32_t dynamicCommands = 0;  // right after them: dynamic instances
    std::uint32_t outsideFirst = 0;     // tiles and props outside the views (scene pipeline)
    std::uint32_t outsideCommands = 0;
    VkBuffer vertices = VK_NULL_HANDLE;
    VkBuffer indices = VK_NULL_HANDLE;
    VkBuffer dynamicInstances = VK_NULL_HANDLE;  // per-instance data of the dynamic commands
    VkDescriptorSet frameSet = VK_NULL_HANDLE;   // set 0 (frame uniform with sunViewProj, objects)
    bool multiDraw = true;
    std::uint32_t maxPerCall = 1;
};

struct ShadowPassCreateInfo {
    VkPipelineLayout layout = VK_NULL_HANDLE;  // the renderer's (set 0 = frame)
    std::uint32_t size = 2048;                 // texels per side
    bool enabled = true;  // false: a 1x1 map cleared to "lit", no draws (shaders skip it too)
};

class ShadowPass {
public:
    ShadowPass(Gpu& gpu, const ShadowPassCreateInfo& info);
    ~ShadowPass();
    ShadowPass(const ShadowPass&) = delete;
    ShadowPass& operator=(const ShadowPass&) = delete;

    bool enabled() const { return info_.enabled; }
    std::uint32_t size() const { return info_.size; }
    VkImageView view() const { return map_.view(); }
    VkSampler sampler() const { return sampler_; }

    // Records the map (disabled or with nothing to draw: only cleared) and
    // leaves it in SHADER_READ_ONLY_OPTIMAL for fragment shaders. Call outside
    // any rendering; returns the draw calls made.
    std::uint32_t record(VkCommandBuffer commands, const ShadowDraws& draws);

private:
    Gpu& gpu_;
    ShadowPassCreateInfo info_;
    Image map_;
    VkSampler sampler_ = VK_NULL_HANDLE;
    GraphicsPipeline scenePipeline_;
    GraphicsPipeline dynamicPipeline_;
};

}  // namespace places::render
