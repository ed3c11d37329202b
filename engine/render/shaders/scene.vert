#version 460
#extension GL_EXT_multiview : require
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// gl_ViewIndex is used only here: fragment shaders get per-view values as
// varyings (lavapipe 22.3 reads a wrong gl_ViewIndex in fragment shaders).

layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inColour;  // sRGB-encoded RGBA8 (UNORM)

layout(location = 0) out vec3 outFromEye;  // world position minus this view's eye
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec2 outUv;
layout(location = 3) out vec4 outColour;  // linear
layout(location = 4) out vec3 outWorld;  // local frame (sun shadow lookup)

void main() {
    // gl_InstanceIndex includes firstInstance: every indirect command names
    // its object through firstInstance, so one multi-draw covers many objects.
    ObjectData object = objects[gl_InstanceIndex];
    vec4 world = object.model * vec4(inPosition, 1.0);
    outFromEye = world.xyz - frame.views[gl_ViewIndex].eye.xyz;
    outNormal = mat3(object.normal) * inNormal;
    outUv = inUv;
    outColour = vec4(pow(inColour.rgb, vec3(2.2)), inColour.a) * object.tint;
    outWorld = world.xyz;
    gl_Position = frame.views[gl_ViewIndex].viewProj * world;
}
