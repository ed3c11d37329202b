#include "places/city/triangulate.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>
#include <glm/vec2.hpp>

using places::city::TriangulateStatus;
using places::city::Triangulation;
using places::city::triangulatePolygon;
using Ring = std::vector<glm::dvec3>;

namespace {

double area(const Triangulation& t) {
    double sum = 0.0;
    for (std::size_t i = 0; i + 2 < t.indices.size(); i += 3) {
        const glm::dvec3 a = t.vertices[t.indices[i]], b = t.vertices[t.indices[i + 1]],
                         c = t.vertices[t.indices[i + 2]];
        sum += 0.5 * glm::length(glm::cross(b - a, c - a));
    }
    return sum;
}

// Every triangle must face the same way as the polygon (counter-clockwise about its normal).
bool trianglesFaceNormal(const Triangulation& t) {
    for (std::size_t i = 0; i + 2 < t.indices.size(); i += 3) {
        const glm::dvec3 a = t.vertices[t.indices[i]], b = t.vertices[t.indices[i + 1]],
                         c = t.vertices[t.indices[i + 2]];
        if (glm::dot(glm::cross(b - a, c - a), t.normal) <= 0.0) return false;
    }
    return true;
}

Ring square(double x0, double y0, double size, double z = 0.0) {
    return {{x0, y0, z}, {x0 + size, y0, z}, {x0 + size, y0 + size, z}, {x0, y0 + size, z}};
}

}  // namespace

TEST_CASE("triangulate: square with a square hole", "[triangulate]") {
    Ring hole = square(3, 3, 2);
    const auto t = triangulatePolygon(std::vector<Ring>{square(0, 0, 10), hole});
    REQUIRE(t.status == TriangulateStatus::Ok);
    // 8 corners, one hole: a triangulation has n + 2h - 2 = 8 triangles.
    CHECK(t.triangleCount() == 8);
    CHECK(t.vertices.size() == 8);
    CHECK(area(t) == Approx(96.0));
    CHECK(t.normal.z == Approx(1.0));
    CHECK(trianglesFaceNormal(t));
}

TEST_CASE("triangulate: hole orientation does not matter (odd winding)", "[triangulate]") {
    Ring hole = square(3, 3, 2);
    std::vector<glm::dvec3> reversed(hole.rbegin(), hole.rend());
    const auto t = triangulatePolygon(std::vector<Ring>{square(0, 0, 10), reversed});
    REQUIRE(t.status == TriangulateStatus::Ok);
    CHECK(area(t) == Approx(96.0));
}

TEST_CASE("triangulate: wall at large georeferenced coordinates keeps precision", "[triangulate]") {
    // A 10 m x 5 m wall at UTM 32N coordinates; vertical, normal along -y.
    const double e = 365512.125, n = 5713456.5;
    const Ring wall{{e, n, 40}, {e + 10, n, 40}, {e + 10, n, 45}, {e, n, 45}};
    const auto t = triangulatePolygon(std::vector<Ring>{wall});
    REQUIRE(t.status == TriangulateStatus::Ok);
    CHECK(t.triangleCount() == 2);
    CHECK(area(t) == Approx(50.0).epsilon(1e-12));
    CHECK(t.normal.y == Approx(-1.0));
    CHECK(trianglesFaceNormal(t));
    CHECK(t.planeDeviation < 1e-9);
}

TEST_CASE("triangulate: closed rings and repeated points are cleaned", "[triangulate]") {
    Ring ring = square(0, 0, 4);
    ring.insert(ring.begin() + 1, ring[0]);  // consecutive duplicate
    ring.push_back(ring[0]);                 // closing point
    const auto t = triangulatePolygon(std::vector<Ring>{ring});
    REQUIRE(t.status == TriangulateStatus::Ok);
    CHECK(t.vertices.size() == 4);
    CHECK(t.triangleCount() == 2);
    CHECK(area(t) == Approx(16.0));
}

TEST_CASE("triangulate: concave L shape", "[triangulate]") {
    const Ring l{{0, 0, 0}, {4, 0, 0}, {4, 1, 0}, {1, 1, 0}, {1, 3, 0}, {0, 3, 0}};
    const auto t = triangulatePolygon(std::vector<Ring>{l});
    REQUIRE(t.status == TriangulateStatus::Ok);
    CHECK(t.triangleCount() == 4);
    CHECK(area(t) == Approx(6.0));
    CHECK(trianglesFaceNormal(t));
}

TEST_CASE("triangulate: slightly non-planar polygon is salvaged by projection", "[triangulate]") {
    Ring roof = square(0, 0, 10, 50.0);
    roof[2].z += 0.08;  // one corner 8 cm up: over the 1 cm tolerance, under the 50 cm limit
    const auto t = triangulatePolygon(std::vector<Ring>{roof});
    REQUIRE(t.status == TriangulateStatus::Salvaged);
    CHECK(std::string(t.reason).find("non-planar") != std::string::npos);
    CHECK(t.planeDeviation == Approx(0.02).epsilon(1e-3));  // best-fit plane splits the 8 cm among the corners
    CHECK(t.triangleCount() == 2);
    // The 3D corners are kept, not flattened.
    bool keptLifted = false;
    for (const auto& v : t.vertices) keptLifted |= v.z == 50.08;
    CHECK(keptLifted);
}

TEST_CASE("triangulate: strongly non-planar polygon is skipped", "[triangulate]") {
    Ring twisted = square(0, 0, 10);
    twisted[2].z = 6.0;
    const auto t = triangulatePolygon(std::vector<Ring>{twisted});
    CHECK(t.status == TriangulateStatus::Skipped);
    CHECK(std::string(t.reason).find("non-planar") != std::string::npos);
    CHECK(t.indices.empty());
}

TEST_CASE("triangulate: degenerate polygons are skipped with a reason", "[triangulate]") {
    SECTION("two distinct points") {
        const auto t = triangulatePolygon(std::vector<Ring>{{{0, 0, 0}, {1, 0, 0}, {1, 0, 0}, {0, 0, 0}}});
        CHECK(t.status == TriangulateStatus::Skipped);
        CHECK(std::string(t.reason) == "fewer than 3 distinct points");
    }
    SECTION("collinear points") {
        const auto t = triangulatePolygon(std::vector<Ring>{{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {3, 3, 3}}});
        CHECK(t.status == TriangulateStatus::Skipped);
        CHECK(std::string(t.reason).find("zero area") != std::string::npos);
    }
    SECTION("non-finite coordinate") {
        const auto t = triangulatePolygon(std::vector<Ring>{{{0, 0, 0}, {1, 0, 0}, {0, NAN, 0}}});
        CHECK(t.status == TriangulateStatus::Skipped);
        CHECK(std::string(t.reason).find("non-finite") != std::string::npos);
    }
    SECTION("no rings") {
        const auto t = triangulatePolygon(std::vector<Ring>{});
        CHECK(t.status == TriangulateStatus::Skipped);
    }
}

TEST_CASE("triangulate: degenerate hole is dropped, polygon salvaged", "[triangulate]") {
    const Ring hole{{2, 2, 0}, {3, 3, 0}, {4, 4, 0}};
    const auto t = triangulatePolygon(std::vector<Ring>{square(0, 0, 10), hole});
    REQUIRE(t.status == TriangulateStatus::Salvaged);
    CHECK(std::string(t.reason).find("hole") != std::string::npos);
    CHECK(area(t) == Approx(100.0));
}

TEST_CASE("triangulate: self-intersecting bow tie is split at the crossing", "[triangulate]") {
    // Lobes of 0.2 and 3.2 square metres crossing at (0.4, 0.8); a symmetric bow
    // tie would have zero net area and be skipped as degenerate.
    const Ring bowTie{{0, 0, 0}, {2, 4, 0}, {2, 0, 0}, {0, 1, 0}};
    const auto t = triangulatePolygon(std::vector<Ring>{bowTie});
    REQUIRE(t.status == TriangulateStatus::Salvaged);
    CHECK(std::string(t.reason).find("self-intersecting") != std::string::npos);
    CHECK(t.vertices.size() == 5);  // the crossing (1, 1) was added
    CHECK(t.triangleCount() == 2);
    CHECK(area(t) == Approx(3.4));
    CHECK(t.vertices[4].x == Approx(0.4));
    CHECK(t.vertices[4].y == Approx(0.8));
}

TEST_CASE("triangulate: a hole touching the exterior adds no vertex", "[triangulate]") {
    // The hole's corner (0, 5) lies on the exterior's edge x = 0 (valid in CityGML).
    const Ring hole{{0, 5, 0}, {3, 4, 0}, {3, 6, 0}};
    const auto t = triangulatePolygon(std::vector<Ring>{square(0, 0, 10), hole});
    CHECK(t.status == TriangulateStatus::Ok);
    CHECK(t.vertices.size() == 7);
    CHECK(area(t) == Approx(97.0));
}

// The convex-quad fast path must be indistinguishable from GLU: same status,
// vertices and triangles in the same order (the pack's bytes depend on it).
TEST_CASE("triangulate: convex quad fast path gives exactly GLU's triangles", "[triangulate]") {
    places::city::TriangulateOptions glu;
    glu.convexQuadFastPath = false;
    glu.earClipping = false;
    std::mt19937 random(20240611);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    std::size_t fast = 0;
    for (int k = 0; k < 20000; ++k) {
        // 2D quad (kinds as found in LoD2 data), counter-clockwise.
        std::vector<glm::dvec2> q;
        const double w = 1.0 + 20.0 * (unit(random) + 1.0), h = 1.0 + 20.0 * (unit(random) + 1.0);
        switch (k % 5) {
            case 0: q = {{0, 0}, {w, 0}, {w, h}, {0, h}}; break;                                   // wall
            case 1: q = {{0, 0}, {w, 0}, {w, h + 3.0 * unit(random)}, {0, h}}; break;             // gable wall
            case 2: q = {{0, 0}, {w, 0}, {w - 2.0 * (unit(random) + 1), h}, {1, h}}; break;      // hip roof
            case 3: {                                                                              // any convex
                std::vector<double> angles(4);
                for (double& a : angles) a = (unit(random) + 1.0) * glm::pi<double>();
                std::sort(angles.begin(), angles.end());
                for (double a : angles) q.push_back({w * std::cos(a), h * std::sin(a)});
                break;
            }
            default: q = {{0, 0}, {10, 0}, {10, 10}, {5, 10 + std::pow(10.0, -(k % 13)) * unit(random)}};  // near-straight corner
        }
        std::rotate(q.begin(), q.begin() + k % 4, q.end());
        // Placed in a random plane at georeferenced coordinates (RD / UTM magnitudes).
        const glm::dvec3 origin(93000.0 + 100.0 * unit(random), 436000.0 + 100.0 * unit(random), 5.0 * unit(random));
        const double yaw = glm::pi<double>() * unit(random), tilt = k % 2 ? glm::half_pi<double>() : 0.6 * unit(random);
        const glm::dvec3 u(std::cos(yaw), std::sin(yaw), 0.0);
        const glm::dvec3 v = std::cos(tilt) * glm::dvec3(-u.y, u.x, 0.0) + std::sin(tilt) * glm::dvec3(0, 0, 1);
        Ring ring;
        for (const auto& p : q) ring.push_back(origin + p.x * u + p.y * v);
        if (k % 3 == 0) std::reverse(ring.begin(), ring.end());  // either orientation in the file

        const std::vector<Ring> rings{ring};
        const Triangulation a = triangulatePolygon(rings);
        const Triangulation b = triangulatePolygon(rings, glu);
        INFO("case " << k);
        REQUIRE(a.status == b.status);
        REQUIRE(std::string(a.reason) == b.reason);
        REQUIRE(a.vertices == b.vertices);
        REQUIRE(a.indices == b.indices);
        fast += a.indices.size() == 6 ? 1 : 0;
    }
    CHECK(fast > 15000);  // the cases above are nearly all strictly convex: the fast path ran
}

namespace {

// Random simple rings of the kinds found in LoD2 data: star-shaped (any
// convex or concave roof), rectilinear footprints with notches (walls of
// L/U/comb-shaped buildings, collinear corners included) and spiky stars.
std::vector<glm::dvec2> randomSimpleRing(std::mt19937& random, int kind) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<glm::dvec2> q;
    if (kind == 0 || kind == 2) {
        const int n = 5 + static_cast<int>(unit(random) * (kind == 0 ? 20 : 60));
        // One corner per sector of 2 pi / n: gaps stay below pi, so the
        // centre sees every edge (star-shaped, hence simple).
        for (int i = 0; i < n; ++i) {
            const double a = (i + 0.9 * unit(random)) * glm::two_pi<double>() / n;
            const double r = kind == 0 ? 5.0 + 10.0 * unit(random) : 0.5 + 20.0 * unit(random);
            q.push_back({r * std::cos(a), r * std::sin(a)});
        }
    } else {
        // A comb: teeth of random width and depth along the top of a bar, with
        // a corner left in the middle of some straight runs.
        const int teeth = 1 + static_cast<int>(unit(random) * 8);
        double x = 0.0;
        q.push_back({0, 0});
        std::vector<glm::dvec2> top;
        for (int k = 0; k < teeth; ++k) {
            const double w = 1.0 + 4.0 * unit(random), depth = 1.0 + 6.0 * unit(random), gap = 1.0 + 3.0 * unit(random);
            top.push_back({x + w, 3.0});
            top.push_back({x + w, 3.0 + depth});
            if (unit(random) < 0.3) top.push_back({x + w + 0.5 * gap, 3.0 + depth});  // collinear corner
            top.push_back({x + w + gap, 3.0 + depth});
            top.push_back({x + w + gap, 3.0});
            x += w + gap;
        }
        q.push_back({x + 2.0, 0});
        q.push_back({x + 2.0, 3.0});
        for (auto it = top.rbegin(); it != top.rend(); ++it) q.push_back(*it);
        q.push_back({0, 3.0});
    }
    return q;
}

// Twice the signed area by the shoelace formula.
double shoelace2(const std::vector<glm::dvec2>& q) {
    double sum = 0.0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        const glm::dvec2 &a = q[i], &b = q[(i + 1) % q.size()];
        sum += a.x * b.y - a.y * b.x;
    }
    return sum;
}

bool insideRing(const std::vector<glm::dvec2>& q, const glm::dvec2& p) {
    bool inside = false;
    for (std::size_t i = 0, j = q.size() - 1; i < q.size(); j = i++) {
        if ((q[i].y > p.y) != (q[j].y > p.y) &&
            p.x < (q[j].x - q[i].x) * (p.y - q[i].y) / (q[j].y - q[i].y) + q[i].x)
            inside = !inside;
    }
    return inside;
}

}  // namespace

// Ear clipping gives other triangles than GLU, but the same polygon: same
// status, vertices and area, every triangle facing the normal and inside the
// ring, and no overlap (areas sum to the ring's area, each triangle inside).
TEST_CASE("triangulate: ear clipping covers exactly the polygon GLU covers", "[triangulate]") {
    places::city::TriangulateOptions glu;
    glu.earClipping = false;
    std::mt19937 random(20240917);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    std::size_t clipped[3] = {0, 0, 0};
    for (int k = 0; k < 3000; ++k) {
        std::vector<glm::dvec2> q = randomSimpleRing(random, k % 3);
        std::rotate(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k) % q.size()), q.end());
        const double area2 = std::abs(shoelace2(q));
        const glm::dvec3 origin(93000.0 + 100.0 * unit(random), 436000.0 + 100.0 * unit(random), 5.0 * unit(random));
        const double yaw = glm::pi<double>() * unit(random), tilt = k % 2 ? glm::half_pi<double>() : 0.6 * unit(random);
        const glm::dvec3 u(std::cos(yaw), std::sin(yaw), 0.0);
        const glm::dvec3 v = std::cos(tilt) * glm::dvec3(-u.y, u.x, 0.0) + std::sin(tilt) * glm::dvec3(0, 0, 1);
        if (k % 4 == 0) std::reverse(q.begin(), q.end());  // either orientation in the file
        Ring ring;
        for (const auto& p : q) ring.push_back(origin + p.x * u + p.y * v);

        const std::vector<Ring> rings{ring};
        const Triangulation a = triangulatePolygon(rings);
        const Triangulation b = triangulatePolygon(rings, glu);
        INFO("case " << k << ", " << q.size() << " corners");
        REQUIRE(a.status == b.status);
        REQUIRE(a.vertices == b.vertices);
        CHECK(area(a) == Approx(0.5 * area2).epsilon(1e-9));
        CHECK(area(a) == Approx(area(b)).epsilon(1e-9));
        CHECK(trianglesFaceNormal(a));
        // Every triangle's centroid inside the 2D ring (the vertices are the
        // ring's corners in order, so index i is q[i]).
        bool allInside = true;
        for (std::size_t i = 0; i + 2 < a.indices.size(); i += 3) {
            const glm::dvec2 &p0 = q[a.indices[i]], &p1 = q[a.indices[i + 1]], &p2 = q[a.indices[i + 2]];
            allInside &= insideRing(q, (p0 + p1 + p2) / 3.0);
        }
        CHECK(allInside);
        clipped[k % 3] += a.indices != b.indices ? 1 : 0;
    }
    // The fast path ran for each kind (GLU would give the same triangles).
    for (const std::size_t count : clipped) CHECK(count > 950);
}

TEST_CASE("triangulate: rings ear clipping declines go to GLU", "[triangulate]") {
    places::city::TriangulateOptions glu;
    glu.earClipping = false;
    // A corner touching another edge (CityGML allows a ring to touch itself at
    // a point), a spike folding back along an edge, a crossing: GLU's output.
    const std::vector<Ring> cases{
        {{0, 0, 0}, {10, 0, 0}, {10, 10, 0}, {5, 0, 0}, {0, 10, 0}},
        {{0, 0, 0}, {10, 0, 0}, {10, 10, 0}, {5, 10, 0}, {5, 14, 0}, {5, 12, 0}, {0, 10, 0}},
        {{0, 0, 0}, {10, 0, 0}, {10, 10, 0}, {3, -2, 0}, {0, 10, 0}},
    };
    for (std::size_t k = 0; k < cases.size(); ++k) {
        INFO("case " << k);
        const Triangulation a = triangulatePolygon(std::vector<Ring>{cases[k]});
        const Triangulation b = triangulatePolygon(std::vector<Ring>{cases[k]}, glu);
        CHECK(a.status == b.status);
        CHECK(a.vertices == b.vertices);
        CHECK(a.indices == b.indices);
    }
    // And one that it takes: a 64-corner ring is clipped, a 65-corner one is not.
    for (const int n : {64, 65}) {
        Ring circle;
        for (int i = 0; i < n; ++i) {
            const double t = glm::two_pi<double>() * i / n;
            circle.push_back({10.0 * std::cos(t), 10.0 * std::sin(t) * (i % 2 ? 0.8 : 1.0), 0.0});
        }
        const Triangulation a = triangulatePolygon(std::vector<Ring>{circle});
        const Triangulation b = triangulatePolygon(std::vector<Ring>{circle}, glu);
        INFO(n << " corners");
        CHECK(a.triangleCount() == static_cast<std::size_t>(n - 2));
        CHECK(area(a) == Approx(area(b)).epsilon(1e-12));
        CHECK((a.indices == b.indices) == (n == 65));
    }
}
