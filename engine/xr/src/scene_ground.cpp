#include "places/xr/scene_ground.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/mat3x3.hpp>
#include <glm/mat4x4.hpp>
#include <glm/matrix.hpp>

namespace places::xr {
namespace {

// One submesh's triangles under `transform`, wound to agree with the vertex
// normals (CityGML rings are not always counter-clockwise; the importer's
// normals are what the renderer lights, so they decide "outside").
void appendSubmesh(std::vector<GroundTriangle>& out, const render::SceneGeometry& scene, const render::Submesh& sub,
                   const glm::mat4& transform) {
    const glm::mat3 normalMatrix = glm::transpose(glm::inverse(glm::mat3(transform)));
    for (std::uint32_t t = 0; t + 2 < sub.indexCount; t += 3) {
        glm::vec3 p[3];
        glm::vec3 normalSum(0.0f);
        bool valid = true;
        for (std::uint32_t k = 0; k < 3; ++k) {
            const std::int64_t index = std::int64_t(scene.indices[sub.firstIndex + t + k]) + sub.vertexOffset;
            if (index < 0 || std::size_t(index) >= scene.vertices.size()) {
                valid = false;
                break;
            }
            const render::Vertex& v = scene.vertices[std::size_t(index)];
            p[k] = glm::vec3(transform * glm::vec4(v.position, 1.0f));
            normalSum += normalMatrix * v.normal;
        }
        if (!valid) continue;
        const glm::vec3 cross = glm::cross(p[1] - p[0], p[2] - p[0]);
        // Degenerate (nothing to stand on or bump into) or non-finite: skipped.
        if (!(glm::dot(cross, cross) > 0.0f) || !std::isfinite(glm::dot(cross, cross))) continue;
        if (glm::dot(cross, normalSum) < 0.0f) std::swap(p[1], p[2]);
        out.push_back({p[0], p[1], p[2]});
    }
}

// Möller-Trumbore: the segment parameter in [0, 1] where a + s*(b - a) meets the triangle.
std::optional<double> segmentTriangle(const glm::dvec3& a, const glm::dvec3& dir, const GroundTriangle& tri) {
    const glm::dvec3 p0(tri.a), e1 = glm::dvec3(tri.b) - p0, e2 = glm::dvec3(tri.c) - p0;
    const glm::dvec3 h = glm::cross(dir, e2);
    const double det = glm::dot(e1, h);
    if (std::abs(det) < 1e-12) return std::nullopt;  // parallel
    const double inv = 1.0 / det;
    const glm::dvec3 s = a - p0;
    const double u = glm::dot(s, h) * inv;
    if (u < 0.0 || u > 1.0) return std::nullopt;
    const glm::dvec3 q = glm::cross(s, e1);
    const double v = glm::dot(dir, q) * inv;
    if (v < 0.0 || u + v > 1.0) return std::nullopt;
    const double t = glm::dot(e2, q) * inv;
    if (t < 0.0 || t > 1.0) return std::nullopt;
    return t;
}

}  // namespace

std::vector<GroundTriangle> sceneTriangles(const render::SceneGeometry& scene) {
    std::vector<GroundTriangle> out;
    for (const render::CityTileGeometry& tile : scene.tiles) {
        if (tile.levels.empty() || tile.levels.front() >= scene.submeshes.size()) continue;
        appendSubmesh(out, scene, scene.submeshes[tile.levels.front()],
                      glm::translate(glm::mat4(1.0f), tile.centre));
    }
    for (const render::ModelInstance& instance : scene.instances) {
        if (instance.model >= scene.models.size()) continue;
        for (std::uint32_t s : scene.models[instance.model].submeshes())
            if (s < scene.submeshes.size()) appendSubmesh(out, scene, scene.submeshes[s], instance.transform);
    }
    return out;
}

SceneGround::SceneGround(std::vector<GroundTriangle> triangles, double groundPlaneY, const SceneGroundSettings& settings)
    : triangles_(std::move(triangles)), planeY_(groundPlaneY), settings_(settings) {
    std::erase_if(triangles_, [](const GroundTriangle& t) {
        for (const glm::vec3& p : {t.a, t.b, t.c})
            if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) return true;
        return false;
    });
    if (triangles_.empty()) return;
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const GroundTriangle& t : triangles_)
        for (const glm::vec3& p : {t.a, t.b, t.c}) {
            lo = glm::min(lo, glm::dvec2(p.x, p.z));
            hi = glm::max(hi, glm::dvec2(p.x, p.z));
        }
    cell_ = std::max(settings_.cellSizeM, 0.5);
    // Grow the cells until the grid fits kMaxCells (a city-wide pack).
    while (((hi.x - lo.x) / cell_ + 1.0) * ((hi.y - lo.y) / cell_ + 1.0) > double(kMaxCells)) cell_ *= 2.0;
    nx_ = std::int64_t((hi.x - lo.x) / cell_) + 1;
    nz_ = std::int64_t((hi.y - lo.y) / cell_) + 1;
    gridMin_ = lo;
    // Two passes (count, then fill): one flat array, no per-cell vectors.
    const auto cellRange = [&](const GroundTriangle& t, std::int64_t& i0, std::int64_t& i1, std::int64_t& k0,
                               std::int64_t& k1) {
        const double x0 = std::min({t.a.x, t.b.x, t.c.x}), x1 = std::max({t.a.x, t.b.x, t.c.x});
        const double z0 = std::min({t.a.z, t.b.z, t.c.z}), z1 = std::max({t.a.z, t.b.z, t.c.z});
        i0 = std::min(std::int64_t((x0 - lo.x) / cell_), nx_ - 1);  // within the bounds: no overflow
        i1 = std::min(std::int64_t((x1 - lo.x) / cell_), nx_ - 1);
        k0 = std::min(std::int64_t((z0 - lo.y) / cell_), nz_ - 1);
        k1 = std::min(std::int64_t((z1 - lo.y) / cell_), nz_ - 1);
    };
    std::vector<std::uint32_t> counts(std::size_t(nx_ * nz_) + 1, 0);
    std::int64_t i0, i1, k0, k1;
    for (const GroundTriangle& t : triangles_) {
        cellRange(t, i0, i1, k0, k1);
        for (std::int64_t k = k0; k <= k1; ++k)
            for (std::int64_t i = i0; i <= i1; ++i) ++counts[std::size_t(k * nx_ + i) + 1];
    }
    for (std::size_t c = 1; c < counts.size(); ++c) counts[c] += counts[c - 1];
    cellStart_ = counts;
    cellTriangles_.resize(cellStart_.back());
    for (std::size_t n = 0; n < triangles_.size(); ++n) {
        cellRange(triangles_[n], i0, i1, k0, k1);
        for (std::int64_t k = k0; k <= k1; ++k)
            for (std::int64_t i = i0; i <= i1; ++i) cellTriangles_[counts[std::size_t(k * nx_ + i)]++] = std::uint32_t(n);
    }
}

std::optional<SceneGround::RawHit> SceneGround::nearestTriangle(const glm::dvec3& a, const glm::dvec3& b) const {
    if (cellStart_.empty()) return std::nullopt;
    const glm::dvec3 dir = b - a;
    // Clamped as doubles first: a far segment must not overflow the integer cast.
    const auto clampCell = [](double v, std::int64_t n) {
        return std::int64_t(std::clamp(std::floor(v), 0.0, double(n - 1)));
    };
    for (const glm::dvec3& p : {a, b})
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) return std::nullopt;
    const double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
    const double z0 = std::min(a.z, b.z), z1 = std::max(a.z, b.z);
    if (x1 < gridMin_.x || z1 < gridMin_.y || x0 > gridMin_.x + double(nx_) * cell_ ||
        z0 > gridMin_.y + double(nz_) * cell_)
        return std::nullopt;
    const std::int64_t i0 = clampCell((x0 - gridMin_.x) / cell_, nx_), i1 = clampCell((x1 - gridMin_.x) / cell_, nx_);
    const std::int64_t k0 = clampCell((z0 - gridMin_.y) / cell_, nz_), k1 = clampCell((z1 - gridMin_.y) / cell_, nz_);
    std::optional<RawHit> best;
    // Callers pass short arc segments or axis-aligned probes, so the box of
    // cells stays a thin strip; a triangle in several cells is tested again,
    // which only costs time.
    for (std::int64_t k = k0; k <= k1; ++k)
        for (std::int64_t i = i0; i <= i1; ++i) {
            const std::size_t c = std::size_t(k * nx_ + i);
            for (std::uint32_t n = cellStart_[c]; n < cellStart_[c + 1]; ++n) {
                const GroundTriangle& tri = triangles_[cellTriangles_[n]];
                const auto t = segmentTriangle(a, dir, tri);
                if (!t || (best && *t >= best->fraction)) continue;
                const glm::dvec3 outward =
                    glm::normalize(glm::cross(glm::dvec3(tri.b) - glm::dvec3(tri.a), glm::dvec3(tri.c) - glm::dvec3(tri.a)));
                best = RawHit{*t, outward};
            }
        }
    return best;
}

std::optional<SurfaceHit> SceneGround::firstHit(const glm::dvec3& a, const glm::dvec3& b) const {
    const glm::dvec3 dir = b - a;
    std::optional<SurfaceHit> hit;
    if (!std::isfinite(glm::dot(dir, dir)) || !std::isfinite(a.y)) return hit;
    if (const auto tri = nearestTriangle(a, b)) {
        const glm::dvec3 facing = glm::dot(tri->outward, dir) > 0.0 ? -tri->outward : tri->outward;
        hit = SurfaceHit{a + dir * tri->fraction, facing, tri->fraction};
    }
    // The ground plane, from either side.
    if ((a.y - planeY_) * (b.y - planeY_) <= 0.0 && a.y != b.y) {
        const double t = (planeY_ - a.y) / (b.y - a.y);
        const glm::dvec3 onPlane = a + dir * t;
        const bool terrainHere = terrainAt_ && terrainAt_(onPlane.x, onPlane.z);
        if (!terrainHere && (!hit || t < hit->fraction)) {
            glm::dvec3 point = a + dir * t;
            point.y = planeY_;
            hit = SurfaceHit{point, {0.0, a.y >= planeY_ ? 1.0 : -1.0, 0.0}, t};
        }
    }
    return hit;
}

bool SceneGround::inside(const glm::dvec3& point) const {
    const glm::dvec3 axes[4] = {{1, 0, 0}, {-1, 0, 0}, {0, 0, 1}, {0, 0, -1}};
    int backFaces = 0;
    for (const glm::dvec3& axis : axes) {
        const auto hit = nearestTriangle(point, point + axis * settings_.insideRayM);
        if (hit && glm::dot(hit->outward, axis) > 0.0) ++backFaces;
    }
    return backFaces >= 3;  // one open side (a booth's front) still counts as inside
}

bool SceneGround::walkable(const SurfaceHit& hit) const {
    if (hit.normal.y < std::cos(settings_.maxSlopeDeg * 3.14159265358979323846 / 180.0)) return false;
    const glm::dvec3 up(0.0, 1.0, 0.0);
    if (inside(hit.point - up * settings_.insideProbeM)) return false;
    // Headroom: nothing between the feet (just above the surface) and head height.
    return !nearestTriangle(hit.point + up * 0.05, hit.point + up * settings_.headroomM);
}

}  // namespace places::xr
