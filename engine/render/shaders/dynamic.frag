#version 460
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

layout(set = 1, binding = 0) uniform sampler2D baseColour;

layout(location = 0) in vec3 inFromEye;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inColour;  // alpha: the instance's fade
layout(location = 4) in vec3 inWorld;

layout(location = 0) out vec4 outColour;

// Fading is a screen-door: a 4x4 ordered-dither pattern discards a share of
// the pixels equal to 1 - alpha. It needs no sorting of a thousand avatars,
// keeps depth writes (fading avatars still hide what is behind them
// correctly) and stays in the opaque pass; MSAA resolve softens the pattern.
const float kBayer[16] = float[16](0.0, 8.0, 2.0, 10.0, 12.0, 4.0, 14.0, 6.0,
                                   3.0, 11.0, 1.0, 9.0, 15.0, 7.0, 13.0, 5.0);

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy) & 3;
    if (inColour.a < (kBayer[p.y * 4 + p.x] + 0.5) / 16.0) discard;
    vec3 base = texture(baseColour, inUv).rgb * inColour.rgb;
    vec3 n = normalize(inNormal);
    if (!gl_FrontFacing) n = -n;
    outColour = vec4(shadeSurface(base, n, inFromEye, inWorld), 1.0);
}
