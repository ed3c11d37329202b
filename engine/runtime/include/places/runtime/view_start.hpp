#pragma once
// Where a front end starts: a named view (spectators, the scene alone) or,
// for a visitor, standing at the scene's first spawn point (feet on the
// ground, eyes kEyeHeightM above it).
#include <optional>
#include <string>

#include "places/runtime/render_scene.hpp"

namespace places::runtime {

// The view named `name`, or the scene's first view when `name` is empty;
// none when no view has that name.
std::optional<render::Camera> startCamera(const RenderScene& scene, const std::string& name);

// The view named `name` (empty: the first) of the scene loaded from
// `sceneFile`; null after "<who>: no view 'x' in FILE; views: a, b" on stderr.
const NamedView* namedViewOrReport(const RenderScene& scene, const std::string& name, const std::string& sceneFile,
                                   const char* who);

// A visitor's start: the first spawn point at eye height, looking along its
// yaw; without spawns, the start view's spot lowered onto the ground plane.
render::Camera visitorStart(const RenderScene& scene, const std::string& viewName);

// Where visitor `participant` arrives: around visitorStart, 2 m to 17 m from
// it on a sunflower spiral (kArrivalSpots spots, each at least 1.36 m from
// the others, so people who join together do not stand inside each other),
// facing its centre (so they see who else arrived). A spot where a prop or a
// building stands (obstructionAt) is passed over for the next one around,
// then 1.5 m further out.
inline constexpr std::uint32_t kArrivalSpots = 400;
render::Camera arrivalSpot(const RenderScene& scene, const std::string& viewName, std::uint32_t participant);

// Local y of the ground a visitor walks on at the start.
double groundHeight(const RenderScene& scene);

}  // namespace places::runtime
