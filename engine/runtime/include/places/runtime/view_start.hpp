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

// Where visitor `participant` arrives: on a ring around visitorStart (so
// people who join together do not stand inside each other), facing its
// centre (so they see who else arrived). Golden-angle steps spread
// consecutive ids far apart; the ring widens every 8 ids. A spot where a prop
// or a building stands (obstructionAt) is passed over for the next one
// around the ring, then on the next ring out.
render::Camera arrivalSpot(const RenderScene& scene, const std::string& viewName, std::uint32_t participant);

// Local y of the ground a visitor walks on at the start.
double groundHeight(const RenderScene& scene);

}  // namespace places::runtime
