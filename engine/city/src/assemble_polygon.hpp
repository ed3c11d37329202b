#pragma once
// Geometry checks for one triangulated polygon, in the local metric frame.
// Readers deliver triangles as their tessellator made them; here triangles
// without area are dropped, the flat normal is computed, and polygons that are
// not planar are detected (they are kept: the triangles still cover them).
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

namespace places::city::detail {

// 1 mm^2: below this a triangle draws nothing and only makes NaN normals.
inline constexpr double kMinTriangleArea = 1e-6;
// 1 cm, the planarity tolerance of the SIG3D CityGML quality guidelines.
inline constexpr double kPlanarityTolerance = 0.01;

struct PolygonShape {
    glm::dvec3 normal{0.0};         // unit, area-weighted over the kept triangles
    bool removedTriangles = false;  // some zero-area triangles were dropped
    bool nonPlanar = false;         // a corner lies further than kPlanarityTolerance from the plane
};

// Writes the triangles with area into `kept` (cleared first). Returns false
// when none is left: the polygon has no area and cannot be drawn.
bool checkPolygon(std::span<const glm::dvec3> vertices, std::span<const std::uint32_t> indices,
                  std::vector<std::uint32_t>& kept, PolygonShape& shape);

}  // namespace places::city::detail
