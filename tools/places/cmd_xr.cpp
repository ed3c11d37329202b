// places xr SCENE: the scene in an OpenXR headset, through the client
// runtime's frame loop (places_xr_front: the headset view source and the XR
// swapchain target); with --relay HOST:PORT --ticket FILE, joined to the venue.
// --simulated uses the simulated headset built with Places. Option parsing only
// (the depth layer and the per-eye fallback live in places_xr_front).
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cmd_xr.hpp"
#include "commands.hpp"
#include "places/xr/xr_check.hpp"
#include "places/xr/xr_system.hpp"
#include "places/xr_front/headset_view.hpp"
#include "render_support.hpp"
#include "voice_options.hpp"

namespace places::cli {

namespace {

std::atomic<bool> interrupted{false};
void onInterrupt(int) { interrupted = true; }

}  // namespace

// The simulated headset's manifest, which the build writes next to its runtime.
void useSimulatedRuntime() {
    setenv("XR_RUNTIME_JSON", PLACES_XR_SIM_MANIFEST, 1);
}

void addXrCommand(CLI::App& app) {
    auto options = std::make_shared<xr_front::HeadsetViewSettings>();
    auto simulated = std::make_shared<bool>(false);
    auto clock = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("xr", "Show a scene in an OpenXR headset (Vulkan)");
    cmd->add_option("scene", options->scene, "Scene file (JSON), CityGML or CityJSON file, or 'demo:'")->required();
    cmd->add_option("--view", options->view, "Named view of the scene: where the visitor stands");
    cmd->add_flag("--simulated", *simulated,
                  "Use the simulated headset built with Places (no headset needed; PLACES_XR_SIM_CONFIG scripts it)");
    cmd->add_option("--frames", options->frames, "Leave after this many rendered frames (0: until the headset ends)");
    cmd->add_flag("--validation", options->validation, "Vulkan validation layer; any message fails (exit 1)");
    addStereoPathOption(*cmd, options->stereoPath);
    addMsaaOption(*cmd, options->msaa);
    cmd->add_option_function<std::string>("--swapchains", [options](const std::string& layout) {
        options->swapchains = layout == "per-eye" ? xr::SwapchainLayout::PerEye : xr::SwapchainLayout::ArrayLayers;
    }, "array (one 2-layer swapchain; per-eye when the runtime refuses it) or per-eye")
        ->check(CLI::IsMember({"array", "per-eye"}));
    cmd->add_option("--snap-turn", options->locomotion.snapTurnDeg, "Snap turn angle in degrees (0: off)")
        ->check(CLI::Range(0.0, 180.0))->capture_default_str();
    cmd->add_option_function<std::string>("--locomotion", [options](const std::string& mode) {
        options->locomotion.mode = mode == "smooth" ? xr::LocomotionMode::Smooth : xr::LocomotionMode::Teleport;
    }, "teleport (default) or smooth (the left stick walks; teleport stays)")->check(CLI::IsMember({"teleport", "smooth"}));
    cmd->add_flag("--seated", options->locomotion.seated, "Seated visitor: the floor is raised by --seated-offset");
    cmd->add_option("--seated-offset", options->locomotion.seatedOffsetM, "Metres the floor is raised when seated")
        ->check(CLI::Range(0.0, 1.5))->capture_default_str();
    cmd->add_option("--summary", options->summary,
                    "Write where the visitor ended up (JSON; joined: the venue's counts under \"venue\") to this file");
    cmd->add_option("--relay", options->join.relay, "Join the scene's venue on this relay (HOST:PORT)");
    cmd->add_option("--ticket", options->join.ticketFile,
                    "File holding a ticket (the text 'places ticket' prints) for the scene's venue");
    cmd->add_option("--name", options->join.name, "Display name without a ticket (relays started with --open)");
    addVoiceOptions(*cmd, options->voice);  // --no-audio, devices, push-to-talk (joined only)
    addEventClockOption(*cmd, *clock);
    setRenderCommandCallback(*cmd, "xr", [options, simulated, clock] {
        if (!applyEventClockOption(*clock, options->clock, "xr")) return 2;
        if (!options->join.relay.empty() && options->join.ticketFile.empty() && options->join.name.empty()) {
            std::fprintf(stderr, "places xr: --relay needs --ticket FILE (or --name NAME for an --open relay)\n");
            return 2;
        }
        if (*simulated) useSimulatedRuntime();
        // Ctrl-C ends the session through the runtime (STOPPING), then leaves the venue.
        struct sigaction sa {};
        sa.sa_handler = onInterrupt;
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
        options->stop = &interrupted;
        try {
            return xr_front::runHeadsetView(*options);
        } catch (const xr::XrError& e) {
            std::fprintf(stderr, "places xr: %s\n", e.what());
            return 1;
        }
    });
}

}  // namespace places::cli
