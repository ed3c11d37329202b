#version 460

// Screen-space text and panels (the stats overlay of `places view`): positions
// arrive in normalised device coordinates, colours as sRGB RGBA8.
layout(location = 0) in vec2 inPosition;
layout(location = 1) in vec4 inColour;
layout(location = 0) out vec4 outColour;  // linear

void main() {
    outColour = vec4(pow(inColour.rgb, vec3(2.2)), inColour.a);
    gl_Position = vec4(inPosition, 0.0, 1.0);
}
