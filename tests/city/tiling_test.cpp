// Tiling and detail levels on synthetic cities.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

#include <glm/geometric.hpp>

#include "places/city/tiling.hpp"
#include "synthetic_city.hpp"
#include "triangle_match.hpp"

using namespace places::city;

namespace {

TileSet tile(const City& city, double tileSize) {
    places::NullProgress progress;
    TilingOptions options;
    options.tileSize = tileSize;
    return buildTiles(city, options, progress);
}

std::uint32_t topLevel(const City& city, std::uint32_t b) {
    while (city.buildings[b].parent >= 0) b = static_cast<std::uint32_t>(city.buildings[b].parent);
    return b;
}

glm::dvec3 world(const Tile& tile, const glm::vec3& p) { return tile.centre + glm::dvec3(p); }

}  // namespace

TEST_CASE("every input triangle lands in exactly one leaf, reproduced within 1e-4 m", "[tiling]") {
    const City city = test::makeSyntheticCity();
    const TileSet set = tile(city, 100.0);
    REQUIRE(set.tiles.size() > 4);
    REQUIRE(set.depth >= 1);

    test::TriangleMatcher matcher(city);
    std::size_t leafTriangles = 0;
    for (const Tile& tile : set.tiles) {
        if (!tile.leaf()) continue;
        const TileLevel& full = tile.levels.at(0);
        REQUIRE(full.kind == LevelKind::Full);
        REQUIRE(full.geometricError == 0.0f);
        for (std::size_t t = 0; t < full.triangleCount(); ++t, ++leafTriangles) REQUIRE(matcher.match(tile.centre, full, t, 1e-4));
    }
    CHECK(leafTriangles == city.mesh.triangleCount());
    CHECK(matcher.allMatched());
    CHECK(matcher.worstDeviation() < 1e-4);
}

TEST_CASE("leaves hold whole buildings, assigned by centre, inside their bounds", "[tiling]") {
    const City city = test::makeSyntheticCity();
    const double size = 100.0;
    const TileSet set = tile(city, size);
    std::map<std::uint32_t, std::size_t> leafOfGroup;
    for (std::size_t i = 0; i < set.tiles.size(); ++i) {
        const Tile& tile = set.tiles[i];
        // Tile centre is the centre of its grid square.
        const double side = size * std::ldexp(1.0, static_cast<int>(set.depth - tile.level));
        CHECK(tile.centre.x == Approx(set.gridOrigin.x + (tile.x + 0.5) * side));
        CHECK(tile.centre.z == Approx(set.gridOrigin.y + (tile.z + 0.5) * side));
        if (!tile.leaf()) continue;
        CHECK(tile.level == set.depth);
        const TileLevel& full = tile.levels[0];
        for (std::size_t t = 0; t < full.triangleCount(); ++t) {
            const std::uint32_t group = topLevel(city, full.triangleBuilding[t]);
            auto [it, inserted] = leafOfGroup.emplace(group, i);
            CHECK(it->second == i);  // never split over two leaves
        }
        for (const auto& p : full.positions) {
            const glm::dvec3 w = world(tile, p);
            CHECK(w.x >= tile.bounds.min.x - 1e-3);
            CHECK(w.x <= tile.bounds.max.x + 1e-3);
            CHECK(w.y >= tile.bounds.min.y - 1e-3);
            CHECK(w.y <= tile.bounds.max.y + 1e-3);
        }
    }
    for (const auto& [group, leaf] : leafOfGroup) {
        // Recompute the group's centre from the city and check it is in the leaf's square.
        Bounds b;
        for (std::size_t t = 0; t < city.mesh.triangleCount(); ++t)
            if (topLevel(city, city.mesh.triangleBuilding[t]) == group)
                for (std::size_t k = 0; k < 3; ++k) b.add(glm::dvec3(city.mesh.positions[city.mesh.indices[3 * t + k]]));
        const Tile& tile = set.tiles[leaf];
        CHECK(std::abs(0.5 * (b.min.x + b.max.x) - tile.centre.x) <= size / 2 + 1e-9);
        CHECK(std::abs(0.5 * (b.min.z + b.max.z) - tile.centre.z) <= size / 2 + 1e-9);
    }
}

TEST_CASE("levels get coarser: fewer triangles, more error, parents above children", "[tiling]") {
    const City city = test::makeSyntheticCity({.columns = 8, .rows = 8});
    const TileSet set = tile(city, 120.0);
    std::size_t leavesWithBlocks = 0;
    for (std::size_t i = 0; i < set.tiles.size(); ++i) {
        const Tile& tile = set.tiles[i];
        REQUIRE(!tile.levels.empty());
        for (std::size_t l = 1; l < tile.levels.size(); ++l) {
            CHECK(tile.levels[l].triangleCount() < tile.levels[l - 1].triangleCount());
            CHECK(tile.levels[l].geometricError > tile.levels[l - 1].geometricError);
        }
        if (tile.leaf() && tile.levels.back().kind == LevelKind::Blocks) ++leavesWithBlocks;
        if (tile.parent >= 0) {
            const Tile& parent = set.tiles[static_cast<std::size_t>(tile.parent)];
            CHECK(std::find(parent.children.begin(), parent.children.end(), i) != parent.children.end());
            CHECK(parent.levels.back().geometricError >= tile.levels.back().geometricError);
            CHECK(parent.level + 1 == tile.level);
            CHECK(static_cast<std::size_t>(tile.parent) < i);
        } else {
            CHECK(i == 0);
        }
        for (const TileLevel& level : tile.levels) {
            REQUIRE(level.indices.size() % 3 == 0);
            REQUIRE(level.triangleBuilding.size() == level.triangleCount());
            for (std::uint32_t index : level.indices) REQUIRE(index < level.positions.size());
            for (const auto& n : level.normals) CHECK(glm::length(n) == Approx(1.0f).margin(1e-4));
        }
    }
    CHECK(leavesWithBlocks > 0);
    CHECK(!set.tiles[0].leaf());
    CHECK(set.tiles[0].levels[0].kind == LevelKind::Merged);
}

TEST_CASE("an LoD1 block measures its deviation from an L-shaped building", "[tiling]") {
    const City city = test::makeLShapedCity();
    places::NullProgress progress;
    TilingOptions options;
    options.simplifiedLevel = false;
    const TileSet set = buildTiles(city, options, progress);
    REQUIRE(set.tiles.size() == 1);
    const Tile& tile = set.tiles[0];
    REQUIRE(tile.levels.size() == 2);
    const TileLevel& block = tile.levels[1];
    CHECK(block.kind == LevelKind::Blocks);
    // The hull bridges the 10 x 10 m notch; its diagonal is 5 m from the
    // footprint at its middle (sampled every <= 1 m, so a little less).
    CHECK(block.geometricError > 4.5f);
    CHECK(block.geometricError <= 5.01f);
    // Flat roof at 8 m: top at 8 m, bottom at 0, no bottom cap.
    for (const auto& p : block.positions) {
        const double y = tile.centre.y + p.y;
        CHECK((std::abs(y) < 1e-4 || std::abs(y - 8.0) < 1e-4));
    }
    for (std::size_t t = 0; t < block.triangleCount(); ++t) {
        const glm::vec3 n = block.normals[block.indices[3 * t]];
        CHECK(n.y > -0.5f);  // nothing faces down
        CHECK((block.triangleSurface[t] == SurfaceType::Roof) == (n.y > 0.99f));
    }
}

TEST_CASE("an empty city gives an empty tile set", "[tiling]") {
    const City city;
    CHECK(tile(city, 250.0).tiles.empty());
}

TEST_CASE("coarse levels keep every building of their subtree", "[tiling]") {
    // Tiny sheds far apart: a coarse node's budget (side / 32) exceeds their
    // size, yet its merged level must still draw each of them (issue #13: a
    // sparse tile's first picture showed 1 of 410 buildings).
    const City city = test::makeSyntheticCity({.columns = 6, .rows = 6, .spacing = 400.0});
    const TileSet set = tile(city, 250.0);
    REQUIRE(!set.tiles.empty());
    REQUIRE(!set.tiles[0].leaf());
    std::vector<std::set<std::uint32_t>> below(set.tiles.size());
    for (std::size_t i = set.tiles.size(); i-- > 0;) {
        const Tile& t = set.tiles[i];
        if (t.leaf()) {
            for (std::uint32_t b : t.levels.front().triangleBuilding) below[i].insert(topLevel(city, b));
        }
        if (t.parent >= 0) below[static_cast<std::size_t>(t.parent)].insert(below[i].begin(), below[i].end());
    }
    CHECK(below[0].size() == 36);
    for (std::size_t i = 0; i < set.tiles.size(); ++i) {
        for (const TileLevel& level : set.tiles[i].levels) {
            std::set<std::uint32_t> drawn;
            for (std::uint32_t b : level.triangleBuilding) drawn.insert(topLevel(city, b));
            CHECK(drawn == below[i]);
        }
    }
}
