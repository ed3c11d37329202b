#version 460
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// Shadow map of dynamic instances (avatars): depth only, seen from the sun.
// Fading instances cast their whole shadow (no dither in the map).
layout(location = 0) in vec3 inPosition;
layout(location = 4) in mat4 inModel;  // locations 4..7

void main() {
    gl_Position = frame.sunViewProj * (inModel * vec4(inPosition, 1.0));
}
