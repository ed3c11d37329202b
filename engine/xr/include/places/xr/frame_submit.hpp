#pragma once
// Ends one headset frame: xrEndFrame with the layers the frame has. Kept as
// one small function so that what a frame submits (the eyes' projection
// layer, with a depth info per view when depth was delivered) is decided in
// one place.
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/xr_session.hpp"

namespace places::xr {

// `eyes` null: the frame was not rendered (not visible, views not tracked),
// so it ends with no layers, which the runtime shows as nothing. Otherwise the
// eyes' images, released this frame, go out as one projection layer in
// `space` with the frame's views and the renderer's near/far planes; with
// `withDepth` (the renderer's depth was copied into the eyes' depth
// swapchains) each view chains an XrCompositionLayerDepthInfoKHR
// (XR_KHR_composition_layer_depth) for the renderer's reverse-Z.
void submitFrame(Session& session, const FrameTiming& timing, EyeSwapchains* eyes, float nearZ, float farZ,
                 bool withDepth = false);

}  // namespace places::xr
