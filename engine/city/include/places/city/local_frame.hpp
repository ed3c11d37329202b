#pragma once
// The one conversion between a projected CRS and the local frame (see
// city_model.hpp): CRS axes (E, N, H) in metres -> local (x, y, z) with
// x = E, y = H, z = -N, right-handed and Y up, relative to an origin given in
// the CRS. Double precision throughout: only rebased coordinates are small
// enough for float.
//
// Every place that moves between the two frames (import assembly, camera
// options, scene files, shifting a pack into another origin) goes through
// these, so the convention is written down once.
#include <glm/vec3.hpp>

namespace places::city {

// A difference (direction, offset) in CRS axes -> local axes; no origin.
constexpr glm::dvec3 localAxes(const glm::dvec3& enh) { return {enh.x, enh.z, -enh.y}; }
// A difference in local axes -> CRS axes (inverse of localAxes).
constexpr glm::dvec3 crsAxes(const glm::dvec3& local) { return {local.x, -local.z, local.y}; }

// A point in the CRS (E, N, H) -> local position relative to `origin` (E, N, H).
constexpr glm::dvec3 toLocal(const glm::dvec3& enh, const glm::dvec3& origin) { return localAxes(enh - origin); }
// A local position -> the CRS point (inverse of toLocal).
constexpr glm::dvec3 toCrs(const glm::dvec3& local, const glm::dvec3& origin) { return origin + crsAxes(local); }

}  // namespace places::city
