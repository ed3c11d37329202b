// places bench render SCENE: per view, mono and stereo: CPU time per frame
// (median, p99 of Renderer::record), GPU time (timestamp queries), draw calls,
// triangles, visible tiles. Text or --json.
#include <algorithm>
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
    for (const std::uint32_t views : {1u, 2u}) {
        render::HeadlessRenderer headless(gpu, {width, height, views, o.msaa});
        report["msaa_samples"] = static_cast<unsigned>(headless.renderer().samples());
        const render::GpuScene gpuScene(gpu, scene.geometry, headless.materialLayout(), {o.maxTextureSize});
        for (const NamedView& view : scene.views) {
            const render::FrameViews frameViews =
                views == 2 ? render::stereoViews(view.camera, aspect) : render::monoViews(view.camera, aspect);
            std::vector<double> cpu, gpuMs;
            render::FrameStats stats;
            visibility::Selection selection;
            std::vector<render::TileLevelRef> tiles;
            for (int f = -3; f < o.frames; ++f) {  // 3 warm-up frames
                // Selection is part of the CPU cost of a frame.
                const auto start = std::chrono::steady_clock::now();
                render::chooseTileLevels(scene.geometry.tileNodes, frameViews, double(height), selection, tiles);
                const double selectMs =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
                stats = headless.submitFrame(gpuScene, frameViews, tiles, scene.lighting);
                if (f < 0) continue;
                cpu.push_back(selectMs + stats.recordMilliseconds);
                if (headless.lastGpuMilliseconds() >= 0) gpuMs.push_back(headless.lastGpuMilliseconds());
            }
            headless.finish();
            report["runs"].push_back({{"view", view.name},
                                      {"mode", views == 2 ? "stereo" : "mono"},
                                      {"cpu_ms_median", percentile(cpu, 0.5)},
                                      {"cpu_ms_p99", percentile(cpu, 0.99)},
                                      {"gpu_ms_median", percentile(gpuMs, 0.5)},
                                      {"draw_calls", stats.drawCalls},
                                      {"draw_commands", stats.drawCommands},
                                      {"triangles", stats.triangles},
                                      {"visible_tiles", stats.visibleTiles},
                                      {"visible_instances", stats.visibleInstances},
                                      {"coarse_instances", stats.coarseInstances}});
        }
    }
    if (o.json) {
        std::printf("%s\n", report.dump(2).c_str());
    } else {
        std::printf("%s on %s, %ux%u, %ux MSAA, %d frames per run\n", o.scene.c_str(), gpu.device.name().c_str(),
                    width, height, report["msaa_samples"].get<unsigned>(), o.frames);
        std::printf("%-16s %-6s %10s %10s %10s %6s %10s %6s %9s\n", "view", "mode", "cpu med", "cpu p99", "gpu med",
                    "draws", "triangles", "tiles", "props lod");
        for (const auto& r : report["runs"])
            std::printf("%-16s %-6s %7.3f ms %7.3f ms %7.2f ms %6u %10llu %6u %4u/%-4u\n",
                        r["view"].get<std::string>().c_str(), r["mode"].get<std::string>().c_str(),
                        r["cpu_ms_median"].get<double>(), r["cpu_ms_p99"].get<double>(),
                        r["gpu_ms_median"].get<double>(), r["draw_calls"].get<unsigned>(),
                        static_cast<unsigned long long>(r["triangles"].get<std::uint64_t>()),
                        r["visible_tiles"].get<unsigned>(), r["coarse_instances"].get<unsigned>(),
                        r["visible_instances"].get<unsigned>());
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
    cmd->add_option("--max-texture-size", options->maxTextureSize, kMaxTextureSizeHelp)
        ->check(CLI::Range(1u, 16384u))->capture_default_str();
    cmd->add_flag("--json", options->json, "JSON output");
    addMsaaOption(*cmd, options->msaa);
    cmd->callback([options] {
        int code = 1;
        try {
            code = runBench(*options);
        } catch (const render::VulkanError& e) {
            std::fprintf(stderr, "places bench render: %s\n", e.what());
        }
        throw CommandExit{code};
    });
}

}  // namespace places::cli
