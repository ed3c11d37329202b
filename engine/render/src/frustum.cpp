#include "places/render/frustum.hpp"

#include <cmath>

#include <glm/geometric.hpp>

namespace places::render {

Frustum Frustum::fromViewProjection(const glm::mat4& m) {
    // Rows of the matrix (glm is column-major: m[column][row]).
    auto row = [&](int r) { return glm::vec4(m[0][r], m[1][r], m[2][r], m[3][r]); };
    const glm::vec4 x = row(0), y = row(1), z = row(2), w = row(3);
    // Vulkan clip volume: -w <= x,y <= w and 0 <= z <= w.
    Frustum f{{w + x, w - x, w + y, w - y, z, w - z}};
    for (glm::vec4& p : f.planes) {
        const float length = glm::length(glm::vec3(p));
        p = length > 1e-12f ? p / length : glm::vec4(0, 0, 0, 1);
    }
    return f;
}

bool Frustum::intersectsBox(const glm::vec3& min, const glm::vec3& max) const {
    for (const glm::vec4& p : planes) {
        // The box corner furthest along the plane normal.
        const glm::vec3 positive(p.x >= 0 ? max.x : min.x, p.y >= 0 ? max.y : min.y, p.z >= 0 ? max.z : min.z);
        if (glm::dot(glm::vec3(p), positive) + p.w < 0) return false;
    }
    return true;
}

bool Frustum::intersectsSphere(const glm::vec3& centre, float radius) const {
    for (const glm::vec4& p : planes)
        if (glm::dot(glm::vec3(p), centre) + p.w < -radius) return false;
    return true;
}

}  // namespace places::render
