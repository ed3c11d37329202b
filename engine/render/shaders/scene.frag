#version 460
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

layout(set = 1, binding = 0) uniform sampler2D baseColour;  // sRGB texture, decoded by the sampler

layout(location = 0) in vec3 inFromEye;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inColour;
layout(location = 4) in vec3 inWorld;

layout(location = 0) out vec4 outColour;  // linear; the sRGB target encodes

void main() {
    vec4 base = texture(baseColour, inUv) * inColour;
    if (base.a < 0.5) discard;  // alpha-masked foliage and fences
    // City meshes are not consistently wound: light both faces.
    vec3 n = normalize(inNormal);
    if (!gl_FrontFacing) n = -n;
    outColour = vec4(shadeSurface(base.rgb, n, inFromEye, inWorld), 1.0);
}
