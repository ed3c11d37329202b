#pragma once
// `places view SCENE --headless`: the same client as the desktop view, without
// a display. Joined to a relay it is a visitor or spectator whose frames are
// written as DIR/frame-NNNN.png (a broadcast or thumbnail feed), paced in real
// time so the network flows, and `summary` prints one JSON object at the end
// (VenueClientSummary). Without a relay it renders the scene alone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "places/render/antialiasing.hpp"
#include "places/render/frame_views.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/runtime/scene_signs.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/voice_link.hpp"

namespace places::runtime {

struct HeadlessViewSettings {
    std::string scene;          // as for loadRenderScene
    std::string view;           // start at this named view (spectators; visitors stand at the first spawn)
    std::optional<render::Camera> camera;  // or exactly here (local frame)
    std::uint32_t width = 1280, height = 720;
    std::string gpu;
    int frames = 60;
    double fps = 30.0;          // frame pacing (real time)
    std::string outputDir;      // frames as DIR/frame-NNNN.png; empty: none written
    std::string lastFrame;      // the last frame as this PNG (a picture rather than a feed)
    bool summary = false;       // print the JSON summary on stdout at the end
    bool panel = false;         // draw the panel into the frames (a feed usually leaves it out)
    bool validation = false;    // Vulkan validation layer; any message fails (exit 1)
    render::Msaa msaa = render::Msaa::Auto;
    bool shadows = true;  // the sun's shadow map (--shadows on|off)
    EventClock clock;  // what the stage screens show (--clock)
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
    VenueJoinSettings join;     // join.relay empty: no relay
    std::string follow;         // spectators: follow this visitor
    std::vector<std::string> say;  // chat lines typed into the panel, one per second from the start
    VoiceOptions voice;         // joined: spatial voice (no keyboard here: push-to-talk never sends)
};

// Returns the exit code: 0 ok, 1 runtime failure (validation messages, a
// frame that cannot be written), 2 bad input (scene, view, relay, ticket).
// Vulkan errors are thrown.
int runHeadlessView(const HeadlessViewSettings& settings);

}  // namespace places::runtime
