#version 460

// Signed-distance-field glyphs (font_atlas.hpp): the atlas' alpha is 0.5 on
// the outline, rising inside. The edge is anti-aliased over one screen pixel
// (fwidth), so text is crisp at any size; an outline band outside the glyph
// keeps light text legible against sky and walls.
layout(set = 1, binding = 0) uniform sampler2D atlas;

layout(location = 0) in vec2 inUv;
layout(location = 1) in vec4 inColour;
layout(location = 2) in vec4 inOutline;

layout(location = 0) out vec4 outColour;

// The outline: about 1.5 screen pixels, but at most 0.2 of the distance range
// (0.5 = the whole padding) and at least 0.08, so it neither swallows large
// text nor spreads over the padding of small text.
void main() {
    float d = texture(atlas, inUv).a;
    float w = clamp(fwidth(d), 1e-4, 0.2);
    float fill = smoothstep(0.5 - w, 0.5 + w, d);
    float edge = 0.5 - clamp(1.5 * w, 0.08, 0.2);
    float shape = smoothstep(edge - w, edge + w, d);
    vec4 c = mix(inOutline, inColour, fill);
    float a = c.a * shape;
    if (a < 0.004) discard;
    outColour = vec4(c.rgb, a);
}
