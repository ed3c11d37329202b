#pragma once
// libcitygml triangulates every polygon itself (GLU, odd winding rule) while
// it parses, and a ring that loops over itself or touches itself comes out
// with part of its area missing (a loop wound twice is even, so GLU leaves it
// empty) and no word said. Each polygon's area (Newell's method on libcitygml's
// rings, exterior minus holes) is therefore compared with its triangles'; a
// loss above kAreaTolerance (polygon_area.hpp, shared with the CityJSON path)
// is counted. Needs ParserParams::keepVertices (the rings' corners).
#include <cstdint>
#include <span>

#include <glm/vec3.hpp>

namespace citygml {
class Polygon;
}

namespace places::city::detail {

struct AreaLoss {
    double polygon = 0.0;  // exterior minus holes, m^2
    double lost = 0.0;     // polygon minus triangles when above the tolerance, else 0
};

// `vertices` and `indices`: the polygon's triangles as converted.
AreaLoss triangulationAreaLoss(const citygml::Polygon& polygon, std::span<const glm::dvec3> vertices,
                               std::span<const std::uint32_t> indices);

}  // namespace places::city::detail
