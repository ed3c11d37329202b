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
#include <cstdint>
#include <string>

#include "places/render/antialiasing.hpp"
#include "places/render/gpu_scene.hpp"

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
    bool printStats = false;
    bool overlay = true;
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
};

// Runs the window until it is closed (or `frames` are presented). Messages go
// to stdout/stderr prefixed "places view:". Returns the process exit code:
// 0 ok, 1 runtime failure (no display, window, screenshot write, validation
// messages), 2 bad input (scene, view name). Vulkan errors are thrown.
int runDesktopView(const DesktopViewSettings& settings);

}  // namespace places::runtime
