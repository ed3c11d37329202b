#include "places/runtime/standing_room.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/mat4x4.hpp>

namespace places::runtime {

bool triangleOverlapsBox(const glm::dvec3& centre, const glm::dvec3& half, const glm::dvec3& a, const glm::dvec3& b,
                         const glm::dvec3& c) {
    const std::array<glm::dvec3, 3> v{a - centre, b - centre, c - centre};
    // An axis separates when the triangle's projection and the box's do not meet.
    const auto separates = [&](const glm::dvec3& axis) {
        const double p0 = glm::dot(v[0], axis), p1 = glm::dot(v[1], axis), p2 = glm::dot(v[2], axis);
        const double r = half.x * std::abs(axis.x) + half.y * std::abs(axis.y) + half.z * std::abs(axis.z);
        return std::min({p0, p1, p2}) > r || std::max({p0, p1, p2}) < -r;
    };
    for (int k = 0; k < 3; ++k) {
        glm::dvec3 axis(0.0);
        axis[k] = 1.0;
        if (separates(axis)) return false;
    }
    const std::array<glm::dvec3, 3> edges{v[1] - v[0], v[2] - v[1], v[0] - v[2]};
    if (separates(glm::cross(edges[0], edges[1]))) return false;
    for (const glm::dvec3& e : edges)
        for (int k = 0; k < 3; ++k) {
            glm::dvec3 unit(0.0);
            unit[k] = 1.0;
            const glm::dvec3 axis = glm::cross(unit, e);
            // An edge parallel to a box axis gives no axis of its own.
            if (glm::dot(axis, axis) < 1e-18) continue;
            if (separates(axis)) return false;
        }
    return true;
}

namespace {

struct Box {
    glm::dvec3 min, max;
    bool overlaps(const glm::dvec3& lo, const glm::dvec3& hi) const {
        return lo.x <= max.x && hi.x >= min.x && lo.y <= max.y && hi.y >= min.y && lo.z <= max.z && hi.z >= min.z;
    }
};

// Whether `hit` holds for any triangle of `submesh`, placed by `toLocal`.
template <class Hit>
bool anyTriangle(const render::SceneGeometry& g, const render::Submesh& submesh, const glm::dmat4& toLocal, Hit&& hit) {
    const auto at = [&](std::uint32_t i) {
        const auto vertex = static_cast<std::size_t>(static_cast<std::int64_t>(g.indices[i]) + submesh.vertexOffset);
        return glm::dvec3(toLocal * glm::dvec4(glm::dvec3(g.vertices[vertex].position), 1.0));
    };
    for (std::uint32_t t = submesh.firstIndex; t + 2 < submesh.firstIndex + submesh.indexCount; t += 3)
        if (hit(at(t), at(t + 1), at(t + 2))) return true;
    return false;
}

// Whether any triangle of `submesh`, placed by `toLocal`, overlaps the body.
bool submeshObstructs(const render::SceneGeometry& g, const render::Submesh& submesh, const glm::dmat4& toLocal,
                      const Box& body) {
    const glm::dvec3 centre = (body.min + body.max) * 0.5, half = (body.max - body.min) * 0.5;
    return anyTriangle(g, submesh, toLocal, [&](const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
        // Most triangles are nowhere near: their box first.
        return body.overlaps(glm::min(a, glm::min(b, c)), glm::max(a, glm::max(b, c))) &&
               triangleOverlapsBox(centre, half, a, b, c);
    });
}

// Whether a triangle of `submesh` lies straight above (x, z) higher than `y`:
// LoD1/LoD2 buildings are closed shells with no inside, so a body within a
// building's walls touches none of them, but has its roof overhead.
bool submeshAbove(const render::SceneGeometry& g, const render::Submesh& submesh, const glm::dmat4& toLocal, double x,
                  double y, double z) {
    return anyTriangle(g, submesh, toLocal, [&](const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
        if (std::max({a.y, b.y, c.y}) <= y) return false;
        // Barycentric coordinates of (x, z) in the triangle's plan.
        const double d = (b.z - c.z) * (a.x - c.x) + (c.x - b.x) * (a.z - c.z);
        if (std::abs(d) < 1e-12) return false;  // a wall: no area in plan
        const double u = ((b.z - c.z) * (x - c.x) + (c.x - b.x) * (z - c.z)) / d;
        const double v = ((c.z - a.z) * (x - c.x) + (a.x - c.x) * (z - c.z)) / d;
        if (u < 0.0 || v < 0.0 || u + v > 1.0) return false;
        return u * a.y + v * b.y + (1.0 - u - v) * c.y > y;
    });
}

// The box in the local frame around a model-space box placed by `m`.
Box placedBounds(const glm::vec3& lo, const glm::vec3& hi, const glm::dmat4& m) {
    Box out{glm::dvec3(std::numeric_limits<double>::max()), glm::dvec3(std::numeric_limits<double>::lowest())};
    for (int corner = 0; corner < 8; ++corner) {
        const glm::dvec3 p((corner & 1) ? hi.x : lo.x, (corner & 2) ? hi.y : lo.y, (corner & 4) ? hi.z : lo.z);
        const glm::dvec3 q(m * glm::dvec4(p, 1.0));
        out.min = glm::min(out.min, q);
        out.max = glm::max(out.max, q);
    }
    return out;
}

}  // namespace

std::optional<Obstruction> obstructionAt(const render::SceneGeometry& g, const glm::dvec3& feet, const BodySpace& body) {
    const Box space{feet + glm::dvec3(-body.halfWidthM, body.clearFromM, -body.halfWidthM),
                    feet + glm::dvec3(body.halfWidthM, body.heightM, body.halfWidthM)};
    for (std::size_t i = 0; i < g.instances.size(); ++i) {
        const render::ModelInstance& instance = g.instances[i];
        if (instance.model >= g.models.size()) continue;
        const render::Model& model = g.models[instance.model];
        const glm::dmat4 m(instance.transform);
        const Box bounds = placedBounds(model.boundsMin, model.boundsMax, m);
        if (!space.overlaps(bounds.min, bounds.max)) continue;
        for (const std::uint32_t s : model.submeshes())
            if (submeshObstructs(g, g.submeshes[s], m, space))
                return Obstruction{Obstruction::Kind::Prop, static_cast<std::uint32_t>(i)};
    }
    for (std::size_t i = 0; i < g.tiles.size(); ++i) {
        const render::CityTileGeometry& tile = g.tiles[i];
        // The tile's box up to the sky: a roof overhead counts too.
        const glm::dvec3 skyward(space.max.x, std::numeric_limits<double>::max(), space.max.z);
        if (tile.levels.empty() || !Box{space.min, skyward}.overlaps(glm::dvec3(tile.boundsMin), glm::dvec3(tile.boundsMax)))
            continue;
        // Only the finest content: a tile with children is a coarser copy of them.
        if (i < g.tileNodes.size() && !g.tileNodes[i].children.empty() &&
            g.tileNodes[i].refinement == visibility::Refinement::Replace)
            continue;
        // Tile vertices are stored relative to the tile's centre.
        const glm::dmat4 toLocal = glm::translate(glm::dmat4(1.0), glm::dvec3(tile.centre));
        const render::Submesh& finest = g.submeshes[tile.levels.front()];
        if (submeshObstructs(g, finest, toLocal, space) ||
            submeshAbove(g, finest, toLocal, feet.x, feet.y + body.clearFromM, feet.z))
            return Obstruction{Obstruction::Kind::City, static_cast<std::uint32_t>(i)};
    }
    return std::nullopt;
}

}  // namespace places::runtime
