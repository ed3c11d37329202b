#pragma once
// The headless frame target: frames rendered offscreen by a HeadlessRenderer
// (no display), at a fixed extent. ReadBack waits for each frame and keeps its
// pixels (`places render`, image feeds); Submit records and submits without
// waiting or reading back (`places bench render`). The 2D overlay of
// FrameContent is not drawn here (it belongs to interactive windows).
#include "places/render/headless.hpp"
#include "places/render/rgba_image.hpp"
#include "places/runtime/frame_loop.hpp"

namespace places::runtime {

class HeadlessTarget final : public FrameTarget {
public:
    enum class Mode { ReadBack, Submit };
    // `renderer` must outlive the target; `extent` is the renderer's.
    HeadlessTarget(render::HeadlessRenderer& renderer, FrameExtent extent, Mode mode)
        : renderer_(renderer), extent_(extent), mode_(mode) {}

    // Always the same extent: a headless target never ends by itself (the
    // front end decides how many frames it runs).
    std::optional<FrameExtent> beginFrame() override { return extent_; }
    FrameDelivery render(const FrameInput& input) override;

    // The last ReadBack frame's pixels (RGBA, top row first; stereo: both eyes side by side).
    const render::RgbaImage& image() const { return image_; }

private:
    render::HeadlessRenderer& renderer_;
    FrameExtent extent_;
    Mode mode_;
    render::RgbaImage image_;
};

}  // namespace places::runtime
