#include "places/runtime/headless_target.hpp"

namespace places::runtime {

FrameDelivery HeadlessTarget::render(const FrameInput& in) {
    FrameDelivery delivery;
    delivery.delivered = true;
    if (mode_ == Mode::Submit) {
        delivery.stats = renderer_.submitFrame(in.scene, in.views, in.tiles, in.lighting);
        delivery.gpuMilliseconds = renderer_.lastGpuMilliseconds();
        return delivery;
    }
    auto result = renderer_.render(in.scene, in.views, in.tiles, in.lighting);
    image_ = std::move(result.image);
    delivery.stats = result.stats;
    delivery.gpuMilliseconds = result.gpuMilliseconds;
    return delivery;
}

}  // namespace places::runtime
