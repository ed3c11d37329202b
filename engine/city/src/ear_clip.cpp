#include "ear_clip.hpp"

#include <algorithm>
#include <cmath>

namespace places::city::detail {

namespace {

struct Point {
    double x, y;
};

// Twice the signed area of (a, b, c): > 0 when counter-clockwise.
double orient(const Point& a, const Point& b, const Point& c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

int sign(double value, double epsilon) { return value > epsilon ? 1 : value < -epsilon ? -1 : 0; }

// Closed segments ab and cd meet (cross, touch, or overlap), where "on the
// line" means within `epsilon` of twice the area: near-misses count as
// meeting, which only sends the ring to GLU.
bool segmentsMeet(const Point& a, const Point& b, const Point& c, const Point& d, double epsilon) {
    const int o1 = sign(orient(a, b, c), epsilon), o2 = sign(orient(a, b, d), epsilon);
    const int o3 = sign(orient(c, d, a), epsilon), o4 = sign(orient(c, d, b), epsilon);
    if (o1 * o2 > 0 || o3 * o4 > 0) return false;
    if (o1 != 0 || o2 != 0) return true;
    // Collinear: they meet only where their extents overlap (two edges on one
    // straight line, e.g. the arms of a U-shaped footprint, usually do not).
    const double dx = std::max({a.x, b.x, c.x, d.x}) - std::min({a.x, b.x, c.x, d.x});
    const double dy = std::max({a.y, b.y, c.y, d.y}) - std::min({a.y, b.y, c.y, d.y});
    const bool alongX = dx >= dy;
    const double a0 = alongX ? std::min(a.x, b.x) : std::min(a.y, b.y), a1 = alongX ? std::max(a.x, b.x) : std::max(a.y, b.y);
    const double c0 = alongX ? std::min(c.x, d.x) : std::min(c.y, d.y), c1 = alongX ? std::max(c.x, d.x) : std::max(c.y, d.y);
    return a1 >= c0 && c1 >= a0;
}

struct Box {
    double x0, y0, x1, y1;
    bool apart(const Box& o) const { return x1 < o.x0 || o.x1 < x0 || y1 < o.y0 || o.y1 < y0; }
};

// Strictly simple: non-adjacent edges do not meet, adjacent edges share only
// their corner (no spike folding back along itself). O(n^2), n is small; a
// box test (boxes grown by `margin`) skips the orientations of edges that are
// clearly apart, which is most of them.
bool strictlySimple(std::span<const Point> p, double epsilon, double margin, std::vector<Box>& boxes) {
    const std::size_t n = p.size();
    boxes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Point &a = p[i], &b = p[(i + 1) % n];
        boxes[i] = {std::min(a.x, b.x) - margin, std::min(a.y, b.y) - margin, std::max(a.x, b.x) + margin,
                    std::max(a.y, b.y) + margin};
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Point &a = p[i], &b = p[(i + 1) % n], &c = p[(i + 2) % n];
        if (sign(orient(a, b, c), epsilon) == 0 && (a.x - b.x) * (c.x - b.x) + (a.y - b.y) * (c.y - b.y) > 0.0)
            return false;
        // Edge i against every edge j that shares no corner with it.
        for (std::size_t j = i + 2; j < n; ++j) {
            if ((i == 0 && j == n - 1) || boxes[i].apart(boxes[j])) continue;
            if (segmentsMeet(a, b, p[j], p[(j + 1) % n], epsilon)) return false;
        }
    }
    return true;
}

// Working memory of one thread, reused by every polygon.
struct Scratch {
    std::vector<Point> points;
    std::vector<Box> edgeBoxes;
    std::vector<std::uint32_t> previous, next;
    std::vector<double> quality;  // < 0: not an ear
};

Scratch& threadScratch() {
    thread_local Scratch scratch;
    return scratch;
}

class Clipper {
public:
    Clipper(Scratch& s, double epsilon, double margin) : s_(s), epsilon_(epsilon), margin_(margin) {}

    // Shape quality of the ear at corner i, or -1 when it is not an ear: the
    // corner must be strictly convex and no other remaining corner may lie in
    // or on its triangle. Any corner is tested, not only reflex ones, so the
    // tolerance can never let a corner sit on the diagonal of an ear.
    double earQuality(std::uint32_t i) const {
        const std::uint32_t ia = s_.previous[i], ic = s_.next[i];
        const Point &a = s_.points[ia], &b = s_.points[i], &c = s_.points[ic];
        const double area2 = orient(a, b, c);
        if (!(area2 > epsilon_)) return -1.0;
        const Box box{std::min({a.x, b.x, c.x}) - margin_, std::min({a.y, b.y, c.y}) - margin_,
                      std::max({a.x, b.x, c.x}) + margin_, std::max({a.y, b.y, c.y}) + margin_};
        for (std::uint32_t r = s_.next[ic]; r != ia; r = s_.next[r]) {
            const Point& q = s_.points[r];
            if (q.x < box.x0 || q.x > box.x1 || q.y < box.y0 || q.y > box.y1) continue;
            if (orient(a, b, q) >= -epsilon_ && orient(b, c, q) >= -epsilon_ && orient(c, a, q) >= -epsilon_)
                return -1.0;
        }
        const auto length2 = [](const Point& u, const Point& v) {
            return (u.x - v.x) * (u.x - v.x) + (u.y - v.y) * (u.y - v.y);
        };
        return area2 / (length2(a, b) + length2(b, c) + length2(c, a));
    }

    bool run(std::vector<std::uint32_t>& indices) {
        const auto n = static_cast<std::uint32_t>(s_.points.size());
        for (std::uint32_t i = 0; i < n; ++i) {
            s_.previous[i] = (i + n - 1) % n;
            s_.next[i] = (i + 1) % n;
        }
        for (std::uint32_t i = 0; i < n; ++i) s_.quality[i] = earQuality(i);
        std::uint32_t start = 0;  // any remaining corner
        for (std::uint32_t remaining = n; remaining > 3; --remaining) {
            std::uint32_t best = pickEar(start);
            if (best == kNone) {
                // Clipping a corner can unblock ears away from it (a corner on
                // their triangle's boundary): look at every corner once more.
                std::uint32_t i = start;
                do {
                    s_.quality[i] = earQuality(i);
                    i = s_.next[i];
                } while (i != start);
                best = pickEar(start);
                if (best == kNone) return false;
            }
            const std::uint32_t a = s_.previous[best], c = s_.next[best];
            indices.insert(indices.end(), {a, best, c});
            s_.next[a] = c;
            s_.previous[c] = a;
            s_.quality[a] = earQuality(a);
            s_.quality[c] = earQuality(c);
            start = a;
        }
        // Every ear had area: only this last triangle can be a sliver of
        // collinear corners (within the tolerance), which covers nothing.
        const std::uint32_t a = s_.previous[start], c = s_.next[start];
        if (orient(s_.points[a], s_.points[start], s_.points[c]) > epsilon_)
            indices.insert(indices.end(), {a, start, c});
        return true;
    }

private:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    std::uint32_t pickEar(std::uint32_t start) const {
        std::uint32_t best = kNone;
        double bestQuality = 0.0;
        std::uint32_t i = start;
        do {
            if (s_.quality[i] >= 0.0 && (best == kNone || s_.quality[i] > bestQuality)) {
                best = i;
                bestQuality = s_.quality[i];
            }
            i = s_.next[i];
        } while (i != start);
        return best;
    }

    Scratch& s_;
    double epsilon_, margin_;
};

}  // namespace

bool earClip(std::span<const std::array<double, 3>> uv, std::vector<std::uint32_t>& indices) {
    const std::size_t n = uv.size();
    if (n < 3 || n > kMaxEarClipCorners) return false;
    Scratch& s = threadScratch();
    s.points.resize(n);
    Point lo{uv[0][0], uv[0][1]}, hi = lo;
    for (std::size_t i = 0; i < n; ++i) {
        s.points[i] = {uv[i][0], uv[i][1]};
        lo = {std::min(lo.x, uv[i][0]), std::min(lo.y, uv[i][1])};
        hi = {std::max(hi.x, uv[i][0]), std::max(hi.y, uv[i][1])};
    }
    // Doubled areas from plane coordinates of magnitude L would carry
    // rounding errors of ~1e-16 L^2, but the coordinates themselves were
    // projected from georeferenced ones (~1e5..1e7 m, ~1e-11..1e-9 m apart):
    // corners on one straight line come out up to ~1e-10 L^2 off it. Within
    // 1e-9 L^2 (1e-5 m^2 for a 100 m polygon) a triangle counts as flat, a
    // corner as on the line: such corners are never ears, and block ears.
    const double extent2 = (hi.x - lo.x) * (hi.x - lo.x) + (hi.y - lo.y) * (hi.y - lo.y);
    const double epsilon = 1e-9 * extent2;
    // Boxes apart by more than sqrt(epsilon) (3e-5 L) hold edges and corners
    // that are apart for any reading of the tolerance.
    const double margin = std::sqrt(epsilon);
    if (!strictlySimple(s.points, epsilon, margin, s.edgeBoxes)) return false;

    s.previous.resize(n);
    s.next.resize(n);
    s.quality.resize(n);
    const std::size_t before = indices.size();
    indices.reserve(before + 3 * (n - 2));
    if (Clipper(s, epsilon, margin).run(indices)) return true;
    indices.resize(before);
    return false;
}

}  // namespace places::city::detail
