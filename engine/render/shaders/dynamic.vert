#version 460
#extension GL_EXT_multiview : require
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// Per-frame dynamic instances (avatars): the scene's vertices (binding 0)
// with a per-instance transform and tint (binding 1, input rate instance;
// firstInstance of each command points at its group in the frame's buffer).

layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inColour;  // sRGB-encoded RGBA8 (UNORM)
layout(location = 4) in mat4 inModel;   // locations 4..7: model -> world, rigid + uniform scale
layout(location = 8) in vec4 inTint;    // linear RGBA; alpha = fade

layout(location = 0) out vec3 outFromEye;
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec2 outUv;
layout(location = 3) out vec4 outColour;  // linear; alpha = fade
layout(location = 4) out vec3 outWorld;  // local frame (sun shadow lookup)

void main() {
    vec4 world = inModel * vec4(inPosition, 1.0);
    outFromEye = world.xyz - frame.views[gl_ViewIndex].eye.xyz;
    outNormal = mat3(inModel) * inNormal;  // uniform scale: renormalised per fragment
    outUv = inUv;
    outColour = vec4(pow(inColour.rgb, vec3(2.2)) * inTint.rgb, inTint.a);
    outWorld = world.xyz;
    gl_Position = frame.views[gl_ViewIndex].viewProj * world;
}
