// Welding and GPU ordering shared by every detail level.
#include <meshoptimizer.h>

#include "lod.hpp"

namespace places::city::lod {

void TriangleSoup::append(const TriangleSoup& other) {
    corners.insert(corners.end(), other.corners.begin(), other.corners.end());
    normals.insert(normals.end(), other.normals.begin(), other.normals.end());
    building.insert(building.end(), other.building.begin(), other.building.end());
    surface.insert(surface.end(), other.surface.begin(), other.surface.end());
}

namespace {

template <class T>
std::vector<T> remapped(const std::vector<T>& in, const std::vector<unsigned>& remap, std::size_t count) {
    std::vector<T> out(count);
    if (count > 0) meshopt_remapVertexBuffer(out.data(), in.data(), in.size(), sizeof(T), remap.data());
    return out;
}

}  // namespace

TileLevel finishLevel(const TriangleSoup& soup, LevelKind kind, float geometricError) {
    TileLevel level;
    level.kind = kind;
    level.geometricError = geometricError;
    const std::size_t n = soup.corners.size();
    if (n == 0) return level;

    // Per-corner attribute streams so welding never merges across buildings or surfaces.
    std::vector<std::uint32_t> building(n), surface(n);
    for (std::size_t t = 0; t < soup.triangleCount(); ++t) {
        for (std::size_t i = 0; i < 3; ++i) {
            building[3 * t + i] = soup.building[t];
            surface[3 * t + i] = static_cast<std::uint32_t>(soup.surface[t]);
        }
    }
    const meshopt_Stream streams[] = {
        {soup.corners.data(), sizeof(glm::vec3), sizeof(glm::vec3)},
        {soup.normals.data(), sizeof(glm::vec3), sizeof(glm::vec3)},
        {building.data(), sizeof(std::uint32_t), sizeof(std::uint32_t)},
        {surface.data(), sizeof(std::uint32_t), sizeof(std::uint32_t)},
    };
    std::vector<unsigned> remap(n);
    std::size_t vertexCount = meshopt_generateVertexRemapMulti(remap.data(), nullptr, n, n, streams, 4);

    std::vector<std::uint32_t> indices(n);
    meshopt_remapIndexBuffer(indices.data(), nullptr, n, remap.data());
    auto positions = remapped(soup.corners, remap, vertexCount);
    auto normals = remapped(soup.normals, remap, vertexCount);
    auto vertexBuilding = remapped(building, remap, vertexCount);
    auto vertexSurface = remapped(surface, remap, vertexCount);

    meshopt_optimizeVertexCache(indices.data(), indices.data(), n, vertexCount);
    vertexCount = meshopt_optimizeVertexFetchRemap(remap.data(), indices.data(), n, vertexCount);
    meshopt_remapIndexBuffer(indices.data(), indices.data(), n, remap.data());
    level.positions = remapped(positions, remap, vertexCount);
    level.normals = remapped(normals, remap, vertexCount);
    vertexBuilding = remapped(vertexBuilding, remap, vertexCount);
    vertexSurface = remapped(vertexSurface, remap, vertexCount);

    const std::size_t triangles = n / 3;
    level.triangleBuilding.resize(triangles);
    level.triangleSurface.resize(triangles);
    for (std::size_t t = 0; t < triangles; ++t) {
        level.triangleBuilding[t] = vertexBuilding[indices[3 * t]];
        level.triangleSurface[t] = static_cast<SurfaceType>(vertexSurface[indices[3 * t]]);
    }
    level.indices = std::move(indices);
    return level;
}

}  // namespace places::city::lod
