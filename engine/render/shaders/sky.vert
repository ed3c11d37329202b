#version 460
#extension GL_EXT_multiview : require
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// The background: sky and an infinite ground plane, drawn first without
// depth. A screen-filling quad inside the clip volume (z = 0.5, |x|,|y| <= 1):
// lavapipe 22.3 drops triangles that need clipping in multiview view 1.
// The view ray is computed per vertex: points on the near plane are affine in
// NDC, so the interpolated ray is exact.
layout(location = 0) out vec3 outRay;
layout(location = 1) flat out vec3 outEye;

void main() {
    const vec2 corners[6] = vec2[](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));
    vec2 ndc = corners[gl_VertexIndex];
    ViewData view = frame.views[gl_ViewIndex];
    vec4 onNear = view.invViewProj * vec4(ndc, 1.0, 1.0);  // depth 1 = near plane
    outRay = onNear.xyz / onNear.w - view.eye.xyz;
    outEye = view.eye.xyz;
    gl_Position = vec4(ndc, 0.5, 1.0);
}
