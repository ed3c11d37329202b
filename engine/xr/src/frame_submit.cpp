#include "places/xr/frame_submit.hpp"

#include <vector>

namespace places::xr {

void submitFrame(Session& session, const FrameTiming& timing, EyeSwapchains* eyes, float nearZ, float farZ) {
    std::vector<const XrCompositionLayerBaseHeader*> layers;
    if (eyes)
        layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(
            &eyes->projectionLayer(timing, session.playSpace(), nearZ, farZ)));
    session.endFrame(timing, layers);
}

}  // namespace places::xr
