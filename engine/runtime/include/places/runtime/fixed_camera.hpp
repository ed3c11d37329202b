#pragma once
// The scripted view source: one fixed camera (a scene's named view or a
// --camera option), seen mono or by two eyes `ipdM` metres apart.
#include "places/runtime/frame_loop.hpp"

namespace places::runtime {

class FixedCamera final : public ViewSource {
public:
    explicit FixedCamera(const render::Camera& camera, bool stereo = false, double ipdM = 0.064)
        : camera_(camera), stereo_(stereo), ipdM_(ipdM) {}

    void setCamera(const render::Camera& camera) { camera_ = camera; }
    render::FrameViews views(const FrameExtent& extent) override {
        return stereo_ ? render::stereoViews(camera_, extent.aspect(), ipdM_) : render::monoViews(camera_, extent.aspect());
    }

private:
    render::Camera camera_;
    bool stereo_ = false;
    double ipdM_ = 0.064;
};

}  // namespace places::runtime
