#version 460

layout(location = 0) out vec4 outColour;

void main() {
    outColour = vec4(1.0);
}
