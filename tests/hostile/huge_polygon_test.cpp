// Huge polygons (issue #12, item 3): GLU's tessellation is quadratic, so rings
// above the documented corner limit are refused (CityGML: the file, with the
// ring's line, before libcitygml tessellates) or skipped and counted
// (CityJSON: the polygon); below it, the triangles must cover the polygon's
// area, and a mismatch is counted, never silent.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <glm/vec2.hpp>

#include "hostile_inputs.hpp"
#include "places/city/triangulate.hpp"
#include "run_places.hpp"

namespace {

using places::city::test::Run;
using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::city::test::writeTemp;
using namespace places::city;

std::vector<glm::dvec3> circle(std::size_t corners, double radius, glm::dvec2 centre = {0, 0}) {
    std::vector<glm::dvec3> ring;
    for (std::size_t i = 0; i < corners; ++i) {
        const double a = 2.0 * M_PI * static_cast<double>(i) / static_cast<double>(corners);
        ring.emplace_back(centre.x + radius * std::cos(a), centre.y + radius * std::sin(a), 0.0);
    }
    return ring;
}

double area(const Triangulation& t) {
    double sum = 0.0;
    for (std::size_t i = 0; i + 2 < t.indices.size(); i += 3) {
        const glm::dvec3 &a = t.vertices[t.indices[i]], &b = t.vertices[t.indices[i + 1]],
                         &c = t.vertices[t.indices[i + 2]];
        sum += 0.5 * ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
    }
    return sum;
}

}  // namespace

TEST_CASE("CityGML rings above the corner limit are refused at once, with their line", "[hostile][polygon]") {
    const std::size_t limit = TriangulateOptions{}.maxCorners;
    for (const std::size_t corners : {limit + 1, std::size_t{1000000}}) {
        const auto start = std::chrono::steady_clock::now();
        const Run run = runPlaces("import " + writeTemp("huge_ring.gml", places::hostile::cityGmlWithRing(corners)) +
                                      " -o " + tempPath("huge_ring.places"),
                                  60);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        INFO(run.output.substr(0, 2000));
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("huge_ring.gml:14:") != std::string::npos);
        CHECK(run.output.find("ring with about " + std::to_string(corners + 1) + " corners: more than " +
                              std::to_string(limit)) != std::string::npos);
        // Not a benchmark: the unfixed importer ran for minutes on a million corners.
        CHECK(seconds < 20.0);
    }
}

TEST_CASE("a CityGML ring just below the limit imports", "[hostile][polygon]") {
    const Run run = runPlaces("import " + writeTemp("big_ring.gml", places::hostile::cityGmlWithRing(2000)) + " -o " +
                                  tempPath("big_ring.places"),
                              60);
    INFO(run.output);
    CHECK(run.exitCode == 0);
}

TEST_CASE("CityJSON polygons above the corner limit are skipped with a reason", "[hostile][polygon]") {
    const auto t = triangulatePolygon(std::vector<std::vector<glm::dvec3>>{circle(TriangulateOptions{}.maxCorners + 1, 4)});
    CHECK(t.status == TriangulateStatus::Skipped);
    CHECK(std::string(t.reason).find("polygon too large") == 0);
    CHECK(t.indices.empty());
}

TEST_CASE("triangles cover the polygon's area, or the polygon is reported", "[hostile][polygon]") {
    // A 2,000-corner circle through GLU: every bit of its area is covered.
    const auto big = triangulatePolygon(std::vector<std::vector<glm::dvec3>>{circle(2000, 4)});
    REQUIRE(big.status == TriangulateStatus::Ok);
    const double expected = 0.5 * 2000 * 16 * std::sin(2 * M_PI / 2000);
    CHECK(area(big) == Approx(expected).epsilon(1e-9));

    // A "hole" outside its exterior: the odd winding rule fills it, which adds
    // area the polygon does not have. Reported, not silent.
    auto hole = circle(8, 1, {10, 0});
    std::reverse(hole.begin(), hole.end());
    const auto outside = triangulatePolygon(std::vector<std::vector<glm::dvec3>>{circle(8, 4), hole});
    CHECK(outside.status == TriangulateStatus::Salvaged);
    CHECK(std::string(outside.reason).find("triangles cover another area") == 0);
}
