// The "Simplified" level: meshoptimizer's edge-collapse simplifier on a
// leaf's full-detail triangles, welded per building.
#include <meshoptimizer.h>

#include <memory>

#include <glm/geometric.hpp>

#include "lod.hpp"

namespace places::city::lod {

namespace {

// Flat normals decide the surface type of simplified triangles: the simplifier
// merges vertices shared by roof and wall polygons, so the input types no
// longer map one to one. 0.25 ~ slopes up to 75 degrees count as roof.
SurfaceType surfaceFromNormal(const glm::vec3& n) {
    if (n.y > 0.25f) return SurfaceType::Roof;
    if (n.y < -0.7f) return SurfaceType::Ground;
    return SurfaceType::Wall;
}

}  // namespace

Simplified simplify(const TriangleSoup& full, float targetError) {
    Simplified out;
    const std::size_t n = full.corners.size();
    if (n == 0) return out;

    // Weld by position and building only: polygons of one building become one
    // connected surface, while two touching buildings stay separate meshes.
    const Weld welded = weld(full, WeldKey::Position);
    const std::vector<unsigned>& indices = welded.remap;
    const std::size_t vertexCount = welded.firstCorner.size();
    std::vector<glm::vec3> positions(vertexCount);
    std::vector<std::uint32_t> building(vertexCount);
    for (std::size_t v = 0; v < vertexCount; ++v) {
        positions[v] = full.corners[welded.firstCorner[v]];
        building[v] = full.building[welded.firstCorner[v] / 3];
    }

    // meshopt works with errors relative to the mesh extent (simplifyScale).
    const float scale = meshopt_simplifyScale(&positions[0].x, vertexCount, sizeof(glm::vec3));
    const float relativeTarget = scale > 0.0f ? targetError / scale : 0.0f;
    // Not zero-filled: meshopt writes the first `count` of them.
    const auto simplified = std::make_unique_for_overwrite<unsigned[]>(n);
    float relativeError = 0.0f;
    const std::size_t count = meshopt_simplify(simplified.get(), indices.data(), n, &positions[0].x, vertexCount,
                                               sizeof(glm::vec3), 0, relativeTarget, 0, &relativeError);
    out.error = relativeError * scale;
    out.soup.reserve(count / 3);

    for (std::size_t t = 0; t + 2 < count; t += 3) {
        const glm::vec3 a = positions[simplified[t]], b = positions[simplified[t + 1]],
                        c = positions[simplified[t + 2]];
        const glm::vec3 cross = glm::cross(b - a, c - a);
        const float length = glm::length(cross);
        if (!(length > 1e-12f)) continue;  // collapsed to a sliver: contributes nothing
        const glm::vec3 normal = cross / length;
        out.soup.corners.insert(out.soup.corners.end(), {a, b, c});
        out.soup.normals.insert(out.soup.normals.end(), {normal, normal, normal});
        out.soup.building.push_back(building[simplified[t]]);
        out.soup.surface.push_back(surfaceFromNormal(normal));
    }
    return out;
}

}  // namespace places::city::lod
