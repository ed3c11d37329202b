#pragma once
// Matches tile triangles back to the City's: each leaf full-detail triangle
// (tile centre + relative corner) must equal one unmatched city triangle of
// the same building and surface within `tolerance` metres.
#include <algorithm>
#include <map>
#include <vector>

#include <catch2/catch.hpp>
#include <glm/geometric.hpp>

#include "places/city/city_model.hpp"
#include "places/city/pack.hpp"
#include "places/city/tiling.hpp"

namespace places::city::test {

class TriangleMatcher {
public:
    explicit TriangleMatcher(const City& city) : city_(city), matched_(city.mesh.triangleCount(), 0) {
        for (std::size_t t = 0; t < city.mesh.triangleCount(); ++t) byBuilding_[city.mesh.triangleBuilding[t]].push_back(t);
    }

    // True when triangle `t` of `level` (relative to `centre`) matched a city triangle.
    bool match(const glm::dvec3& centre, const TileLevel& level, std::size_t t, double tolerance) {
        const CityMesh& mesh = city_.mesh;
        for (std::size_t candidate : byBuilding_[level.triangleBuilding[t]]) {
            if (matched_[candidate] || mesh.triangleSurface[candidate] != level.triangleSurface[t]) continue;
            double deviation = 0.0;
            for (std::size_t i = 0; i < 3; ++i) {
                const glm::dvec3 expected(mesh.positions[mesh.indices[3 * candidate + i]]);
                const glm::dvec3 got = centre + glm::dvec3(level.positions[level.indices[3 * t + i]]);
                deviation = std::max(deviation, glm::length(got - expected));
            }
            if (deviation < tolerance) {
                matched_[candidate] = 1;
                worst_ = std::max(worst_, deviation);
                return true;
            }
        }
        return false;
    }

    bool allMatched() const { return std::all_of(matched_.begin(), matched_.end(), [](char m) { return m != 0; }); }
    double worstDeviation() const { return worst_; }

private:
    const City& city_;
    std::map<std::uint32_t, std::vector<std::size_t>> byBuilding_;
    std::vector<char> matched_;
    double worst_ = 0.0;
};

// Decodes the full-detail level of every leaf tile of `reader` and matches
// each of its triangles (the test case stops at the first that does not
// match); returns how many there were.
inline std::size_t matchPackLeafTriangles(const PackReader& reader, TriangleMatcher& matcher) {
    std::size_t triangles = 0;
    for (std::size_t i = 0; i < reader.tileCount(); ++i) {
        const PackTileInfo tile = reader.tile(i);
        if (!tile.children.empty()) continue;
        auto view = reader.levelData(tile.firstLevel);
        REQUIRE(view.ok());
        const TileLevel full = toTileLevel(*view, reader.level(tile.firstLevel));
        for (std::size_t t = 0; t < full.triangleCount(); ++t) {
            REQUIRE(matcher.match(tile.centre, full, t, 1e-4));
            ++triangles;
        }
    }
    return triangles;
}

}  // namespace places::city::test
