// Ground height queries over terrain triangles: a uniform bucket grid over XZ,
// each bucket listing the triangles whose XZ box touches it.
#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/common.hpp>

#include "places/city/ground.hpp"

namespace places::city {

void GroundHeights::addTriangle(const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
    corners_.push_back(a);
    corners_.push_back(b);
    corners_.push_back(c);
}

GroundHeights GroundHeights::fromCity(const City& city) {
    GroundHeights g;
    const CityMesh& mesh = city.mesh;
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        if (mesh.triangleSurface[t] != SurfaceType::Terrain) continue;
        g.addTriangle(glm::dvec3(mesh.positions[mesh.indices[3 * t]]), glm::dvec3(mesh.positions[mesh.indices[3 * t + 1]]),
                      glm::dvec3(mesh.positions[mesh.indices[3 * t + 2]]));
    }
    g.buildIndex();
    return g;
}

GroundHeights GroundHeights::fromTileSet(const TileSet& tiles) {
    GroundHeights g;
    for (const Tile& tile : tiles.tiles) {
        if (!tile.leaf() || tile.levels.empty()) continue;
        const TileLevel& level = tile.levels.front();
        for (std::size_t t = 0; t < level.triangleCount() && t < level.triangleSurface.size(); ++t) {
            if (level.triangleSurface[t] != SurfaceType::Terrain) continue;
            const auto at = [&](std::size_t i) { return tile.centre + glm::dvec3(level.positions[level.indices[3 * t + i]]); };
            g.addTriangle(at(0), at(1), at(2));
        }
    }
    g.buildIndex();
    return g;
}

void GroundHeights::buildIndex() {
    if (corners_.empty()) return;
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const auto& p : corners_) {
        lo = glm::min(lo, glm::dvec2(p.x, p.z));
        hi = glm::max(hi, glm::dvec2(p.x, p.z));
    }
    // About 4 triangles per bucket on average, at least 1 m buckets, at most 4 M buckets.
    const double area = std::max((hi.x - lo.x) * (hi.y - lo.y), 1.0);
    cell_ = std::max(1.0, std::sqrt(4.0 * area / double(triangleCount())));
    while ((hi.x - lo.x) / cell_ * (hi.y - lo.y) / cell_ > 4e6) cell_ *= 2.0;
    origin_ = lo;
    columns_ = std::int64_t((hi.x - lo.x) / cell_) + 1;
    rows_ = std::int64_t((hi.y - lo.y) / cell_) + 1;
    const auto range = [&](std::size_t t, std::int64_t& x0, std::int64_t& x1, std::int64_t& z0, std::int64_t& z1) {
        const glm::dvec3 &a = corners_[3 * t], &b = corners_[3 * t + 1], &c = corners_[3 * t + 2];
        x0 = std::int64_t((std::min({a.x, b.x, c.x}) - origin_.x) / cell_);
        x1 = std::int64_t((std::max({a.x, b.x, c.x}) - origin_.x) / cell_);
        z0 = std::int64_t((std::min({a.z, b.z, c.z}) - origin_.y) / cell_);
        z1 = std::int64_t((std::max({a.z, b.z, c.z}) - origin_.y) / cell_);
    };
    // Two passes (count, fill): one flat array instead of a vector per bucket.
    bucketStart_.assign(std::size_t(columns_ * rows_) + 1, 0);
    for (std::size_t t = 0; t < triangleCount(); ++t) {
        std::int64_t x0, x1, z0, z1;
        range(t, x0, x1, z0, z1);
        for (std::int64_t z = z0; z <= z1; ++z)
            for (std::int64_t x = x0; x <= x1; ++x) ++bucketStart_[std::size_t(z * columns_ + x) + 1];
    }
    for (std::size_t i = 1; i < bucketStart_.size(); ++i) bucketStart_[i] += bucketStart_[i - 1];
    bucketTris_.resize(bucketStart_.back());
    std::vector<std::uint32_t> fill(bucketStart_.begin(), bucketStart_.end() - 1);
    for (std::size_t t = 0; t < triangleCount(); ++t) {
        std::int64_t x0, x1, z0, z1;
        range(t, x0, x1, z0, z1);
        for (std::int64_t z = z0; z <= z1; ++z)
            for (std::int64_t x = x0; x <= x1; ++x) bucketTris_[fill[std::size_t(z * columns_ + x)]++] = std::uint32_t(t);
    }
}

std::optional<double> GroundHeights::heightAt(double x, double z) const {
    if (corners_.empty() || !std::isfinite(x) || !std::isfinite(z)) return std::nullopt;
    const double fx = (x - origin_.x) / cell_, fz = (z - origin_.y) / cell_;
    if (fx < 0 || fz < 0 || fx >= double(columns_) || fz >= double(rows_)) return std::nullopt;
    const std::size_t bucket = std::size_t(std::int64_t(fz) * columns_ + std::int64_t(fx));
    std::optional<double> best;
    for (std::uint32_t i = bucketStart_[bucket]; i < bucketStart_[bucket + 1]; ++i) {
        const std::size_t t = bucketTris_[i];
        const glm::dvec3 &a = corners_[3 * t], &b = corners_[3 * t + 1], &c = corners_[3 * t + 2];
        // Barycentric coordinates in XZ; a small tolerance closes the cracks of float corners.
        const double det = (b.x - a.x) * (c.z - a.z) - (c.x - a.x) * (b.z - a.z);
        if (std::abs(det) < 1e-12) continue;
        const double u = ((x - a.x) * (c.z - a.z) - (c.x - a.x) * (z - a.z)) / det;
        const double v = ((b.x - a.x) * (z - a.z) - (x - a.x) * (b.z - a.z)) / det;
        constexpr double kTolerance = -1e-6;
        if (u < kTolerance || v < kTolerance || u + v > 1.0 - kTolerance) continue;
        const double h = a.y + u * (b.y - a.y) + v * (c.y - a.y);
        if (!best || h > *best) best = h;
    }
    return best;
}

}  // namespace places::city
