#version 460
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

layout(location = 0) in vec3 inRay;
layout(location = 1) flat in vec3 inEye;
layout(location = 0) out vec4 outColour;

void main() {
    vec3 dir = normalize(inRay);
    float up = dir.y;
    vec3 colour = mix(frame.skyHorizon.rgb, frame.skyZenith.rgb, pow(clamp(up, 0.0, 1.0), 0.45));
    float sunDot = dot(dir, frame.sunDirection.xyz);
    // The sun: a disc of about 0.6 degrees and a soft glow around it.
    colour += frame.sunColour.rgb * (4.0 * smoothstep(0.99993, 0.99996, sunDot) + 0.25 * pow(max(sunDot, 0.0), 300.0));
    float height = inEye.y - frame.ground.w;
    if (up < 0.0 && height > 0.0) {
        // The ground plane y = ground.w, lit like any upward-facing surface.
        float distance = height / -up;
        vec3 ambient = frame.skyAmbient.rgb;
        vec3 onGround = inEye + dir * distance;
        float sun = max(frame.sunDirection.y, 0.0) * sunVisibility(onGround, vec3(0.0, 1.0, 0.0));
        vec3 lit = frame.ground.rgb * (frame.sunColour.rgb * sun + ambient);
        float fog = 1.0 - exp(-frame.params.x * distance);
        colour = mix(lit, frame.skyHorizon.rgb, fog);
    }
    outColour = vec4(toneMap(colour), 1.0);
}
