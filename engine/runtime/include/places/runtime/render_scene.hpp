#pragma once
// A scene ready to render: SCENE (a scene file, a city pack, CityGML, CityJSON
// or the generated demo city) turned into renderer geometry with named views,
// through the import and asset caches. CPU only: the upload is GpuScene's job.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/ground.hpp"
#include "places/core/diagnostic.hpp"
#include "places/render/frame_views.hpp"
#include "places/render/renderer.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/runtime/scene_signs.hpp"
#include "places/scenes/scene.hpp"

namespace places::runtime {

struct NamedView {
    std::string name;
    render::Camera camera;
};

struct RenderScene {
    render::SceneGeometry geometry;
    // From a scene file (empty for packs, raw city files and demo:): the
    // relay's venue id, the venue's title, spawn points and zones, local frame.
    std::string venueId;
    std::string title;
    std::vector<scenes::SpawnPoint> spawns;
    std::vector<scenes::Zone> zones;
    // The event (scene format 2): the panel's schedule and directory, portals.
    std::vector<scenes::StageSchedule> events;
    std::vector<scenes::Booth> booths;
    std::vector<scenes::Portal> portals;  // scene paths resolved in the scene file's folder
    std::vector<NamedView> views;   // [0] = the default view; never empty
    render::Lighting lighting;
    glm::dvec3 origin{0.0};         // CRS coordinates (E, N, H) of local (0, 0, 0)
    // The city's terrain (relief or derived ground) in the local frame: what
    // walking visitors stand on and what "ground" positions of the scene file
    // were placed on. Null without a city; empty for a pack without terrain.
    std::shared_ptr<const city::GroundHeights> ground;
    std::string description;        // one line: what was loaded
    // Signs and stage screens (their boards and images are in `geometry`),
    // with the font their texts were laid out in; no font when there are none.
    SceneSigns signs;
    std::shared_ptr<const render::FontAtlas> signFont;
};

// SCENE: "demo:" (a generated city, no data needed), a scene file (JSON,
// docs/formats/scene.md: city + venue props + views + sun), or a raw CityGML /
// CityJSON file shown from an automatic overview. Errors name the file and,
// for scene files, the JSON path.
Result<RenderScene> loadRenderScene(const std::string& source);

// A camera looking at the city's buildings from the south-east, above them
// (oblique): it frames the densest 1.5 km square of buildings, not the tiles'
// extent, so clusters kilometres apart do not shrink every building to a
// pixel. Without a city, the props.
render::Camera overviewCamera(const render::SceneGeometry& geometry);

// Fog per metre for the scene: `fogDensity`, or less so that at most a fifth
// of the light is lost across the overview (fog scaled to the city's extent).
float fogDensityFor(const render::SceneGeometry& geometry, float fogDensity);

// The view named `name`; nullptr when there is none.
const NamedView* findView(const RenderScene& scene, const std::string& name);
std::string viewNames(const RenderScene& scene);  // "overview, stage, crowd"

// "E,N,H,heading,pitch" in the scene's CRS (metres, degrees) -> local camera.
std::optional<render::Camera> parseCamera(const std::string& text, const glm::dvec3& origin);

}  // namespace places::runtime
