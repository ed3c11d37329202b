// The "Blocks" level: LoD1 prisms from each building's footprint hull and
// height, with the deviation from the real building measured, not guessed.
#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/vec2.hpp>

#include "lod.hpp"

namespace places::city::lod {

namespace {

double cross2(const glm::dvec2& o, const glm::dvec2& a, const glm::dvec2& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// Andrew's monotone chain; drops collinear points. Counter-clockwise in (x, z).
std::vector<glm::dvec2> convexHull(std::vector<glm::dvec2> points) {
    std::sort(points.begin(), points.end(),
              [](const glm::dvec2& a, const glm::dvec2& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    points.erase(std::unique(points.begin(), points.end()), points.end());
    if (points.size() < 3) return {};
    std::vector<glm::dvec2> hull(2 * points.size());
    std::size_t k = 0;
    for (const auto& p : points) {
        while (k >= 2 && cross2(hull[k - 2], hull[k - 1], p) <= 0) --k;
        hull[k++] = p;
    }
    for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && cross2(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
        hull[k++] = points[i];
    }
    hull.resize(k - 1);
    return hull.size() >= 3 ? hull : std::vector<glm::dvec2>{};
}

// Squared: the minima and maxima below are taken over squares and rooted once
// (sqrt is correctly rounded and monotonic, so that equals taking them over
// the rooted distances, bit for bit).
double squaredDistanceToSegment(const glm::dvec2& p, const glm::dvec2& a, const glm::dvec2& b) {
    const glm::dvec2 ab = b - a;
    const double len2 = glm::dot(ab, ab);
    const double t = len2 > 0 ? std::clamp(glm::dot(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const glm::dvec2 d = p - (a + t * ab);
    return glm::dot(d, d);
}

// Emits a triangle wound so that its geometric normal faces `outward`.
void emit(TriangleSoup& soup, glm::vec3 a, glm::vec3 b, glm::vec3 c, const glm::vec3& outward,
          std::uint32_t building, SurfaceType surface) {
    glm::vec3 n = glm::cross(b - a, c - a);
    if (glm::dot(n, outward) < 0) {
        std::swap(b, c);
        n = -n;
    }
    const float length = glm::length(n);
    if (!(length > 0.0f)) return;
    n /= length;
    soup.corners.insert(soup.corners.end(), {a, b, c});
    soup.normals.insert(soup.normals.end(), {n, n, n});
    soup.building.push_back(building);
    soup.surface.push_back(surface);
}

// XZ bounding box of one footprint triangle: no point of its edges is nearer
// to a sample than the box is.
struct Box {
    glm::dvec2 lo, hi;
    double distance2(const glm::dvec2& p) const {
        const glm::dvec2 d = glm::max(glm::max(lo - p, p - hi), glm::dvec2(0.0));
        return glm::dot(d, d);
    }
};

// Largest distance from a sample on the hull's outline to the nearest edge of
// a footprint triangle (3 points each in `footprint`). Equal, bit for bit, to
// the plain double loop over every sample and every edge: the pruning below
// only skips edges that cannot lower a sample's minimum, and stops a sample
// once it cannot raise the maximum (the early break of Hausdorff distance
// algorithms). That takes a building from O(samples x triangles) to roughly
// O(samples + triangles).
double hullDeviation(const std::vector<glm::dvec2>& hull, const std::vector<glm::dvec2>& footprint) {
    const std::size_t triangles = footprint.size() / 3;
    std::vector<Box> boxes(triangles);
    for (std::size_t t = 0; t < triangles; ++t) {
        const glm::dvec2 &a = footprint[3 * t], &b = footprint[3 * t + 1], &c = footprint[3 * t + 2];
        boxes[t] = {glm::min(glm::min(a, b), c), glm::max(glm::max(a, b), c)};
    }
    const auto triangleDistance2 = [&](const glm::dvec2& p, std::size_t t) {
        double nearest2 = std::numeric_limits<double>::max();
        for (std::size_t i = 0; i < 3; ++i)
            nearest2 = std::min(nearest2,
                                squaredDistanceToSegment(p, footprint[3 * t + i], footprint[3 * t + (i + 1) % 3]));
        return nearest2;
    };
    // Margin on the box test: it compares squares rounded differently from the
    // edge distances, and must never skip an edge that could be the nearest.
    constexpr double kMargin = 1.0 + 1e-9;
    double horizontal2 = 0.0;
    std::size_t hint = 0;  // the triangle nearest to the previous sample: usually nearest to this one too
    for (std::size_t e = 0; e < hull.size() && triangles > 0; ++e) {
        const glm::dvec2 a = hull[e], b = hull[(e + 1) % hull.size()];
        const int samples = std::clamp(static_cast<int>(std::ceil(glm::length(b - a))), 1, 32);
        for (int s = 0; s <= samples; ++s) {
            const glm::dvec2 p = a + (b - a) * (static_cast<double>(s) / samples);
            double nearest2 = triangleDistance2(p, hint);
            for (std::size_t t = 0; t < triangles && nearest2 > horizontal2; ++t) {
                if (boxes[t].distance2(p) > nearest2 * kMargin) continue;
                const double d2 = triangleDistance2(p, t);
                if (d2 < nearest2) {
                    nearest2 = d2;
                    hint = t;
                }
            }
            horizontal2 = std::max(horizontal2, nearest2);
        }
    }
    return std::sqrt(horizontal2);
}

}  // namespace

Block makeBlock(std::span<const glm::vec3> corners, std::span<const SurfaceType> surfaces,
                std::uint32_t building) {
    Block block;
    if (corners.empty()) return block;
    double minY = std::numeric_limits<double>::max(), maxY = std::numeric_limits<double>::lowest();
    double roofMin = std::numeric_limits<double>::max(), roofMax = std::numeric_limits<double>::lowest();
    std::vector<glm::dvec2> footprint;
    footprint.reserve(corners.size());
    for (std::size_t i = 0; i < corners.size(); ++i) {
        const glm::dvec3 p(corners[i]);
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
        if (surfaces[i / 3] == SurfaceType::Roof) {
            roofMin = std::min(roofMin, p.y);
            roofMax = std::max(roofMax, p.y);
        }
        footprint.emplace_back(p.x, p.z);
    }
    const bool hasRoof = roofMin <= roofMax;
    const double top = hasRoof ? 0.5 * (roofMin + roofMax) : maxY;
    const double vertical = hasRoof ? std::max(maxY - top, top - roofMin) : 0.0;

    const std::vector<glm::dvec2> hull = convexHull(footprint);
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const auto& p : footprint) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    block.size = static_cast<float>(std::max(glm::length(hi - lo), maxY - minY));
    if (hull.empty() || !(top > minY)) {
        // Flat or linear objects (a wall, a fence) have no block: leaving them
        // out deviates by their whole size.
        block.error = block.size;
        return block;
    }

    // Horizontal deviation: how far the hull's outline strays from the
    // building's footprint (the union of its triangles projected onto XZ),
    // sampled along each hull edge at <= 1 m spacing.
    const double horizontal = hullDeviation(hull, footprint);
    block.error = static_cast<float>(std::max(vertical, horizontal));

    glm::dvec2 centroid(0.0);
    for (const auto& p : hull) centroid += p;
    centroid /= static_cast<double>(hull.size());
    const auto at = [](const glm::dvec2& p, double y) {
        return glm::vec3(static_cast<float>(p.x), static_cast<float>(y), static_cast<float>(p.y));
    };
    block.soup.reserve(3 * hull.size() - 2);  // two per wall, hull - 2 for the roof
    for (std::size_t e = 0; e < hull.size(); ++e) {
        const glm::dvec2 a = hull[e], b = hull[(e + 1) % hull.size()];
        const glm::dvec2 mid = 0.5 * (a + b);
        const glm::vec3 outward(static_cast<float>(mid.x - centroid.x), 0.0f, static_cast<float>(mid.y - centroid.y));
        emit(block.soup, at(a, minY), at(b, minY), at(b, top), outward, building, SurfaceType::Wall);
        emit(block.soup, at(a, minY), at(b, top), at(a, top), outward, building, SurfaceType::Wall);
    }
    for (std::size_t i = 1; i + 1 < hull.size(); ++i)
        emit(block.soup, at(hull[0], top), at(hull[i], top), at(hull[i + 1], top), {0, 1, 0}, building,
             SurfaceType::Roof);
    return block;
}

TriangleSoup boxOf(const Block& block) {
    TriangleSoup box;
    if (block.soup.triangleCount() == 0) return box;
    glm::vec3 lo = block.soup.corners.front(), hi = lo;
    for (const glm::vec3& p : block.soup.corners) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    const std::uint32_t building = block.soup.building.front();
    const glm::vec3 centre = 0.5f * (lo + hi);
    const glm::vec3 c[4] = {{lo.x, 0, lo.z}, {hi.x, 0, lo.z}, {hi.x, 0, hi.z}, {lo.x, 0, hi.z}};
    const auto at = [](glm::vec3 p, float y) { return glm::vec3(p.x, y, p.z); };
    box.reserve(10);
    for (std::size_t e = 0; e < 4; ++e) {
        const glm::vec3 a = c[e], b = c[(e + 1) % 4];
        const glm::vec3 outward = 0.5f * (a + b) - glm::vec3(centre.x, 0, centre.z);
        emit(box, at(a, lo.y), at(b, lo.y), at(b, hi.y), outward, building, SurfaceType::Wall);
        emit(box, at(a, lo.y), at(b, hi.y), at(a, hi.y), outward, building, SurfaceType::Wall);
    }
    emit(box, at(c[0], hi.y), at(c[1], hi.y), at(c[2], hi.y), {0, 1, 0}, building, SurfaceType::Roof);
    emit(box, at(c[0], hi.y), at(c[2], hi.y), at(c[3], hi.y), {0, 1, 0}, building, SurfaceType::Roof);
    return box;
}

}  // namespace places::city::lod
