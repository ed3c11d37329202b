#pragma once
// SPIR-V of the renderer's shaders, compiled by glslc at build time and
// embedded in the library (no shader files to ship or find at run time).
#include <cstdint>
#include <span>

namespace places::render {

enum class ShaderId {
    SceneVert, SceneFrag, SkyVert, SkyFrag, OverlayVert, OverlayFrag, DynamicVert, DynamicFrag, TextVert, TextFrag,
    UiVert, UiFrag, ProbeVert, ProbeFrag, ShadowVert, ShadowDynamicVert, ShadowDynamicFrag
};

std::span<const std::uint32_t> shaderCode(ShaderId id);

}  // namespace places::render
