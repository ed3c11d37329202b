// places view SCENE: options of the desktop viewer; the window, cameras and
// controls are places_runtime's (places/runtime/desktop_view.hpp).
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "commands.hpp"
#include "places/runtime/desktop_view.hpp"
#include "places/runtime/headless_view.hpp"
#include "render_support.hpp"
#include "voice_options.hpp"

namespace places::cli {

namespace {

// The settings are bound to the options directly; size and resize are parsed here.
struct ViewOptions {
    runtime::DesktopViewSettings settings;
    std::string size = "1280x720";
    std::string clock;     // --clock
    std::string resizeAt;  // scripted: "K:WxH"
    bool headless = false;
    std::string outputDir;
    bool summary = false;
    bool panel = false;
    double fps = 30.0;
};

int runHeadless(const ViewOptions& o) {
    const runtime::DesktopViewSettings& d = o.settings;
    runtime::HeadlessViewSettings h;
    h.scene = d.scene;
    h.view = d.view;
    h.width = d.width;
    h.height = d.height;
    h.gpu = d.gpu;
    h.frames = d.frames > 0 ? d.frames : 60;
    h.fps = o.fps;
    h.outputDir = o.outputDir;
    h.summary = o.summary;
    h.panel = o.panel;
    h.validation = d.validation;
    h.msaa = d.msaa;
    h.shadows = d.shadows;
    h.maxTextureSize = d.maxTextureSize;
    h.clock = d.clock;
    h.join = d.join;
    h.follow = d.follow;
    h.say = d.say;
    h.voice = d.voice;
    return runtime::runHeadlessView(h);
}

int runView(ViewOptions o) {
    runtime::DesktopViewSettings& settings = o.settings;
    if (!applyEventClockOption(o.clock, settings.clock, "view")) return 2;
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
    if (!settings.join.relay.empty() && settings.join.ticketFile.empty() && settings.join.name.empty() &&
        !settings.join.spectate) {
        std::fprintf(stderr, "places view: --relay needs --ticket FILE (or --name NAME for an --open relay)\n");
        return 2;
    }
    if (o.headless) return runHeadless(o);
    if (!o.outputDir.empty() || o.summary) {
        std::fprintf(stderr, "places view: -o and --summary need --headless\n");
        return 2;
    }
    return runtime::runDesktopView(settings);
}

}  // namespace

void addViewCommand(CLI::App& app) {
    auto options = std::make_shared<ViewOptions>();
    CLI::App* cmd = app.add_subcommand(
        "view", "Open a scene in a desktop window (orbit/fly, views on 1-9, F12 PNG); with --relay, join its venue");
    cmd->footer("Joined to a relay (--relay HOST:PORT --ticket FILE):\n  visitor:   " + runtime::visitorHelp() +
                "\n  spectator: " + runtime::spectatorHelp() +
                "\nWithout a display: --headless --frames N -o DIR [--summary] writes DIR/frame-NNNN.png.");
    cmd->add_option("scene", options->settings.scene, "Scene file (JSON), city pack, CityGML or CityJSON file, or 'demo:'")
        ->required();
    cmd->add_option("--view", options->settings.view, "Start at this named view");
    cmd->add_option("--size", options->size, "Window size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("--gpu", options->settings.gpu, "Use the device whose name contains this text");
    addMaxTextureSizeOption(*cmd, options->settings.maxTextureSize);
    addEventClockOption(*cmd, options->clock);
    cmd->add_option("--frames", options->settings.frames, "Exit after this many presented frames (scripted runs)");
    cmd->add_option("--screenshot", options->settings.screenshot, "Write the last frame to this PNG (with --frames)");
    cmd->add_option("--resize-at", options->resizeAt, "FRAME:WIDTHxHEIGHT: resize the window after that frame");
    cmd->add_flag("--stats", options->settings.printStats, "Print each frame's statistics");
    cmd->add_flag("!--no-overlay", options->settings.overlay, "Start without the statistics overlay (F1 toggles it)");
    cmd->add_flag("--validation", options->settings.validation, "Vulkan validation layer; any message fails (exit 1)");
    addMsaaOption(*cmd, options->settings.msaa);
    addShadowsOption(*cmd, options->settings.shadows);
    cmd->add_option("--relay", options->settings.join.relay, "Join the scene's venue on this relay (HOST:PORT)");
    cmd->add_option("--ticket", options->settings.join.ticketFile,
                    "File holding a ticket (the text 'places ticket' prints) for the scene's venue");
    cmd->add_option("--name", options->settings.join.name, "Display name without a ticket (relays started with --open)");
    cmd->add_flag("--spectate", options->settings.join.spectate,
                  "Join as a spectator: no avatar, free camera, whatever the ticket's role");
    cmd->add_option("--follow", options->settings.follow, "Spectators: follow the visitor with this name (Tab: next)");
    cmd->add_option("--say", options->settings.say, "Type these chat lines into the panel, one per second (scripted)");
    cmd->add_flag("--headless", options->headless, "No window: render frames offscreen (a feed or a test client)");
    cmd->add_option("-o,--output", options->outputDir, "--headless: write DIR/frame-NNNN.png");
    cmd->add_flag("--summary", options->summary,
                  "--headless: print one JSON object at the end (joined, role, participants_seen, avatars_drawn_max, "
                  "frames, snapshots, chat_received, voice_frames_sent, voice_frames_received)");
    cmd->add_flag("--panel", options->panel, "--headless: draw the panel into the frames");
    cmd->add_option("--fps", options->fps, "--headless: frames per second (real-time pacing)")->capture_default_str();
    addVoiceOptions(*cmd, options->settings.voice);
    setRenderCommandCallback(*cmd, "view", [options] { return runView(*options); });
}

}  // namespace places::cli
