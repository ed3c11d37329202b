#pragma once
// One frame loop for every front end (`places view`, `places render`,
// `places bench render`, later the headset): a ViewSource says where the
// frame looks from, a FrameTarget renders and delivers it (a window, headless
// images, later an XR swapchain), and FrameLoop runs the steps in between:
//
//   target extent -> source views -> tile levels -> front-end content -> target
//
// Front ends differ only in the source, the target and the FrameContent they
// add per frame; the pipeline is written once, here.
//
// Threads: everything on the calling thread. Units: pixels for extents,
// metres and the local frame (places/city/local_frame.hpp) for views.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "places/render/frame_views.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/overlay_text.hpp"
#include "places/render/renderer.hpp"
#include "places/render/tile_levels.hpp"
#include "places/runtime/render_scene.hpp"

namespace places::runtime {

// The image the next frame renders into, per eye, in pixels; never 0x0.
struct FrameExtent {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    double aspect() const { return double(width) / double(height); }
};

// What a front end adds to a frame besides the scene. Cleared before each
// frame and filled by the front end's FrameContentHook; new per-frame inputs
// (dynamic instances such as avatars, UI draw data) become members here, so
// the loop's shape does not change when they arrive. The scene's signs and
// stage screens are added by the loop before the hook runs.
struct FrameContent {
    std::vector<render::OverlayVertex> overlay;  // 2D text quads in pixels (window targets)
    std::vector<render::DynamicInstance> dynamic;  // avatars and anything else that moves
    std::vector<render::WorldText> text;           // name tags, signs (views into front-end strings)
    render::AvatarCounts avatars;                  // what the avatar builder decided, for the stats
    const render::UiDrawList* ui = nullptr;        // the panel (mono targets with a UI font)

    void clear() {
        overlay.clear();
        dynamic.clear();
        text.clear();
        avatars = {};
        ui = nullptr;
    }
};

// Where the frame is, for the content hook.
struct FrameContext {
    std::uint64_t index = 0;  // frames run by this loop so far
    FrameExtent extent;
    const render::FrameViews* views = nullptr;
};
using FrameContentHook = std::function<void(const FrameContext&, FrameContent&)>;

// Gives each frame's views (one camera, or two eyes) for the target's extent.
class ViewSource {
public:
    virtual ~ViewSource() = default;
    virtual render::FrameViews views(const FrameExtent& extent) = 0;
};

// Everything a target needs to render one frame; valid during render() only.
struct FrameInput {
    const render::GpuScene& scene;
    const render::FrameViews& views;
    std::span<const render::TileLevelRef> tiles;
    const render::Lighting& lighting;
    const FrameContent& content;
};

// The renderer's view of a FrameInput (one struct for every render call).
render::FrameInputs toRenderInputs(const FrameInput& input);

struct FrameDelivery {
    bool delivered = false;  // false: nothing shown this time (e.g. a swapchain rebuilt); try again
    render::FrameStats stats;
    double gpuMilliseconds = -1.0;  // this or an earlier frame's GPU time; negative when unknown
};

// Renders frames and delivers them somewhere.
class FrameTarget {
public:
    virtual ~FrameTarget() = default;
    // The extent of the next frame, after polling whatever the target polls
    // (window events); nullopt when the target takes no more frames.
    virtual std::optional<FrameExtent> beginFrame() = 0;
    virtual FrameDelivery render(const FrameInput& input) = 0;
};

struct FrameReport {
    FrameDelivery delivery;
    FrameExtent extent;
    render::FrameViews views;
    double selectCpuMilliseconds = 0.0;  // thread CPU time of the tile level choice (part of a frame's CPU cost)
};

// Runs frames of one scene; keeps the selection buffers between frames, so
// the steady state allocates nothing. The scene and its upload must outlive it.
class FrameLoop {
public:
    FrameLoop(const RenderScene& scene, const render::GpuScene& gpuScene)
        : scene_(scene), gpuScene_(gpuScene), signs_(scene.signs) {}

    // The clock the stage screens show the programme for (default: real time).
    void setEventClock(const EventClock& clock) { clock_ = clock; }

    // One frame; nullopt when the target takes no more frames.
    std::optional<FrameReport> frame(ViewSource& source, FrameTarget& target, const FrameContentHook& content = {});

    std::uint64_t frames() const { return frames_; }

private:
    const RenderScene& scene_;
    const render::GpuScene& gpuScene_;
    visibility::Selection selection_;
    std::vector<render::TileLevelRef> tiles_;
    FrameContent content_;
    std::uint64_t frames_ = 0;
    // The scene's signs; the stage screens follow the clock, checked at most
    // once a second (the programme changes by minutes, not frames).
    SceneSigns signs_;
    EventClock clock_;
    std::optional<std::chrono::steady_clock::time_point> nextScreenCheck_;
};

// The statistics line of `places render --stats` and `places view --stats`.
std::string formatStats(const render::FrameStats& stats, double gpuMilliseconds);

}  // namespace places::runtime
