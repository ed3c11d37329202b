#pragma once
// The desktop front end of `places view`: a GLFW window with orbit and fly
// cameras, named views on the number keys, F12 screenshots, and the frame
// statistics in an overlay, the title bar and on stdout with `printStats`. A
// scripted mode (frames, resizeAtFrame, screenshot) lets tests drive it under
// Xvfb. It runs the common FrameLoop with a DesktopCamera and a WindowTarget.
//
// Controls: left drag orbits (orbit mode) or looks around (fly mode); right
// drag pans; wheel zooms; W/A/S/D/Q/E move (fly, shift = fast); Tab switches
// orbit/fly; 1-9 jump to the scene's views; F1 toggles the overlay; F12 writes
// a PNG; Esc quits.
//
// Joined to a relay (`join.relay`), the window is a place with people: a
// visitor walks on the ground at eye height (W/A/S/D, drag to look) and sends
// its head pose at the relay's rate; a spectator flies or orbits as above, V
// switches orbit/fly and Tab follows the next visitor (`follow` starts with
// one). Everyone else is drawn as an avatar with a name tag, and the panel
// (F1) shows the venue, the people, chat and the connection.
#include <cstdint>
#include <string>
#include <vector>

#include "places/render/antialiasing.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/runtime/scene_signs.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/voice_link.hpp"

namespace places::runtime {

struct DesktopViewSettings {
    std::string scene;       // as for loadRenderScene
    std::string view;        // start at this named view; empty = the scene's first
    std::uint32_t width = 1280, height = 720;
    std::string gpu;
    std::string screenshot;  // scripted: the last frame is written here
    int resizeAtFrame = -1;  // scripted: after this presented frame, resize the window to resizeWidth x resizeHeight
    std::uint32_t resizeWidth = 0, resizeHeight = 0;
    int frames = 0;          // 0 = until closed
    bool validation = false;
    render::Msaa msaa = render::Msaa::Auto;
    bool shadows = true;  // the sun's shadow map (--shadows on|off)
    bool printStats = false;
    bool overlay = true;
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
    EventClock clock;              // what the stage screens show (--clock)
    VenueJoinSettings join;        // join.relay empty: the scene alone
    std::string follow;            // spectators: follow this visitor
    std::vector<std::string> say;  // scripted chat lines, typed into the panel one per second
    VoiceOptions voice;            // joined views: spatial voice (--no-audio, --audio-device, --push-to-talk)
};

// The keys and mouse of a joined view, one line (the panel's help line and --help).
std::string visitorHelp();
std::string spectatorHelp();

// Runs the window until it is closed (or `frames` are presented). Messages go
// to stdout/stderr prefixed "places view:". Returns the process exit code:
// 0 ok, 1 runtime failure (no display, window, screenshot write, validation
// messages), 2 bad input (scene, view name). Vulkan errors are thrown.
int runDesktopView(const DesktopViewSettings& settings);

}  // namespace places::runtime
