#include "places/runtime/render_benchmark.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/render_scene.hpp"

namespace places::runtime {

namespace {

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return -1.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * double(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

}  // namespace

int runRenderBenchmark(const RenderBenchmarkSettings& o) {
    const std::uint32_t width = o.width, height = o.height;
    if (width == 0 || height == 0 || o.frames < 1) {
        std::fprintf(stderr, "places bench render: bad --size or --frames\n");
        return 2;
    }
    Result<RenderScene> loaded = loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    const RenderScene& scene = *loaded.value;

    render::Instance instance({});
    render::Gpu gpu(instance, {o.gpu, VK_NULL_HANDLE});
    nlohmann::json report = {{"scene", o.scene}, {"device", gpu.device.name()}, {"width", width},
                             {"height", height}, {"frames", o.frames}, {"runs", nlohmann::json::array()}};
    // Mono and stereo frames alternate (one renderer each, both alive), so
    // that the two modes see the same machine state: measured one after the
    // other, a busy shared machine skewed the stereo/mono ratio by +-20 %.
    struct Mode {
        const char* name;
        std::uint32_t views;
        std::unique_ptr<render::HeadlessRenderer> headless;
        std::unique_ptr<render::GpuScene> scene;
        std::unique_ptr<HeadlessTarget> target;
        std::unique_ptr<FrameLoop> loop;
    };
    std::array<Mode, 2> modes{Mode{"mono", 1, nullptr, nullptr, nullptr, nullptr},
                              Mode{"stereo", 2, nullptr, nullptr, nullptr, nullptr}};
    for (Mode& mode : modes) {
        mode.headless = std::make_unique<render::HeadlessRenderer>(
            gpu, render::HeadlessCreateInfo{width, height, mode.views, o.msaa});
        mode.scene = std::make_unique<render::GpuScene>(gpu, scene.geometry, mode.headless->materialLayout(),
                                                        render::GpuSceneOptions{o.maxTextureSize});
        mode.target = std::make_unique<HeadlessTarget>(*mode.headless, FrameExtent{width, height},
                                                                HeadlessTarget::Mode::Submit);
        mode.loop = std::make_unique<FrameLoop>(scene, *mode.scene);
    }
    report["msaa_samples"] = static_cast<unsigned>(modes[0].headless->renderer().samples());
    for (const NamedView& view : scene.views) {
        struct Samples {
            std::vector<double> cpu, gpuMs;
            render::FrameStats stats;
        };
        std::array<Samples, 2> samples;
        std::array<FixedCamera, 2> sources{FixedCamera(view.camera, false),
                                                    FixedCamera(view.camera, true)};
        for (int f = -3; f < o.frames; ++f) {  // 3 warm-up frames
            for (std::size_t k = 0; k < modes.size(); ++k) {
                // Which mode goes first alternates too: the second one finds
                // the caches warm from the first one's selection.
                const std::size_t m = (f % 2 == 0) ? k : modes.size() - 1 - k;
                Samples& x = samples[m];
                // Selection is part of the CPU cost of a frame; thread CPU time
                // (not wall time) so preemption on a shared machine is not counted.
                const FrameReport frame = *modes[m].loop->frame(sources[m], *modes[m].target);
                x.stats = frame.delivery.stats;
                if (f < 0) continue;
                x.cpu.push_back(frame.selectCpuMilliseconds + x.stats.recordMilliseconds);
                if (frame.delivery.gpuMilliseconds >= 0) x.gpuMs.push_back(frame.delivery.gpuMilliseconds);
            }
        }
        for (std::size_t m = 0; m < modes.size(); ++m) {
            modes[m].headless->finish();
            const Samples& x = samples[m];
            nlohmann::json run = {{"view", view.name},
                                  {"mode", modes[m].name},
                                  {"cpu_ms_median", percentile(x.cpu, 0.5)},
                                  {"cpu_ms_p99", percentile(x.cpu, 0.99)},
                                  {"gpu_ms_median", percentile(x.gpuMs, 0.5)},
                                  {"draw_calls", x.stats.drawCalls},
                                  {"draw_commands", x.stats.drawCommands},
                                  {"triangles", x.stats.triangles},
                                  {"visible_tiles", x.stats.visibleTiles},
                                  {"visible_instances", x.stats.visibleInstances},
                                  {"coarse_instances", x.stats.coarseInstances}};
            if (m == 1) run["cpu_ratio_vs_mono"] = percentile(x.cpu, 0.5) / percentile(samples[0].cpu, 0.5);
            report["runs"].push_back(std::move(run));
        }
    }
    if (o.json) {
        std::printf("%s\n", report.dump(2).c_str());
    } else {
        std::printf("%s on %s, %ux%u, %ux MSAA, %d frames per run\n", o.scene.c_str(), gpu.device.name().c_str(),
                    width, height, report["msaa_samples"].get<unsigned>(), o.frames);
        std::printf("%-16s %-6s %10s %10s %10s %6s %10s %6s %9s %8s\n", "view", "mode", "cpu med", "cpu p99",
                    "gpu med", "draws", "triangles", "tiles", "props lod", "cpu/mono");
        for (const auto& r : report["runs"]) {
            const std::string ratio =
                r.contains("cpu_ratio_vs_mono") ? std::to_string(r["cpu_ratio_vs_mono"].get<double>()).substr(0, 4) : "";
            std::printf("%-16s %-6s %7.3f ms %7.3f ms %7.2f ms %6u %10llu %6u %4u/%-4u %8s\n",
                        r["view"].get<std::string>().c_str(), r["mode"].get<std::string>().c_str(),
                        r["cpu_ms_median"].get<double>(), r["cpu_ms_p99"].get<double>(),
                        r["gpu_ms_median"].get<double>(), r["draw_calls"].get<unsigned>(),
                        static_cast<unsigned long long>(r["triangles"].get<std::uint64_t>()),
                        r["visible_tiles"].get<unsigned>(), r["coarse_instances"].get<unsigned>(),
                        r["visible_instances"].get<unsigned>(), ratio.c_str());
        }
    }
    return 0;
}

}  // namespace places::runtime
