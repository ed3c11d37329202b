#pragma once
// `places render`: one frame of a scene, headless (no display), written as a
// PNG. The scene loads on a second thread while Vulkan starts; the frame runs
// through the common FrameLoop with a FixedCamera and a HeadlessTarget.
#include <cstdint>
#include <string>

#include "places/render/antialiasing.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/stereo_path.hpp"
#include "places/runtime/scene_signs.hpp"

namespace places::runtime {

struct ImageRenderSettings {
    std::string scene;   // as for loadRenderScene
    std::string view;    // named view; empty = the scene's first (excludes `camera`)
    std::string camera;  // "E,N,H,yaw,pitch" in the scene's CRS; empty = use `view`
    std::uint32_t width = 1280, height = 720;
    std::string output;  // PNG (stereo: left|right side by side)
    std::string gpu;     // device name filter
    bool stereo = false;
    double ipd = 0.064;  // metres, for stereo
    render::StereoPath stereoPath = render::StereoPath::Auto;
    bool printStats = false;
    bool printTimings = false;  // the stage table on stderr (also PLACES_TRACE=1)
    bool validation = false;    // any validation message fails (exit 1)
    render::Msaa msaa = render::Msaa::Auto;
    bool shadows = true;  // the sun's shadow map (--shadows on|off)
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
    EventClock clock;  // what the stage screens show (--clock)
};

// Messages go to stdout/stderr prefixed "places render:". Returns the exit
// code: 0 ok, 1 runtime failure (PNG write, validation), 2 bad input (scene,
// view, camera). Vulkan errors are thrown (render::VulkanError).
int renderImage(const ImageRenderSettings& settings);

}  // namespace places::runtime
