#pragma once
// View frustum planes from a view-projection matrix (Vulkan clip space, any
// depth convention) for culling bounding boxes and spheres.
#include <array>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

namespace places::render {

struct Frustum {
    // Planes (a,b,c,d) with a*x+b*y+c*z+d >= 0 inside; normalised. Degenerate
    // planes (the far plane of an infinite projection) are (0,0,0,1).
    std::array<glm::vec4, 6> planes;

    static Frustum fromViewProjection(const glm::mat4& viewProjection);
    bool intersectsBox(const glm::vec3& min, const glm::vec3& max) const;
    bool intersectsSphere(const glm::vec3& centre, float radius) const;
};

}  // namespace places::render
