#version 460
#extension GL_EXT_multiview : require
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// World text: glyph quads already placed in the world on the CPU
// (text_layout.cpp), so the shader only projects them.
layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec2 inUv;
layout(location = 2) in vec4 inColour;   // linear RGBA8 (UNORM)
layout(location = 3) in vec4 inOutline;  // linear RGBA8 (UNORM)

layout(location = 0) out vec2 outUv;
layout(location = 1) out vec4 outColour;
layout(location = 2) out vec4 outOutline;

void main() {
    outUv = inUv;
    outColour = inColour;
    outOutline = inOutline;
    gl_Position = frame.views[gl_ViewIndex].viewProj * vec4(inPosition, 1.0);
}
