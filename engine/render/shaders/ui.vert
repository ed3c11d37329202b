#version 460

// The panel (Dear ImGui converted to places::render::UiDrawList): positions in
// normalised device coordinates, uv into the font atlas, sRGB RGBA8 colours.
layout(location = 0) in vec2 inPosition;
layout(location = 1) in vec2 inUv;
layout(location = 2) in vec4 inColour;
layout(location = 0) out vec4 outColour;  // linear
layout(location = 1) out vec2 outUv;

void main() {
    outColour = vec4(pow(inColour.rgb, vec3(2.2)), inColour.a);
    outUv = inUv;
    gl_Position = vec4(inPosition, 0.0, 1.0);
}
