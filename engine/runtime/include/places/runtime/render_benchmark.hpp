#pragma once
// `places bench render`: per view of the scene, mono and stereo: CPU time per
// frame (median, p99 of tile selection + Renderer::record, thread CPU time;
// mono and stereo frames alternate), GPU time (timestamp queries), draw calls,
// triangles, visible tiles. Each frame runs through the common FrameLoop into
// a submit-only HeadlessTarget. A benchmark, not a test: validation is off.
#include <cstdint>
#include <string>
#include <vector>

#include "places/render/antialiasing.hpp"
#include "places/render/gpu_scene.hpp"

namespace places::runtime {

struct RenderBenchmarkSettings {
    std::string scene;  // as for loadRenderScene
    std::uint32_t width = 1280, height = 720;
    std::string gpu;    // device name filter
    int frames = 30;    // measured frames per view and mode (after 3 warm-up frames)
    bool json = false;  // one JSON report instead of the text table
    render::Msaa msaa = render::Msaa::Auto;
    bool shadows = true;  // the sun's shadow map (--shadows on|off)
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
    // Also measure with this many avatars placed deterministically in view
    // (interleaved with 0), reporting extra CPU time and draw calls against 0.
    std::vector<std::uint32_t> avatars;
};

// Prints the report on stdout. Returns the exit code: 0 ok, 2 bad input.
// Vulkan errors are thrown (render::VulkanError).
int runRenderBenchmark(const RenderBenchmarkSettings& settings);

}  // namespace places::runtime
