// places bench render SCENE: its options (places/runtime/render_benchmark.hpp
// runs the frames and prints the report).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "places/runtime/render_benchmark.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

// The settings are bound to the options directly; the size is parsed here.
struct BenchOptions {
    runtime::RenderBenchmarkSettings settings;
    std::string size = "1280x720";
};

int runBench(BenchOptions o) {
    if (!parseSize(o.size, o.settings.width, o.settings.height)) {
        std::fprintf(stderr, "places bench render: bad --size or --frames\n");
        return 2;
    }
    return runtime::runRenderBenchmark(o.settings);
}

}  // namespace

void addBenchRenderCommand(CLI::App& bench) {
    auto options = std::make_shared<BenchOptions>();
    CLI::App* cmd = bench.add_subcommand("render", "Renderer frame times, draw calls and triangles per view");
    cmd->add_option("scene", options->settings.scene, "Scene file, CityGML/CityJSON file, or 'demo:'")->required();
    cmd->add_option("--size", options->size, "Frame size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("--frames", options->settings.frames, "Measured frames per view and mode")->capture_default_str();
    cmd->add_option("--gpu", options->settings.gpu, "Use the device whose name contains this text");
    addMaxTextureSizeOption(*cmd, options->settings.maxTextureSize);
    cmd->add_option("--avatars", options->settings.avatars,
                    "Also measure with this many avatars in view (comma-separated sizes, e.g. 100,1000), "
                    "interleaved with 0")
        ->delimiter(',');
    cmd->add_flag("--json", options->settings.json, "JSON output");
    addMsaaOption(*cmd, options->settings.msaa);
    addShadowsOption(*cmd, options->settings.shadows);
    setRenderCommandCallback(*cmd, "bench render", [options] { return runBench(*options); });
}

}  // namespace places::cli
