#version 460
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// Shadow map of city tiles and props: depth only, seen from the sun.
layout(location = 0) in vec3 inPosition;

void main() {
    gl_Position = frame.sunViewProj * (objects[gl_InstanceIndex].model * vec4(inPosition, 1.0));
}
