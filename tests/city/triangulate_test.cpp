#include "places/city/triangulate.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include <glm/geometric.hpp>

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
