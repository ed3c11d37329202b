#pragma once
// Areas of a polygon's rings and of its triangles, so that a triangulation
// never loses area silently (issue #12). Shared by the CityJSON triangulator
// (triangulate.cpp) and the check of libcitygml's triangulation
// (citygml_area_check.cpp). docs/formats/import-limits.md.
#include <cstdint>
#include <span>

#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

namespace places::city::detail {

// Relative difference between the triangles' area and the polygon's area
// (exterior minus holes) above which the polygon is reported: rounding in
// double leaves ~1e-12, a misplaced hole or a dropped loop its whole area.
inline constexpr double kAreaTolerance = 1e-6;

// Newell's method: robust normal of a (possibly slightly non-planar) ring;
// its length is twice the ring's area. Computed relative to `ref` so large
// coordinates (northing ~5.7e6) do not cancel.
inline glm::dvec3 newellNormal(std::span<const glm::dvec3> ring, const glm::dvec3& ref) {
    glm::dvec3 normal{0.0};
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const glm::dvec3 a = ring[i] - ref;
        const glm::dvec3 b = ring[(i + 1) % ring.size()] - ref;
        normal.x += (a.y - b.y) * (a.z + b.z);
        normal.y += (a.z - b.z) * (a.x + b.x);
        normal.z += (a.x - b.x) * (a.y + b.y);
    }
    return normal;
}

// The 3D area of triangles `indices` (3 per triangle) over `vertices`.
inline double trianglesArea(std::span<const glm::dvec3> vertices, std::span<const std::uint32_t> indices) {
    double sum = 0.0;
    for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
        const glm::dvec3 a = vertices[indices[t]];
        sum += glm::length(glm::cross(vertices[indices[t + 1]] - a, vertices[indices[t + 2]] - a));
    }
    return sum / 2.0;
}

}  // namespace places::city::detail
