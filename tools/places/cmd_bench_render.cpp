// places bench render SCENE: per view, mono and stereo: CPU time per frame
// (median, p99 of tile selection + Renderer::record, thread CPU time; mono
// and stereo frames alternate), GPU time (timestamp queries), draw calls,
// triangles, visible tiles. Text or --json.
#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/render/tile_levels.hpp"
#include "places/render/vk_check.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

struct BenchOptions {
    std::string scene;
    std::string size = "1280x720";
    std::string gpu;
    int frames = 30;
    bool json = false;
    render::Msaa msaa = render::Msaa::Auto;
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
};

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return -1.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * double(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

int runBench(const BenchOptions& o) {
    std::uint32_t width = 0, height = 0;
    if (!parseSize(o.size, width, height) || o.frames < 1) {
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
    const double aspect = double(width) / double(height);
    // Mono and stereo frames alternate (one renderer each, both alive), so
    // that the two modes see the same machine state: measured one after the
    // other, a busy shared machine skewed the stereo/mono ratio by +-20 %.
    struct Mode {
        const char* name;
        std::uint32_t views;
        std::unique_ptr<render::HeadlessRenderer> headless;
        std::unique_ptr<render::GpuScene> scene;
    };
    std::array<Mode, 2> modes{Mode{"mono", 1, nullptr, nullptr}, Mode{"stereo", 2, nullptr, nullptr}};
    for (Mode& mode : modes) {
        mode.headless = std::make_unique<render::HeadlessRenderer>(
            gpu, render::HeadlessCreateInfo{width, height, mode.views, o.msaa});
        mode.scene = std::make_unique<render::GpuScene>(gpu, scene.geometry, mode.headless->materialLayout(),
                                                        render::GpuSceneOptions{o.maxTextureSize});
    }
    report["msaa_samples"] = static_cast<unsigned>(modes[0].headless->renderer().samples());
    for (const NamedView& view : scene.views) {
        struct Samples {
            std::vector<double> cpu, gpuMs;
            render::FrameStats stats;
            visibility::Selection selection;
            std::vector<render::TileLevelRef> tiles;
            render::FrameViews frameViews;
        };
        std::array<Samples, 2> samples;
        samples[0].frameViews = render::monoViews(view.camera, aspect);
        samples[1].frameViews = render::stereoViews(view.camera, aspect);
        for (int f = -3; f < o.frames; ++f) {  // 3 warm-up frames
            for (std::size_t k = 0; k < modes.size(); ++k) {
                // Which mode goes first alternates too: the second one finds
                // the caches warm from the first one's selection.
                const std::size_t m = (f % 2 == 0) ? k : modes.size() - 1 - k;
                Samples& x = samples[m];
                // Selection is part of the CPU cost of a frame; thread CPU time
                // (not wall time) so preemption on a shared machine is not counted.
                const double start = render::threadCpuMilliseconds();
                render::chooseTileLevels(scene.geometry.tileNodes, x.frameViews, double(height), x.selection, x.tiles);
                const double selectMs = render::threadCpuMilliseconds() - start;
                x.stats = modes[m].headless->submitFrame(
                    {.scene = *modes[m].scene, .views = x.frameViews, .lighting = scene.lighting, .tiles = x.tiles});
                if (f < 0) continue;
                x.cpu.push_back(selectMs + x.stats.recordMilliseconds);
                if (modes[m].headless->lastGpuMilliseconds() >= 0)
                    x.gpuMs.push_back(modes[m].headless->lastGpuMilliseconds());
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

}  // namespace

void addBenchRenderCommand(CLI::App& bench) {
    auto options = std::make_shared<BenchOptions>();
    CLI::App* cmd = bench.add_subcommand("render", "Renderer frame times, draw calls and triangles per view");
    cmd->add_option("scene", options->scene, "Scene file, CityGML/CityJSON file, or 'demo:'")->required();
    cmd->add_option("--size", options->size, "Frame size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("--frames", options->frames, "Measured frames per view and mode")->capture_default_str();
    cmd->add_option("--gpu", options->gpu, "Use the device whose name contains this text");
    addMaxTextureSizeOption(*cmd, options->maxTextureSize);
    cmd->add_flag("--json", options->json, "JSON output");
    addMsaaOption(*cmd, options->msaa);
    setRenderCommandCallback(*cmd, "bench render", [options] { return runBench(*options); });
}

}  // namespace places::cli
