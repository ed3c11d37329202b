// places view SCENE: options of the desktop viewer; the window, cameras and
// controls are places_runtime's (places/runtime/desktop_view.hpp).
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "commands.hpp"
#include "places/runtime/desktop_view.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

// The settings are bound to the options directly; size and resize are parsed here.
struct ViewOptions {
    runtime::DesktopViewSettings settings;
    std::string size = "1280x720";
    std::string resizeAt;  // scripted: "K:WxH"
};

int runView(ViewOptions o) {
    runtime::DesktopViewSettings& settings = o.settings;
    if (!parseSize(o.size, settings.width, settings.height)) {
        std::fprintf(stderr, "places view: --size must be WIDTHxHEIGHT, got '%s'\n", o.size.c_str());
        return 2;
    }
    if (!o.resizeAt.empty()) {
        const auto colon = o.resizeAt.find(':');
        if (colon == std::string::npos ||
            !parseSize(o.resizeAt.substr(colon + 1), settings.resizeWidth, settings.resizeHeight)) {
            std::fprintf(stderr, "places view: --resize-at must be FRAME:WIDTHxHEIGHT, got '%s'\n", o.resizeAt.c_str());
            return 2;
        }
        settings.resizeAtFrame = std::atoi(o.resizeAt.substr(0, colon).c_str());
    }
    return runtime::runDesktopView(settings);
}

}  // namespace

void addViewCommand(CLI::App& app) {
    auto options = std::make_shared<ViewOptions>();
    CLI::App* cmd = app.add_subcommand("view", "Open a scene in a desktop window (orbit/fly, views on 1-9, F12 PNG)");
    cmd->add_option("scene", options->settings.scene, "Scene file (JSON), city pack, CityGML or CityJSON file, or 'demo:'")
        ->required();
    cmd->add_option("--view", options->settings.view, "Start at this named view");
    cmd->add_option("--size", options->size, "Window size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("--gpu", options->settings.gpu, "Use the device whose name contains this text");
    addMaxTextureSizeOption(*cmd, options->settings.maxTextureSize);
    cmd->add_option("--frames", options->settings.frames, "Exit after this many presented frames (scripted runs)");
    cmd->add_option("--screenshot", options->settings.screenshot, "Write the last frame to this PNG (with --frames)");
    cmd->add_option("--resize-at", options->resizeAt, "FRAME:WIDTHxHEIGHT: resize the window after that frame");
    cmd->add_flag("--stats", options->settings.printStats, "Print each frame's statistics");
    cmd->add_flag("!--no-overlay", options->settings.overlay, "Start without the statistics overlay (F1 toggles it)");
    cmd->add_flag("--validation", options->settings.validation, "Vulkan validation layer; any message fails (exit 1)");
    addMsaaOption(*cmd, options->settings.msaa);
    setRenderCommandCallback(*cmd, "view", [options] { return runView(*options); });
}

}  // namespace places::cli
