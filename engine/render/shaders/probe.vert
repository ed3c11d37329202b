#version 460
#extension GL_EXT_multiview : require

// The stereo path probe (stereo_probe.cpp): one floor-like triangle in clip
// space (reverse-Z, infinite far: z is the near distance) with two corners far
// out beyond the side planes and one behind the eye, so it must be clipped
// against the near and both side planes, as a festival floor under the
// visitor is. The same in every view: each layer must come out the same.
void main() {
    const vec4 corners[3] = vec4[](vec4(-173.2, 2.77, 0.5, 50.0), vec4(173.2, 2.77, 0.5, 50.0),
                                   vec4(0.0, 2.77, 0.5, -100.0));
    // gl_ViewIndex * 0: the view index is read, as the scene shaders read it.
    gl_Position = corners[gl_VertexIndex] + vec4(0.0, 0.0, 0.0, 0.0) * float(gl_ViewIndex);
}
