#version 460
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// Shadow map of dynamic instances (avatars): depth seen from the sun; the
// fade goes to shadow_dynamic.frag, which dithers fading instances' shadows.
layout(location = 0) in vec3 inPosition;
layout(location = 4) in mat4 inModel;  // locations 4..7
layout(location = 8) in vec4 inTint;   // alpha = fade

layout(location = 0) flat out float outFade;

void main() {
    outFade = inTint.a;
    gl_Position = frame.sunViewProj * (inModel * vec4(inPosition, 1.0));
}
