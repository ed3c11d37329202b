#pragma once
// What `places render`, `places view` and `places bench render` share: turning
// SCENE into renderable geometry with named views, and parsing camera and
// size options.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/core/diagnostic.hpp"
#include "places/render/frame_views.hpp"
#include "places/render/renderer.hpp"
#include "places/render/scene_geometry.hpp"

namespace CLI {
class App;
}

namespace places::cli {

struct NamedView {
    std::string name;
    render::Camera camera;
};

struct RenderScene {
    render::SceneGeometry geometry;
    std::vector<NamedView> views;   // [0] = the default view; never empty
    render::Lighting lighting;
    glm::dvec3 origin{0.0};         // CRS coordinates (E, N, H) of local (0, 0, 0)
    std::string description;        // one line: what was loaded
};

// SCENE: "demo:" (a generated city, no data needed), a scene file (JSON,
// docs/formats/scene.md: city + venue props + views + sun), or a raw CityGML /
// CityJSON file shown from an automatic overview. Errors name the file and,
// for scene files, the JSON path.
Result<RenderScene> loadRenderScene(const std::string& source);

// A camera looking at the whole city from the south-east, above it.
render::Camera overviewCamera(const render::SceneGeometry& geometry);

// The view named `name`; nullptr when there is none.
const NamedView* findView(const RenderScene& scene, const std::string& name);
std::string viewNames(const RenderScene& scene);  // "overview, stage, crowd"

// "E,N,H,heading,pitch" in the scene's CRS (metres, degrees) -> local camera.
std::optional<render::Camera> parseCamera(const std::string& text, const glm::dvec3& origin);
// "1280x720"
bool parseSize(const std::string& text, std::uint32_t& width, std::uint32_t& height);

std::string formatStats(const render::FrameStats& stats, double gpuMilliseconds);

// The --msaa option of render, view and bench render (auto|1|4; see
// places/render/antialiasing.hpp for what auto picks and why).
void addMsaaOption(CLI::App& command, render::Msaa& target);
// --max-texture-size of the same three commands.
void addMaxTextureSizeOption(CLI::App& command, std::uint32_t& target);

// Sets `command`'s callback: runs `run` and exits with its code; a Vulkan
// error (no device, lost device, out of memory) is printed as
// "places NAME: what" and exits 1.
void setRenderCommandCallback(CLI::App& command, std::string name, std::function<int()> run);

}  // namespace places::cli
