#version 460
// Shadow map of dynamic instances: a fading avatar (tint alpha < 1) keeps
// only that share of its texels, in the 4x4 ordered dither of dynamic.frag,
// so the 3x3 PCF lookup darkens the ground by about its fade instead of
// casting a full shadow for a figure that is nearly gone.
layout(location = 0) flat in float inFade;

const float kBayer[16] = float[16](0.0, 8.0, 2.0, 10.0, 12.0, 4.0, 14.0, 6.0,
                                   3.0, 11.0, 1.0, 9.0, 15.0, 7.0, 13.0, 5.0);

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy) & 3;
    if (inFade < (kBayer[p.y * 4 + p.x] + 0.5) / 16.0) discard;
}
