#pragma once
// The options `places render`, `places view` and `places bench render` share
// (size, MSAA, texture size) and their common command callback; the scene and
// the frame loop themselves are places_runtime's.
#include <functional>
#include <string>

#include "places/render/frame_views.hpp"
#include "places/render/renderer.hpp"
#include "places/runtime/scene_signs.hpp"

namespace CLI {
class App;
}

namespace places::cli {

// "1280x720"
bool parseSize(const std::string& text, std::uint32_t& width, std::uint32_t& height);

// The --msaa option of render, view and bench render (auto|1|4; see
// places/render/antialiasing.hpp for what auto picks and why).
void addMsaaOption(CLI::App& command, render::Msaa& target);
void addStereoPathOption(CLI::App& command, render::StereoPath& target);
// --shadows on|off (the sun's shadow map; default on) of the same three commands.
void addShadowsOption(CLI::App& command, bool& target);
// --max-texture-size of the same three commands.
void addMaxTextureSizeOption(CLI::App& command, std::uint32_t& target);

// --clock WHEN of render, view and xr: the event clock the stage screens show
// (ISO time with offset, +/-SECONDS, default: now), kept as text in `target`;
// applyEventClockOption parses it (false: message printed, exit 2).
void addEventClockOption(CLI::App& command, std::string& target);
bool applyEventClockOption(const std::string& text, runtime::EventClock& clock, const char* command);

// Sets `command`'s callback: runs `run` and exits with its code; a Vulkan
// error (no device, lost device, out of memory) is printed as
// "places NAME: what" and exits 1.
void setRenderCommandCallback(CLI::App& command, std::string name, std::function<int()> run);

}  // namespace places::cli
