// The frame loop (places/runtime/frame_loop.hpp) on lavapipe with the
// validation layer: the source's views reach tile selection and the target,
// the content hook runs once per frame before the target renders, the loop
// stops when the target does, and a headless target delivers the pixels.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <vector>

#include "gpu_fixture.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/render_scene.hpp"

using namespace places;

namespace {

// Forwards to a HeadlessTarget for `frames` frames, then ends; records what
// each frame brought.
class RecordingTarget final : public runtime::FrameTarget {
public:
    RecordingTarget(runtime::HeadlessTarget& inner, int frames) : inner_(inner), left_(frames) {}
    std::optional<runtime::FrameExtent> beginFrame() override {
        if (left_-- <= 0) return std::nullopt;
        return inner_.beginFrame();
    }
    runtime::FrameDelivery render(const runtime::FrameInput& in) override {
        tiles.push_back(in.tiles.size());
        overlayVertices.push_back(in.content.overlay.size());
        views.push_back(in.views.count);
        return inner_.render(in);
    }
    std::vector<std::size_t> tiles, overlayVertices;
    std::vector<std::uint32_t> views;

private:
    runtime::HeadlessTarget& inner_;
    int left_;
};

bool hasDistinctPixels(const render::RgbaImage& image) {
    if (image.pixels.size() < 8) return false;
    for (std::size_t i = 4; i < image.pixels.size(); i += 4)
        if (!std::equal(image.pixels.begin(), image.pixels.begin() + 4, image.pixels.begin() + std::ptrdiff_t(i)))
            return true;
    return false;
}

}  // namespace

TEST_CASE("the frame loop runs source -> tile levels -> content -> target until the target ends",
          "[runtime][frame_loop]") {
    auto loaded = runtime::loadRenderScene("demo:");
    REQUIRE(loaded.value);
    const runtime::RenderScene& scene = *loaded.value;
    render::test::GpuFixture fixture;
    {
        render::HeadlessRenderer headless(*fixture.gpu, {64, 48, 1, render::Msaa::Off});
        const render::GpuScene gpuScene(*fixture.gpu, scene.geometry, headless.materialLayout());
        runtime::HeadlessTarget inner(headless, {64, 48}, runtime::HeadlessTarget::Mode::ReadBack);
        RecordingTarget target(inner, 3);
        runtime::FixedCamera overview(scene.views.front().camera);
        runtime::FrameLoop loop(scene, gpuScene);

        std::vector<std::uint64_t> hookFrames;
        const runtime::FrameContentHook hook = [&](const runtime::FrameContext& frame, runtime::FrameContent& content) {
            hookFrames.push_back(frame.index);
            CHECK(frame.extent.width == 64);
            CHECK(frame.extent.height == 48);
            REQUIRE(frame.views != nullptr);
            CHECK(frame.views->count == 1);
            CHECK(content.overlay.empty());  // cleared before every frame
            render::appendOverlayText(content.overlay, "x", 1.0f, 1.0f, 1.0f, 64, 48);
        };
        std::vector<runtime::FrameReport> reports;
        while (auto report = loop.frame(overview, target, hook)) reports.push_back(*report);

        REQUIRE(reports.size() == 3);
        CHECK(loop.frames() == 3);
        CHECK(hookFrames == std::vector<std::uint64_t>{0, 1, 2});
        CHECK(target.overlayVertices == std::vector<std::size_t>(3, target.overlayVertices.front()));
        CHECK(target.overlayVertices.front() > 0);  // the hook's content reached the target
        for (const runtime::FrameReport& r : reports) {
            CHECK(r.delivery.delivered);
            CHECK(r.delivery.stats.views == 1);
            CHECK(r.delivery.stats.visibleTiles > 0);
            CHECK(r.selectCpuMilliseconds >= 0.0);
        }
        CHECK(target.tiles.front() > 0);  // the overview sees the city
        CHECK(inner.image().width == 64);
        CHECK(inner.image().height == 48);
        CHECK(hasDistinctPixels(inner.image()));

        // The source decides what is selected: straight up from above the city, nothing.
        render::Camera sky = scene.views.front().camera;
        sky.pose.position.y = 2000.0;
        sky.pose.pitchDeg = 89.0;
        runtime::FixedCamera up(sky);
        RecordingTarget skyTarget(inner, 1);
        const auto skyFrame = loop.frame(up, skyTarget);
        REQUIRE(skyFrame);
        CHECK(skyTarget.tiles == std::vector<std::size_t>{0});
        CHECK(skyFrame->delivery.stats.visibleTiles == 0);
        CHECK(!loop.frame(up, skyTarget));  // that target ended
    }
    fixture.requireNoValidationMessages();
}

TEST_CASE("a stereo view source gives the target two views", "[runtime][frame_loop]") {
    auto loaded = runtime::loadRenderScene("demo:");
    REQUIRE(loaded.value);
    render::test::GpuFixture fixture;
    {
        render::HeadlessRenderer headless(*fixture.gpu, {48, 32, 2, render::Msaa::Off});
        const render::GpuScene gpuScene(*fixture.gpu, loaded.value->geometry, headless.materialLayout());
        runtime::HeadlessTarget target(headless, {48, 32}, runtime::HeadlessTarget::Mode::ReadBack);
        runtime::FixedCamera eyes(loaded.value->views.front().camera, true, 0.064);
        runtime::FrameLoop loop(*loaded.value, gpuScene);
        const auto frame = loop.frame(eyes, target);
        REQUIRE(frame);
        CHECK(frame->views.count == 2);
        CHECK(frame->delivery.stats.views == 2);
        CHECK(target.image().layers == 2);
    }
    fixture.requireNoValidationMessages();
}
