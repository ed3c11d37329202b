#include "places/assets/mesh_levels.hpp"

#include <algorithm>

#include <meshoptimizer.h>

namespace places::assets {

void buildMeshLevels(Mesh& mesh, const MeshLevelOptions& options) {
    mesh.levels.clear();
    const std::size_t fullTriangles = mesh.triangleCount();
    if (fullTriangles < options.minTriangles || mesh.positions.empty()) return;
    const auto* positions = &mesh.positions[0].x;
    const std::size_t vertexCount = mesh.positions.size();
    const float extent = meshopt_simplifyScale(positions, vertexCount, sizeof(glm::vec3));

    std::vector<std::uint32_t> scratch(mesh.indices.size());
    std::size_t previousTriangles = fullTriangles;
    float previousError = 0.0f;
    double target = double(fullTriangles);
    while (mesh.levels.size() < options.maxLevels) {
        target *= options.reduction;
        const auto targetIndices = static_cast<std::size_t>(target) * 3;
        if (targetIndices < options.minTriangles * 3) break;
        float relativeError = 0.0f;
        const std::size_t count =
            meshopt_simplify(scratch.data(), mesh.indices.data(), mesh.indices.size(), positions, vertexCount,
                             sizeof(glm::vec3), targetIndices, options.maxRelativeError, 0, &relativeError);
        const std::size_t triangles = count / 3;
        if (triangles == 0 || double(triangles) > double(previousTriangles) * double(options.minShrink)) break;
        MeshLevel level;
        level.indices.resize(count);
        // Post-transform cache order: the simplifier's output order is arbitrary.
        meshopt_optimizeVertexCache(level.indices.data(), scratch.data(), count, vertexCount);
        level.geometricError = std::max(previousError, relativeError * extent);
        previousError = level.geometricError;
        previousTriangles = triangles;
        mesh.levels.push_back(std::move(level));
    }
}

}  // namespace places::assets
