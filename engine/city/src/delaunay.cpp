// Bowyer-Watson with triangle adjacency: locate by walking, grow the cavity of
// triangles whose circumcircle holds the new point, fan the cavity's boundary
// to the point. Dead triangles are recycled, so memory stays ~2n triangles.
#include "delaunay.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace places::city::detail {

namespace {

constexpr std::int32_t kNone = -1;

struct Tri {
    std::uint32_t v[3];
    std::int32_t n[3];  // neighbour across the edge opposite v[i]
    bool alive = true;
};

double orient(const glm::dvec2& a, const glm::dvec2& b, const glm::dvec2& c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

// > 0 when d lies strictly inside the circumcircle of counter-clockwise a, b, c.
double incircle(const glm::dvec2& a, const glm::dvec2& b, const glm::dvec2& c, const glm::dvec2& d) {
    const double ax = a.x - d.x, ay = a.y - d.y, bx = b.x - d.x, by = b.y - d.y, cx = c.x - d.x, cy = c.y - d.y;
    const double a2 = ax * ax + ay * ay, b2 = bx * bx + by * by, c2 = cx * cx + cy * cy;
    return ax * (by * c2 - b2 * cy) - ay * (bx * c2 - b2 * cx) + a2 * (bx * cy - by * cx);
}

class Triangulator {
public:
    explicit Triangulator(std::vector<glm::dvec2> pts) : p_(std::move(pts)) {}

    std::vector<Tri>& run(std::span<const std::uint32_t> order, double scale) {
        const std::size_t n = p_.size() - 3;
        tris_.reserve(2 * n + 8);
        tris_.push_back({{std::uint32_t(n), std::uint32_t(n + 1), std::uint32_t(n + 2)}, {kNone, kNone, kNone}});
        eps_ = 1e-12 * scale * scale;
        for (std::uint32_t i : order) insert(i);
        return tris_;
    }

private:
    std::int32_t locate(const glm::dvec2& q) {
        std::int32_t t = last_;
        if (t < 0 || !tris_[std::size_t(t)].alive) t = firstAlive();
        // A visibility walk ends on Delaunay triangulations; the step cap guards
        // against rounding loops, falling back to a scan.
        for (std::size_t steps = 0; steps < tris_.size() + 16; ++steps) {
            const Tri& tri = tris_[std::size_t(t)];
            bool moved = false;
            for (int e = 0; e < 3; ++e) {
                const glm::dvec2& a = p_[tri.v[(e + 1) % 3]];
                const glm::dvec2& b = p_[tri.v[(e + 2) % 3]];
                if (orient(a, b, q) < 0 && tri.n[e] != kNone) {
                    t = tri.n[e];
                    moved = true;
                    break;
                }
            }
            if (!moved) return t;
        }
        for (std::size_t i = 0; i < tris_.size(); ++i) {
            const Tri& tri = tris_[i];
            if (tri.alive && orient(p_[tri.v[0]], p_[tri.v[1]], q) >= 0 && orient(p_[tri.v[1]], p_[tri.v[2]], q) >= 0 &&
                orient(p_[tri.v[2]], p_[tri.v[0]], q) >= 0)
                return std::int32_t(i);
        }
        return t;
    }

    std::int32_t firstAlive() const {
        for (std::size_t i = 0; i < tris_.size(); ++i)
            if (tris_[i].alive) return std::int32_t(i);
        return 0;
    }

    void insert(std::uint32_t pi) {
        const glm::dvec2& q = p_[pi];
        const std::int32_t start = locate(q);
        // A point on top of a corner of its triangle adds nothing.
        for (std::uint32_t v : tris_[std::size_t(start)].v) {
            const glm::dvec2 d = p_[v] - q;
            if (d.x * d.x + d.y * d.y <= eps_) return;
        }
        cavity_.assign(1, start);
        tris_[std::size_t(start)].alive = false;
        boundary_.clear();
        for (std::size_t k = 0; k < cavity_.size(); ++k) {
            const Tri tri = tris_[std::size_t(cavity_[k])];
            for (int e = 0; e < 3; ++e) {
                const std::int32_t nb = tri.n[e];
                const std::uint32_t a = tri.v[(e + 1) % 3], b = tri.v[(e + 2) % 3];
                if (nb != kNone && !tris_[std::size_t(nb)].alive) continue;  // inside the cavity already
                if (nb != kNone) {
                    const Tri& o = tris_[std::size_t(nb)];
                    if (incircle(p_[o.v[0]], p_[o.v[1]], p_[o.v[2]], q) > 0 &&
                        orient(p_[a], p_[b], q) > 0) {  // keeps the cavity star-shaped around q
                        tris_[std::size_t(nb)].alive = false;
                        cavity_.push_back(nb);
                        continue;
                    }
                }
                boundary_.push_back({a, b, nb});
            }
        }
        // Edges of the cavity seen from a neighbour that joined later are
        // interior: drop the ones whose outside triangle died.
        std::erase_if(boundary_, [&](const Edge& e) { return e.outside != kNone && !tris_[std::size_t(e.outside)].alive; });
        free_.insert(free_.end(), cavity_.begin(), cavity_.end());
        newTris_.clear();
        for (const Edge& e : boundary_) {
            std::int32_t t;
            Tri tri{{e.a, e.b, pi}, {kNone, kNone, e.outside}};
            if (!free_.empty()) {
                t = free_.back();
                free_.pop_back();
                tris_[std::size_t(t)] = tri;
            } else {
                t = std::int32_t(tris_.size());
                tris_.push_back(tri);
            }
            if (e.outside != kNone) {
                Tri& o = tris_[std::size_t(e.outside)];
                for (int k = 0; k < 3; ++k)
                    if (o.v[(k + 1) % 3] == e.b && o.v[(k + 2) % 3] == e.a) o.n[k] = t;
            }
            newTris_.push_back(t);
        }
        // Fan links: (a, b, q) meets (b, c, q) across b-q and (z, a, q) across q-a.
        for (std::int32_t t : newTris_) {
            Tri& tri = tris_[std::size_t(t)];
            for (std::int32_t u : newTris_) {
                const Tri& other = tris_[std::size_t(u)];
                if (other.v[0] == tri.v[1]) tri.n[0] = u;  // edge b-q, opposite a
                if (other.v[1] == tri.v[0]) tri.n[1] = u;  // edge q-a, opposite b
            }
        }
        last_ = newTris_.empty() ? last_ : newTris_.front();
    }

    struct Edge {
        std::uint32_t a, b;
        std::int32_t outside;
    };
    std::vector<glm::dvec2> p_;
    std::vector<Tri> tris_;
    std::vector<std::int32_t> cavity_, free_, newTris_;
    std::vector<Edge> boundary_;
    std::int32_t last_ = 0;
    double eps_ = 0.0;
};

}  // namespace

std::vector<std::array<std::uint32_t, 3>> delaunay(std::span<const glm::dvec2> points) {
    std::vector<std::array<std::uint32_t, 3>> out;
    const std::size_t n = points.size();
    if (n < 3 || n >= std::numeric_limits<std::int32_t>::max() / 4) return out;
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const auto& p : points) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    const double extent = std::max({hi.x - lo.x, hi.y - lo.y, 1e-6});
    const glm::dvec2 mid = 0.5 * (lo + hi);
    // Work relative to the middle (small numbers for the predicates); the
    // super-triangle is far enough that its circumcircles do not reach back in.
    std::vector<glm::dvec2> pts;
    pts.reserve(n + 3);
    for (const auto& p : points) pts.push_back(p - mid);
    const double big = 64.0 * extent;
    pts.push_back({-big, -big});
    pts.push_back({big, -big});
    pts.push_back({0.0, big});
    // Grid order with alternating rows: consecutive points are neighbours, so walks are short.
    const double cell = extent / std::max(1.0, std::sqrt(double(n) / 4.0));
    std::vector<std::uint32_t> order(n);
    std::vector<std::int64_t> key(n);
    for (std::size_t i = 0; i < n; ++i) {
        order[i] = std::uint32_t(i);
        const auto row = std::int64_t(std::floor((pts[i].y + 0.5 * extent) / cell));
        auto col = std::int64_t(std::floor((pts[i].x + 0.5 * extent) / cell));
        if (row & 1) col = (1 << 20) - col;
        key[i] = row * (std::int64_t(1) << 21) + col;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key[a] < key[b]; });
    Triangulator triangulator(std::move(pts));
    const std::vector<Tri>& tris = triangulator.run(order, extent);
    for (const Tri& t : tris) {
        if (!t.alive || t.v[0] >= n || t.v[1] >= n || t.v[2] >= n) continue;
        out.push_back({t.v[0], t.v[1], t.v[2]});
    }
    return out;
}

}  // namespace places::city::detail
