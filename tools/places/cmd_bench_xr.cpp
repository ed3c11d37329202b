// places bench xr SCENE: the CPU cost of the headset frame loop against the
// desktop mono view of the same scene, and frame pacing. A benchmark, not a
// test: validation is off, nothing is asserted.
//
// Both modes run the client runtime's FrameLoop, as `places xr` and `places
// view` do. Stereo: places_xr_front's HeadsetRig (session, eye swapchains with
// depth, actions, renderer, XrSwapchainTarget) and HeadsetSource on an OpenXR
// runtime (the simulated headset with --simulated): events, xrWaitFrame/
// xrBeginFrame/xrLocateViews, action sync, locomotion, tile levels for both
// eyes, the renderer's record and submit, the eyes (and depth) delivered into
// the swapchains, xrEndFrame. Mono: a FixedCamera of the same size, pose and
// vertical field of view into a HeadlessTarget that submits without reading
// back (a desktop window's present is the driver's work). Per frame: the main
// thread's CPU time (CLOCK_THREAD_CPUTIME_ID) of one FrameLoop::frame, so
// waiting (for the display time or the GPU) is not counted; lavapipe
// rasterises on its own threads. Pacing: display times skipped between
// consecutive frames (xrWaitFrame's predicted times).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cmd_xr.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/view_start.hpp"
#include "places/xr/locomotion.hpp"
#include "places/xr/scene_ground.hpp"
#include "places/xr/stage_anchor.hpp"
#include "places/xr/xr_check.hpp"
#include "places/xr/xr_system.hpp"
#include "places/xr_front/headset_rig.hpp"
#include "places/xr_front/headset_source.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

struct BenchXrOptions {
    std::string scene;
    std::string view;
    bool simulated = false;
    int frames = 300;  // measured frames per mode, after kWarmUp
    bool json = false;
    bool phases = false;  // the stereo frame's breakdown (its clock reads cost CPU: not for the ratio)
    render::StereoPath stereoPath = render::StereoPath::Auto;
};

constexpr int kWarmUp = 10;
constexpr double kStandingEyeHeight = 1.6;  // as places xr alone: the stage floor this far below the view's eye

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    const auto k = static_cast<std::size_t>(std::lround(p * double(values.size() - 1)));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

struct StereoRun {
    std::vector<double> cpuMs;     // per measured frame
    std::vector<double> renderMs;  // of it: tile levels, record, submit, delivery (the rest: OpenXR, input)
    std::vector<double> frameCallsMs;  // of it: xrWaitFrame/BeginFrame/LocateViews, swapchain calls, xrEndFrame
    std::vector<double> inputMs;       // of it: action sync, controller spaces, locomotion
    std::vector<double> gpuMs;         // GPU time of the frame (timestamps), where the device has them
    std::uint64_t missed = 0;      // display times skipped between measured frames
    // Pacing the GPU does not explain: display times skipped right after a
    // frame whose GPU time fit in one period (the loop's own lateness, or the
    // machine's load), and how many measured frames had such a predecessor.
    std::uint64_t missedAfterGpuFit = 0;
    std::uint64_t gpuFitFrames = 0;
    std::uint64_t measured = 0;
    double refreshHz = 0.0;
    XrFovf fov{};                  // the left eye's, for the mono view
    visibility::CameraPose head;   // the last frame's centre eye, for the mono view
    std::string runtime;
    std::string stereoPath;        // the renderer's stereo path, as it describes itself
    std::string swapchains;        // layout and depth layer, as HeadsetRig describes them
    VkExtent2D extent{};
};

// Runs the headset frame loop until `frames` frames after the warm-up were rendered.
StereoRun measureStereo(const BenchXrOptions& o, runtime::RenderScene& scene, const runtime::NamedView& named,
                        render::Gpu& gpu, xr::XrSystem& system) {
    StereoRun run;
    run.runtime = system.runtimeName();
    const xr::StageAnchor stage =
        xr::StageAnchor::underEye(named.camera.pose.position, named.camera.pose.yawDeg, kStandingEyeHeight);
    const xr::SceneGround ground(xr::sceneTriangles(scene.geometry), scene.lighting.groundHeightM);
    xr::Locomotion locomotion({}, stage, ground);
    xr_front::HeadsetRig rig(system, gpu, {xr::SwapchainLayout::ArrayLayers, o.stereoPath});
    run.extent = rig.eyes.extent();
    run.stereoPath = rig.headless.renderer().stereo().describe();
    run.swapchains = rig.describe();
    const render::GpuScene gpuScene(gpu, scene.geometry, rig.headless.materialLayout(), {});
    xr_front::HeadsetSource source(rig.session, rig.actions, locomotion, rig.target);
    rig.target.phaseTimers = o.phases;
    source.phaseTimers = o.phases;
    runtime::FrameLoop loop(scene, gpuScene);
    XrTime previousDisplayTime = 0;
    double previousGpuMs = -1.0;
    for (;;) {
        if (rig.target.framesRendered() >= std::uint64_t(kWarmUp + o.frames)) rig.target.requestExit();
        const double start = render::threadCpuMilliseconds();
        const auto report = loop.frame(source, rig.target);
        if (!report) break;
        const double cpu = render::threadCpuMilliseconds() - start;
        const xr::FrameTiming& timing = rig.target.timing();
        if (rig.target.framesRendered() > std::uint64_t(kWarmUp) && run.measured < std::uint64_t(o.frames)) {
            run.cpuMs.push_back(cpu);
            if (o.phases) {
                run.renderMs.push_back(report->selectCpuMilliseconds + rig.target.renderCpuMilliseconds());
                run.frameCallsMs.push_back(rig.target.frameCallsCpuMilliseconds());
                run.inputMs.push_back(source.inputCpuMilliseconds());
            }
            if (report->delivery.gpuMilliseconds >= 0.0) run.gpuMs.push_back(report->delivery.gpuMilliseconds);
            ++run.measured;
            const double period = double(timing.predictedDisplayPeriod);
            if (previousDisplayTime != 0 && period > 0.0) {
                const auto skipped = static_cast<std::uint64_t>(
                    std::max(0.0, std::round(double(timing.predictedDisplayTime - previousDisplayTime) / period) - 1.0));
                run.missed += skipped;
                if (previousGpuMs >= 0.0 && previousGpuMs * 1e6 < period) {
                    ++run.gpuFitFrames;
                    run.missedAfterGpuFit += skipped;
                }
            }
            run.refreshHz = period > 0.0 ? 1e9 / period : 0.0;
        }
        previousDisplayTime = timing.predictedDisplayTime;
        previousGpuMs = report->delivery.gpuMilliseconds;
        run.fov = timing.eyes[0].fov;
        const glm::dvec3 centre = glm::dvec3(0.5f * (report->views.eyes[0].eye + report->views.eyes[1].eye));
        run.head = {centre, named.camera.pose.yawDeg, 0.0, 0.0};
    }
    gpu.queue.waitIdle();
    return run;
}

// The same scene as one desktop view through the same FrameLoop: same size,
// pose, vertical field of view.
std::vector<double> measureMono(const BenchXrOptions& o, const runtime::RenderScene& scene, render::Gpu& gpu,
                                const StereoRun& stereo) {
    render::HeadlessRenderer headless(gpu, {stereo.extent.width, stereo.extent.height, 1});
    const render::GpuScene gpuScene(gpu, scene.geometry, headless.materialLayout(), {});
    render::Camera camera;
    camera.pose = stereo.head;
    camera.verticalFovDeg = double(stereo.fov.angleUp - stereo.fov.angleDown) * 180.0 / M_PI;
    camera.nearPlane = xr_front::kHeadsetNearPlane;
    runtime::FixedCamera source(camera);
    runtime::HeadlessTarget target(headless, {stereo.extent.width, stereo.extent.height},
                                   runtime::HeadlessTarget::Mode::Submit);
    runtime::FrameLoop loop(scene, gpuScene);
    std::vector<double> cpuMs;
    for (int frame = 0; frame < kWarmUp + o.frames; ++frame) {
        const double start = render::threadCpuMilliseconds();
        loop.frame(source, target);
        if (frame >= kWarmUp) cpuMs.push_back(render::threadCpuMilliseconds() - start);
    }
    gpu.queue.waitIdle();
    return cpuMs;
}

int runBenchXr(const BenchXrOptions& o) {
    if (o.simulated) useSimulatedRuntime();
    Result<runtime::RenderScene> loaded = runtime::loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    runtime::RenderScene& scene = *loaded.value;
    const runtime::NamedView* named = runtime::namedViewOrReport(scene, o.view, o.scene, "places bench xr");
    if (!named) return 2;
    std::optional<xr::XrSystem> system;
    if (!xr_front::openXrSystem(system, "places bench xr", "places bench xr")) return 1;
    render::Instance instance(system->vulkanInstanceInfo(false));
    render::Gpu gpu(instance, system->vulkanDeviceInfo(instance.handle()));
    const StereoRun stereo = measureStereo(o, scene, *named, gpu, *system);
    if (stereo.cpuMs.empty()) {
        std::fprintf(stderr, "places bench xr: the runtime ended the session before any measured frame\n");
        return 1;
    }
    const std::vector<double> mono = measureMono(o, scene, gpu, stereo);
    const double stereoMedian = percentile(stereo.cpuMs, 0.5), monoMedian = percentile(mono, 0.5);
    const double ratio = monoMedian > 0.0 ? stereoMedian / monoMedian : 0.0;
    const std::string device = gpu.device.name();
    if (o.json) {
        nlohmann::json report = {
            {"scene", o.scene}, {"device", device}, {"runtime", stereo.runtime},
            {"eye_size", {stereo.extent.width, stereo.extent.height}}, {"frames", stereo.measured},
            {"stereo_path", stereo.stereoPath}, {"swapchains", stereo.swapchains},
            {"stereo_cpu_ms_median", stereoMedian}, {"stereo_cpu_ms_p90", percentile(stereo.cpuMs, 0.9)},
            {"phase_timers", o.phases},
            {"stereo_gpu_ms_median", stereo.gpuMs.empty() ? -1.0 : percentile(stereo.gpuMs, 0.5)},
            {"mono_cpu_ms_median", monoMedian}, {"mono_cpu_ms_p90", percentile(mono, 0.9)},
            {"stereo_over_mono", ratio}, {"refresh_hz", stereo.refreshHz}, {"missed_frames", stereo.missed},
            {"frames_after_gpu_fit", stereo.gpuFitFrames}, {"missed_after_gpu_fit", stereo.missedAfterGpuFit}};
        if (o.phases) {
            report["stereo_render_cpu_ms_median"] = percentile(stereo.renderMs, 0.5);
            report["stereo_frame_calls_cpu_ms_median"] = percentile(stereo.frameCallsMs, 0.5);
            report["stereo_input_cpu_ms_median"] = percentile(stereo.inputMs, 0.5);
        }
        std::printf("%s\n", report.dump(2).c_str());
        return 0;
    }
    std::printf("places bench xr: %s on %s (%s), eyes %ux%u, %llu frames per mode after %d warm-up\n",
                o.scene.c_str(), stereo.runtime.c_str(), device.c_str(), stereo.extent.width, stereo.extent.height,
                static_cast<unsigned long long>(stereo.measured), kWarmUp);
    std::printf("  stereo %s; %s\n", stereo.stereoPath.c_str(), stereo.swapchains.c_str());
    std::printf("  CPU ms per frame (main thread)   median    p90\n");
    std::printf("  stereo, XR frame loop          %7.2f %7.2f\n", stereoMedian, percentile(stereo.cpuMs, 0.9));
    if (o.phases) {
        std::printf("    of it rendering (as mono's)  %7.2f %7.2f\n", percentile(stereo.renderMs, 0.5),
                    percentile(stereo.renderMs, 0.9));
        std::printf("    of it OpenXR frame calls     %7.2f %7.2f\n", percentile(stereo.frameCallsMs, 0.5),
                    percentile(stereo.frameCallsMs, 0.9));
        std::printf("    of it input and locomotion   %7.2f %7.2f\n", percentile(stereo.inputMs, 0.5),
                    percentile(stereo.inputMs, 0.9));
    }
    std::printf("  mono, desktop view             %7.2f %7.2f\n", monoMedian, percentile(mono, 0.9));
    std::printf("  stereo / mono                  %7.2fx (target <= 1.2x)\n", ratio);
    std::printf("  pacing at %.0f Hz: %llu of %llu display times missed\n", stereo.refreshHz,
                static_cast<unsigned long long>(stereo.missed),
                static_cast<unsigned long long>(stereo.missed + stereo.measured));
    if (!stereo.gpuMs.empty()) {
        std::printf("  GPU ms per stereo frame: median %.2f, p90 %.2f\n", percentile(stereo.gpuMs, 0.5),
                    percentile(stereo.gpuMs, 0.9));
        std::printf("  after the %llu frames whose GPU time fit in a period: %llu display times missed\n",
                    static_cast<unsigned long long>(stereo.gpuFitFrames),
                    static_cast<unsigned long long>(stereo.missedAfterGpuFit));
    }
    return 0;
}

}  // namespace

void addBenchXrCommand(CLI::App& bench) {
    auto options = std::make_shared<BenchXrOptions>();
    CLI::App* cmd = bench.add_subcommand("xr", "Headset frame loop CPU time against mono, and frame pacing");
    cmd->add_option("scene", options->scene, "Scene file (JSON), CityGML or CityJSON file, or 'demo:'")->required();
    cmd->add_option("--view", options->view, "Named view of the scene: where the visitor stands");
    cmd->add_flag("--simulated", options->simulated,
                  "Use the simulated headset built with Places (PLACES_XR_SIM_CONFIG sets its rate and eye size)");
    cmd->add_option("--frames", options->frames, "Measured frames per mode")
        ->check(CLI::Range(1, 100000))->capture_default_str();
    cmd->add_flag("--json", options->json, "JSON output");
    cmd->add_flag("--phases", options->phases,
                  "Also time the stereo frame's parts (rendering, OpenXR frame calls, input); the extra clock reads "
                  "add CPU time to stereo, so take the ratio from a run without");
    addStereoPathOption(*cmd, options->stereoPath);
    setRenderCommandCallback(*cmd, "bench xr", [options] {
        try {
            return runBenchXr(*options);
        } catch (const xr::XrError& e) {
            std::fprintf(stderr, "places bench xr: %s\n", e.what());
            return 1;
        }
    });
}

}  // namespace places::cli
