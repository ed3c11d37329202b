// places render SCENE: the options of one headless frame written as PNG
// (places/runtime/image_render.hpp does the work).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "places/runtime/image_render.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

// The settings are bound to the options directly; the size is parsed here.
struct RenderOptions {
    runtime::ImageRenderSettings settings;
    std::string size = "1280x720";
    std::string clock;
};

int runRender(RenderOptions o) {
    if (!parseSize(o.size, o.settings.width, o.settings.height)) {
        std::fprintf(stderr, "places render: --size must be WIDTHxHEIGHT, got '%s'\n", o.size.c_str());
        return 2;
    }
    if (!applyEventClockOption(o.clock, o.settings.clock, "render")) return 2;
    return runtime::renderImage(o.settings);
}

}  // namespace

void addRenderCommand(CLI::App& app) {
    auto options = std::make_shared<RenderOptions>();
    CLI::App* cmd = app.add_subcommand("render", "Render one frame of a scene headless into a PNG");
    cmd->add_option("scene", options->settings.scene,
                    "Scene file (JSON), CityGML or CityJSON file (overview view), or 'demo:'")
        ->required();
    auto* view = cmd->add_option("--view", options->settings.view, "Named view of the scene");
    cmd->add_option("--camera", options->settings.camera, "E,N,H,yaw,pitch: eye in the scene CRS (metres), compass yaw and pitch (degrees)")->excludes(view);
    cmd->add_option("--size", options->size, "Image size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("-o,--output", options->settings.output, "PNG to write (stereo: left|right side by side)")->required();
    cmd->add_flag("--stereo", options->settings.stereo, "Both eyes (2 layers, side by side in the PNG)");
    cmd->add_option("--ipd", options->settings.ipd, "Eye distance in metres for --stereo")->capture_default_str();
    cmd->add_flag("--stats", options->settings.printStats, "Print draw calls, triangles, visible tiles, timings");
    addEventClockOption(*cmd, options->clock);
    cmd->add_option("--gpu", options->settings.gpu, "Use the device whose name contains this text");
    cmd->add_flag("--validation", options->settings.validation, "Vulkan validation layer; any message fails (exit 1)");
    addMsaaOption(*cmd, options->settings.msaa);
    addStereoPathOption(*cmd, options->settings.stereoPath);
    addShadowsOption(*cmd, options->settings.shadows);
    addMaxTextureSizeOption(*cmd, options->settings.maxTextureSize);
    cmd->add_flag("--timings", options->settings.printTimings,
                  "Print where the time went (stages since process start) to stderr; also PLACES_TRACE=1");
    setRenderCommandCallback(*cmd, "render", [options] { return runRender(*options); });
}

}  // namespace places::cli
