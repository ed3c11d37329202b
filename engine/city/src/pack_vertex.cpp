// The pack's vertex encoding: octahedral normals and the level view accessors.
#include <algorithm>
#include <cmath>
#include <cstring>

#include <glm/geometric.hpp>
#include <glm/vec2.hpp>

#include "places/city/pack.hpp"

namespace places::city {

namespace {

std::int16_t toSnorm16(float v) {
    return static_cast<std::int16_t>(std::lround(std::clamp(v, -1.0f, 1.0f) * 32767.0f));
}

float signNotZero(float v) { return v >= 0.0f ? 1.0f : -1.0f; }

}  // namespace

// Octahedral mapping (Cigolle et al. 2014, "A Survey of Efficient
// Representations for Independent Unit Vectors"): project onto the octahedron
// |x|+|y|+|z| = 1, fold the z < 0 half over the diagonals. 2 x snorm16 gives
// ~1e-4 rad worst-case error, better than 3 x snorm8 at 2/3 of the bytes.
std::array<std::int16_t, 2> encodeOctNormal(const glm::vec3& unit) {
    const float l1 = std::abs(unit.x) + std::abs(unit.y) + std::abs(unit.z);
    if (!(l1 > 0.0f)) return {0, 0};  // no direction: decodes as +z
    glm::vec2 p(unit.x / l1, unit.y / l1);
    if (unit.z < 0.0f)
        p = glm::vec2((1.0f - std::abs(p.y)) * signNotZero(p.x), (1.0f - std::abs(p.x)) * signNotZero(p.y));
    return {toSnorm16(p.x), toSnorm16(p.y)};
}

glm::vec3 decodeOctNormal(std::int16_t x, std::int16_t y) {
    const glm::vec2 f(std::max(x / 32767.0f, -1.0f), std::max(y / 32767.0f, -1.0f));
    glm::vec3 n(f.x, f.y, 1.0f - std::abs(f.x) - std::abs(f.y));
    const float t = std::max(-n.z, 0.0f);
    n.x += n.x >= 0.0f ? -t : t;
    n.y += n.y >= 0.0f ? -t : t;
    return glm::normalize(n);
}

PackVertex LevelView::vertex(std::size_t i) const {
    PackVertex v;
    std::memcpy(&v, vertexBytes.data() + i * sizeof(PackVertex), sizeof(PackVertex));
    return v;
}

std::uint32_t LevelView::index(std::size_t i) const {
    if (indexSize == 2) {
        std::uint16_t v;
        std::memcpy(&v, indexBytes.data() + i * 2, 2);
        return v;
    }
    std::uint32_t v;
    std::memcpy(&v, indexBytes.data() + i * 4, 4);
    return v;
}

TileLevel toTileLevel(const LevelView& view, const PackLevelInfo& info) {
    TileLevel level;
    level.kind = info.kind;
    level.geometricError = info.geometricError;
    std::vector<PackVertex> vertices(view.vertexCount);
    level.positions.resize(view.vertexCount);
    level.normals.resize(view.vertexCount);
    for (std::size_t i = 0; i < view.vertexCount; ++i) {
        vertices[i] = view.vertex(i);
        level.positions[i] = {vertices[i].position[0], vertices[i].position[1], vertices[i].position[2]};
        level.normals[i] = decodeOctNormal(vertices[i].normal[0], vertices[i].normal[1]);
    }
    level.indices.resize(view.indexCount);
    for (std::size_t i = 0; i < view.indexCount; ++i) level.indices[i] = view.index(i);
    const std::size_t triangles = view.indexCount / 3;
    level.triangleBuilding.resize(triangles);
    level.triangleSurface.resize(triangles);
    for (std::size_t t = 0; t < triangles; ++t) {
        const PackVertex& v = vertices[level.indices[3 * t]];  // the reader checked indices < vertexCount
        level.triangleBuilding[t] = v.building();
        level.triangleSurface[t] = v.surface();
    }
    return level;
}

}  // namespace places::city
