#include "places/visibility/frustum.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace places::visibility {

double Plane::signedDistance(const glm::dvec3& p) const { return glm::dot(normal, p) + distance; }

Frustum frustumFromViewProjection(const glm::dmat4& m) {
    auto row = [&](int i) { return glm::dvec4(m[0][i], m[1][i], m[2][i], m[3][i]); };
    const glm::dvec4 r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3);
    // -w <= x <= w, -w <= y <= w, 0 <= z <= w
    const glm::dvec4 raw[6] = {r3 + r0, r3 - r0, r3 + r1, r3 - r1, r2, r3 - r2};
    Frustum frustum;
    for (const glm::dvec4& p : raw) {
        const double length = glm::length(glm::dvec3(p));
        // A reverse-Z infinite projection has z = near for every point: its
        // "z >= 0" plane has no normal and excludes nothing.
        if (length < 1e-12) continue;
        frustum.planes[static_cast<std::size_t>(frustum.planeCount++)] = {glm::dvec3(p) / length, p.w / length};
    }
    return frustum;
}

Containment classify(const Frustum& frustum, const city::Bounds& bounds) {
    if (bounds.empty()) return Containment::Outside;
    Containment result = Containment::Inside;
    for (int i = 0; i < frustum.planeCount; ++i) {
        const Plane& plane = frustum.planes[static_cast<std::size_t>(i)];
        // The box corner farthest along the normal (p) and the nearest one (n).
        glm::dvec3 p, n;
        for (int a = 0; a < 3; ++a) {
            const bool positive = plane.normal[a] >= 0.0;
            p[a] = positive ? bounds.max[a] : bounds.min[a];
            n[a] = positive ? bounds.min[a] : bounds.max[a];
        }
        if (plane.signedDistance(p) < 0.0) return Containment::Outside;
        if (plane.signedDistance(n) < 0.0) result = Containment::Intersecting;
    }
    return result;
}

bool intersects(const Frustum& frustum, const city::Bounds& bounds) {
    return classify(frustum, bounds) != Containment::Outside;
}

bool intersectsSphere(const Frustum& frustum, const glm::dvec3& centre, double radius) {
    for (int i = 0; i < frustum.planeCount; ++i) {
        if (frustum.planes[static_cast<std::size_t>(i)].signedDistance(centre) < -radius) return false;
    }
    return true;
}

double distanceToBounds(const glm::dvec3& p, const city::Bounds& bounds) {
    const glm::dvec3 closest = glm::clamp(p, bounds.min, bounds.max);
    return glm::length(p - closest);
}

}  // namespace places::visibility
