#pragma once
// Ends one headset frame: xrEndFrame with the layers the frame has. Kept as
// one small function so that what a frame submits (today the eyes' projection
// layer; depth info and other layers slot in here) is decided in one place.
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/xr_session.hpp"

namespace places::xr {

// `eyes` null: the frame was not rendered (not visible, views not tracked),
// so it ends with no layers, which the runtime shows as nothing. Otherwise the
// eyes' images, released this frame, go out as one projection layer in
// `space` with the frame's views and the renderer's near/far planes.
void submitFrame(Session& session, const FrameTiming& timing, EyeSwapchains* eyes, float nearZ, float farZ);

}  // namespace places::xr
