#version 460

layout(set = 0, binding = 0) uniform sampler2D fontAtlas;
layout(location = 0) in vec4 inColour;
layout(location = 1) in vec2 inUv;
layout(location = 0) out vec4 outColour;

void main() {
    outColour = inColour * texture(fontAtlas, inUv);  // no tone map: UI colours are display-referred
}
