#include "citygml_area_check.hpp"

#include <cmath>
#include <vector>

#include <citygml/linearring.h>
#include <citygml/polygon.h>

#include "polygon_area.hpp"

namespace places::city::detail {

namespace {

// Twice the area of `ring`'s corners, as a Newell vector.
glm::dvec3 ringNormal(const citygml::LinearRing& ring, std::vector<glm::dvec3>& scratch) {
    scratch.clear();
    for (const TVec3d& v : ring.getVertices()) scratch.emplace_back(v.x, v.y, v.z);
    return scratch.empty() ? glm::dvec3(0.0) : newellNormal(scratch, scratch[0]);
}

}  // namespace

AreaLoss triangulationAreaLoss(const citygml::Polygon& polygon, std::span<const glm::dvec3> vertices,
                               std::span<const std::uint32_t> indices) {
    AreaLoss out;
    if (!polygon.exteriorRing()) return out;
    thread_local std::vector<glm::dvec3> scratch;
    const glm::dvec3 exterior = ringNormal(*polygon.exteriorRing(), scratch);
    const double exteriorArea = glm::length(exterior) / 2.0;
    if (!(exteriorArea > 0.0)) return out;
    const glm::dvec3 n = exterior / (2.0 * exteriorArea);
    // Holes count by their area across the exterior's plane, whatever their winding.
    out.polygon = exteriorArea;
    for (const auto& hole : polygon.interiorRings())
        if (hole) out.polygon -= std::abs(glm::dot(ringNormal(*hole, scratch), n)) / 2.0;
    const double lost = out.polygon - trianglesArea(vertices, indices);
    if (lost > kAreaTolerance * exteriorArea) out.lost = lost;
    return out;
}

}  // namespace places::city::detail
