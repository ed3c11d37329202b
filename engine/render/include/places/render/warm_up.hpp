#pragma once
// A throw-away first frame, drawn while the scene is still loading.
//
// Why: a software rasteriser (lavapipe) compiles or fetches from its disk
// cache the shader variants a draw needs at the first draw that needs them
// (keyed on pipeline, attachment formats, sample count and the kind of texture
// sampled), and first-touches its render targets then: ~40 ms of a
// `places render` on the CI machine, spent after the scene had loaded.
// Drawing the sky, one plain and one textured (mipmapped, power-of-two) box
// into the real targets moves that work into the time the program waits for
// the scene anyway. On a GPU it is one tiny submission.
#include "places/render/frame_views.hpp"
#include "places/render/scene_geometry.hpp"

namespace places::render {

// Plain data: two boxes at the origin, material 0 (plain) and a textured one.
SceneGeometry warmUpGeometry();

// A camera that sees both boxes of warmUpGeometry().
Camera warmUpCamera();

}  // namespace places::render
