#pragma once
// View frusta as planes, and the conservative bounds tests used for culling.
// Works for every projection of camera.hpp (standard, reverse-Z, infinite far).
#include <array>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"

namespace places::visibility {

// Points p with dot(normal, p) + distance >= 0 are on the inner side.
struct Plane {
    glm::dvec3 normal{0.0};  // unit length
    double distance = 0.0;
    double signedDistance(const glm::dvec3& p) const;
};

struct Frustum {
    std::array<Plane, 6> planes{};
    int planeCount = 0;  // an infinite far plane is left out
};

// Planes of a view-projection matrix (Gribb & Hartmann, for Vulkan's clip
// volume -w <= x, y <= w, 0 <= z <= w), in the space the matrix maps from
// (the local frame for projection * view).
Frustum frustumFromViewProjection(const glm::dmat4& viewProjection);

enum class Containment { Outside, Intersecting, Inside };

// Conservative: Outside is exact, a box near a frustum corner may be reported
// Intersecting although it is outside (the usual plane-by-plane test). Empty
// bounds are Outside; zero-size bounds (a point) are tested as that point.
Containment classify(const Frustum& frustum, const city::Bounds& bounds);
bool intersects(const Frustum& frustum, const city::Bounds& bounds);
bool intersectsSphere(const Frustum& frustum, const glm::dvec3& centre, double radius);

// Euclidean distance from `p` to the box (0 inside it).
double distanceToBounds(const glm::dvec3& p, const city::Bounds& bounds);

}  // namespace places::visibility
