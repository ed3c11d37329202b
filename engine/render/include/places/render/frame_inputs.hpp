#pragma once
// Everything one frame draws, as one struct passed to Renderer::record,
// HeadlessRenderer::render/submitFrame and WindowRenderer::frame: the
// immutable scene (city and props), the views, the city tile levels chosen
// for them, the lighting, and the per-frame parts: dynamic instances (avatars,
// anything that moves), world-anchored text (name tags, signs) and the
// screen-space overlay. The struct only refers to the caller's data; it must
// outlive the call, nothing is kept afterwards.
// Frame: the city's local frame (metres, Y up, x east, z south).
#include <cstdint>
#include <span>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "places/render/frame_views.hpp"
#include "places/render/overlay_text.hpp"
#include "places/render/ui_draw.hpp"
#include "places/render/world_text.hpp"

namespace places::render {

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

// DynamicInstance::level: let the renderer choose by screen-space error.
inline constexpr std::uint32_t kChooseLevel = 0xffffffffu;

// One model of the GpuScene drawn this frame only. Instances of the same model
// and level are drawn with one instanced command, and all commands of one
// material with one multi-draw, so a thousand avatars cost a handful of draw
// calls. Culled against the frustum by the model's bounds under `transform`.
struct DynamicInstance {
    std::uint32_t model = 0;    // index into the scene's models; out of range: not drawn, counted
    // Model -> local frame: rotation, translation and a UNIFORM scale (normals
    // are transformed by the same matrix and renormalised).
    glm::mat4 transform{1.0f};
    // Linear RGBA tint, multiplies the vertex colour (the model's material
    // factor is not applied). Alpha < 1 fades the instance out by dithering.
    glm::vec4 colour{1.0f};
    // kChooseLevel: the coarsest level within the renderer's screen-space
    // error budget (as for props); otherwise this level (clamped to the model's).
    std::uint32_t level = kChooseLevel;
};

// What buildAvatarInstances decided this frame (avatar_instances.hpp);
// copied into FrameStats so nothing leaves the picture uncounted.
struct AvatarCounts {
    std::uint32_t full = 0;     // drawn at full detail
    std::uint32_t coarse = 0;   // drawn at a coarser level
    std::uint32_t asDots = 0;   // beyond the distance or count budget: a dot
    std::uint32_t culled = 0;   // outside every view's frustum
    std::uint32_t hidden = 0;   // not drawn on purpose (fully faded, no avatar)
    std::uint32_t invalid = 0;  // not drawn: a non-finite position or a zero/non-finite quaternion
    std::uint32_t tagsHidden = 0;  // name tags left out: mostly covered by a nearer avatar's tag
};

struct FrameInputs {
    const GpuScene& scene;
    const FrameViews& views;  // views.count must equal the renderer's view count
    const Lighting& lighting;
    std::span<const TileLevelRef> tiles = {};
    std::span<const DynamicInstance> dynamic = {};
    std::span<const WorldText> text = {};  // needs a renderer built with a font
    // Mono only: screen-space triangles drawn last without depth, not counted in the stats.
    std::span<const OverlayVertex> overlay = {};
    AvatarCounts avatars = {};
    // Mono only, with a renderer built with a UI font: the panel, drawn after the overlay.
    const UiDrawList* ui = nullptr;
};

}  // namespace places::render
