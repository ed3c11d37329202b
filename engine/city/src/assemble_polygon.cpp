#include "assemble_polygon.hpp"

#include <cmath>

#include <glm/geometric.hpp>

namespace places::city::detail {

bool checkPolygon(std::span<const glm::dvec3> vertices, std::span<const std::uint32_t> indices,
                  std::vector<std::uint32_t>& kept, PolygonShape& shape) {
    kept.clear();
    shape = {};
    glm::dvec3 areaVector(0.0);  // sum of triangle cross products = 2 * area * normal
    for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
        const glm::dvec3& a = vertices[indices[t]];
        const glm::dvec3 cross = glm::cross(vertices[indices[t + 1]] - a, vertices[indices[t + 2]] - a);
        if (!(0.5 * glm::length(cross) >= kMinTriangleArea)) {  // also catches NaN
            shape.removedTriangles = true;
            continue;
        }
        areaVector += cross;
        kept.insert(kept.end(), {indices[t], indices[t + 1], indices[t + 2]});
    }
    const double length = glm::length(areaVector);
    // Triangles can have area while the polygon has none (a folded ring whose
    // halves cancel): no normal exists then either.
    if (kept.empty() || !(length > 2.0 * kMinTriangleArea)) {
        kept.clear();
        return false;
    }
    shape.normal = areaVector / length;
    // Distance from the plane through the corners' mean along the normal.
    glm::dvec3 centre(0.0);
    for (const auto& v : vertices) centre += v;
    centre /= static_cast<double>(vertices.size());
    for (const auto& v : vertices) {
        if (std::abs(glm::dot(v - centre, shape.normal)) > kPlanarityTolerance) {
            shape.nonPlanar = true;
            break;
        }
    }
    return true;
}

}  // namespace places::city::detail
