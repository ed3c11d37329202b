// Shared by every shader: the per-frame uniform block (set 0, binding 0) and
// the object table (set 0, binding 1). Layout mirrors FrameUniform and
// ObjectData in src/shader_interface.hpp (std140 / std430).
// World space = the city's local frame: metres, Y up, x east, z south.
struct ViewData {
    mat4 viewProj;     // reversed-Z, infinite far plane: depth 1 at near, 0 at infinity
    mat4 invViewProj;
    vec4 eye;          // xyz = eye position
};

layout(set = 0, binding = 0, std140) uniform Frame {
    ViewData views[2];    // [gl_ViewIndex]; mono uses [0]
    vec4 sunDirection;    // xyz: unit vector towards the sun
    vec4 sunColour;       // rgb: linear irradiance scale
    vec4 skyZenith;       // rgb: linear
    vec4 skyHorizon;      // rgb: linear; also the fog colour
    vec4 skyAmbient;      // rgb: hemisphere light from above
    vec4 groundAmbient;   // rgb: hemisphere light from below
    vec4 ground;          // rgb: linear albedo of the ground plane; w: its height (y)
    vec4 params;          // x: fog density per metre
    mat4 sunViewProj;     // local frame -> the sun's shadow map clip space (reversed Z)
    vec4 shadow;          // x: 1 = shadows on; y: normal offset (m); z: depth bias; w: one texel in uv
} frame;

// The sun's shadow map (shadow_pass.hpp): depth comparison, 1 = lit.
layout(set = 0, binding = 2) uniform sampler2DShadow sunShadow;

struct ObjectData {
    mat4 model;   // object -> world: rotation, translation, any scale
    mat4 normal;  // inverse transpose of model's 3x3 (w row/column unused)
    vec4 tint;    // linear RGBA multiplier (material base colour factor)
};

layout(set = 0, binding = 1, std430) readonly buffer Objects {
    ObjectData objects[];
};

// Scene-referred linear light -> display-referred linear (the sRGB target
// encodes): Narkowicz's fit of the ACES filmic curve. Keeps sunlit walls from
// clipping to white while the shadowed sides keep contrast.
vec3 toneMap(vec3 x) {
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

// How much of the sun reaches `world` (0 = in shadow, 1 = lit): 3x3 PCF
// over the shadow map (each tap itself a 2x2 filtered comparison where the
// device filters depth), the lookup pushed off the surface along its normal
// `n` so that it does not shadow itself.
float sunVisibility(vec3 world, vec3 n) {
    if (frame.shadow.x < 0.5) return 1.0;
    vec4 clip = frame.sunViewProj * vec4(world + n * frame.shadow.y, 1.0);
    vec3 ndc = clip.xyz / clip.w;
    vec2 uv = ndc.xy * 0.5 + 0.5;
    float depth = ndc.z + frame.shadow.z;  // reversed Z: nearer the sun = larger
    // Outside the map (beyond its square or its depth range, e.g. the ground
    // plane far away): nothing was drawn there to cast, so lit.
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0))) || ndc.z < 0.0 || ndc.z > 1.0) return 1.0;
    float lit = 0.0;
    for (int y = -1; y <= 1; ++y)
        for (int x = -1; x <= 1; ++x)
            lit += texture(sunShadow, vec3(uv + vec2(x, y) * frame.shadow.w, depth));
    return lit / 9.0;
}

// Sun (shadowed), hemisphere ambient and fog on a surface of linear albedo
// `base` at `world` with normal `n` (unit, facing the viewer), seen from
// `fromEye` (world position minus the eye). The scene and dynamic pipelines
// light alike.
vec3 shadeSurface(vec3 base, vec3 n, vec3 fromEye, vec3 world) {
    float direct = max(dot(n, frame.sunDirection.xyz), 0.0);
    if (direct > 0.0) direct *= sunVisibility(world, n);
    // Hemisphere light: sky from above, bounce from the ground below.
    vec3 ambient = mix(frame.groundAmbient.rgb, frame.skyAmbient.rgb, n.y * 0.5 + 0.5);
    // Contact shade: the sky light a wall gets falls off towards the ground
    // it stands on (the street's width hides half the sky there), so each
    // building's foot reads as a dark line against the street even where the
    // sun does not reach. A cheap stand-in for ambient occlusion.
    float aboveGround = world.y - frame.ground.w;
    ambient *= mix(0.45, 1.0, smoothstep(0.0, 4.0, aboveGround) * (1.0 - abs(n.y)) + abs(n.y));
    vec3 lit = base * (frame.sunColour.rgb * direct + ambient);
    float fog = 1.0 - exp(-frame.params.x * length(fromEye));
    return toneMap(mix(lit, frame.skyHorizon.rgb, fog));
}
