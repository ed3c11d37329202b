#include "places/xr/teleport_arc.hpp"

#include <cmath>

#include <glm/geometric.hpp>
#include <glm/vec2.hpp>

namespace places::xr {

TeleportArc traceTeleportArc(const glm::dvec3& origin, const glm::dvec3& direction, const GroundQuery& ground,
                             const TeleportArcSettings& settings) {
    TeleportArc arc;
    arc.points.push_back(origin);
    const double length = glm::length(direction);
    const bool finiteOrigin = std::isfinite(origin.x) && std::isfinite(origin.y) && std::isfinite(origin.z);
    if (!finiteOrigin || !(length > 0.0) || !std::isfinite(length) || !(settings.timeStep > 0.0)) return arc;
    const glm::dvec3 velocity = direction / length * settings.launchSpeed;
    const glm::dvec3 gravity(0.0, -settings.gravity, 0.0);
    const int steps = int(std::ceil(settings.maxTime / settings.timeStep));
    glm::dvec3 previous = origin;
    for (int i = 1; i <= steps; ++i) {
        const double t = settings.timeStep * double(i);
        const glm::dvec3 next = origin + velocity * t + 0.5 * gravity * t * t;
        if (const auto hit = ground.firstHit(previous, next)) {
            arc.points.push_back(hit->point);
            arc.hit = hit;
            const glm::dvec2 reach(hit->point.x - origin.x, hit->point.z - origin.z);
            arc.valid = glm::length(reach) <= settings.maxRangeM && ground.walkable(*hit);
            return arc;
        }
        arc.points.push_back(next);
        previous = next;
    }
    return arc;
}

}  // namespace places::xr
