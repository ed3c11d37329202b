#include "places/render/shaders.hpp"

namespace places::render {

namespace {
// Each .inc is glslc -mfmt=num output: the SPIR-V words, comma-separated.
constexpr std::uint32_t kSceneVert[] = {
#include "scene.vert.inc"
};
constexpr std::uint32_t kSceneFrag[] = {
#include "scene.frag.inc"
};
constexpr std::uint32_t kSkyVert[] = {
#include "sky.vert.inc"
};
constexpr std::uint32_t kSkyFrag[] = {
#include "sky.frag.inc"
};
constexpr std::uint32_t kOverlayVert[] = {
#include "overlay.vert.inc"
};
constexpr std::uint32_t kOverlayFrag[] = {
#include "overlay.frag.inc"
};
constexpr std::uint32_t kDynamicVert[] = {
#include "dynamic.vert.inc"
};
constexpr std::uint32_t kDynamicFrag[] = {
#include "dynamic.frag.inc"
};
constexpr std::uint32_t kTextVert[] = {
#include "text.vert.inc"
};
constexpr std::uint32_t kTextFrag[] = {
#include "text.frag.inc"
};
constexpr std::uint32_t kUiVert[] = {
#include "ui.vert.inc"
};
constexpr std::uint32_t kUiFrag[] = {
#include "ui.frag.inc"
};
constexpr std::uint32_t kProbeVert[] = {
#include "probe.vert.inc"
};
constexpr std::uint32_t kProbeFrag[] = {
#include "probe.frag.inc"
};
constexpr std::uint32_t kShadowVert[] = {
#include "shadow.vert.inc"
};
constexpr std::uint32_t kShadowDynamicVert[] = {
#include "shadow_dynamic.vert.inc"
};
constexpr std::uint32_t kShadowDynamicFrag[] = {
#include "shadow_dynamic.frag.inc"
};
}  // namespace

std::span<const std::uint32_t> shaderCode(ShaderId id) {
    switch (id) {
        case ShaderId::SceneVert: return kSceneVert;
        case ShaderId::SceneFrag: return kSceneFrag;
        case ShaderId::SkyVert: return kSkyVert;
        case ShaderId::SkyFrag: return kSkyFrag;
        case ShaderId::OverlayVert: return kOverlayVert;
        case ShaderId::OverlayFrag: return kOverlayFrag;
        case ShaderId::DynamicVert: return kDynamicVert;
        case ShaderId::DynamicFrag: return kDynamicFrag;
        case ShaderId::TextVert: return kTextVert;
        case ShaderId::TextFrag: return kTextFrag;
        case ShaderId::UiVert: return kUiVert;
        case ShaderId::UiFrag: return kUiFrag;
        case ShaderId::ProbeVert: return kProbeVert;
        case ShaderId::ProbeFrag: return kProbeFrag;
        case ShaderId::ShadowVert: return kShadowVert;
        case ShaderId::ShadowDynamicVert: return kShadowDynamicVert;
        case ShaderId::ShadowDynamicFrag: return kShadowDynamicFrag;
    }
    return {};
}

}  // namespace places::render
