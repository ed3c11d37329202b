#version 460
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

layout(set = 1, binding = 0) uniform sampler2D baseColour;  // sRGB texture, decoded by the sampler

layout(location = 0) in vec3 inFromEye;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inColour;

layout(location = 0) out vec4 outColour;  // linear; the sRGB target encodes

void main() {
    vec4 base = texture(baseColour, inUv) * inColour;
    if (base.a < 0.5) discard;  // alpha-masked foliage and fences
    // City meshes are not consistently wound: light both faces.
    vec3 n = normalize(inNormal);
    if (!gl_FrontFacing) n = -n;
    vec3 sun = frame.sunDirection.xyz;
    float direct = max(dot(n, sun), 0.0);
    // Hemisphere light: sky from above, bounce from the ground below.
    vec3 ambient = mix(frame.groundAmbient.rgb, frame.skyAmbient.rgb, n.y * 0.5 + 0.5);
    vec3 lit = base.rgb * (frame.sunColour.rgb * direct + ambient);
    float distance = length(inFromEye);
    float fog = 1.0 - exp(-frame.params.x * distance);
    outColour = vec4(toneMap(mix(lit, frame.skyHorizon.rgb, fog)), 1.0);
}
