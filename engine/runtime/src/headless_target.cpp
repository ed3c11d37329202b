#include "places/runtime/headless_target.hpp"

namespace places::runtime {

FrameDelivery HeadlessTarget::render(const FrameInput& in) {
    FrameDelivery delivery;
    delivery.delivered = true;
    if (mode_ == Mode::Submit) {
        delivery.stats = renderer_.submitFrame(toRenderInputs(in));
        delivery.gpuMilliseconds = renderer_.lastGpuMilliseconds();
        return delivery;
    }
    auto result = renderer_.render(toRenderInputs(in));
    image_ = std::move(result.image);
    delivery.stats = result.stats;
    delivery.gpuMilliseconds = result.gpuMilliseconds;
    return delivery;
}

}  // namespace places::runtime
