#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "places/visibility/camera.hpp"
#include "places/visibility/tile_selection.hpp"
#include "places/visibility/tileset_nodes.hpp"

#include "bounds_helpers.hpp"

using namespace places::visibility;
using places::visibility::test::box;
using places::city::Bounds;

namespace {

// A full quadtree over [0, size] x [0, size] (x east, z south), 10 m high.
// Leaves (depth `leafDepth`) have levels with errors {0, 1, 4} m; interior
// nodes are HLOD (Replace) with errors {4, 8} * 2^(leafDepth - depth).
struct Quadtree {
    std::vector<TileNode> nodes;
    std::map<std::uint32_t, std::array<int, 3>> key;  // node -> {depth, x, z}
    std::vector<std::int32_t> parent;

    Quadtree(int leafDepth, double size) { add(0, 0, 0, leafDepth, size, -1); }

    std::uint32_t add(int depth, int x, int z, int leafDepth, double size, std::int32_t parentIndex) {
        const auto index = static_cast<std::uint32_t>(nodes.size());
        const double edge = size / (1 << depth);
        nodes.push_back({});
        parent.push_back(parentIndex);
        key[index] = {depth, x, z};
        nodes[index].bounds = box({x * edge, 0, z * edge}, {(x + 1) * edge, 10, (z + 1) * edge});
        if (depth == leafDepth) {
            nodes[index].levels = {{0.0f, 1000}, {1.0f, 300}, {4.0f, 100}};
            return index;
        }
        const float scale = static_cast<float>(1 << (leafDepth - depth));
        nodes[index].levels = {{4.0f * scale, 400}, {8.0f * scale, 200}};
        for (int dz = 0; dz < 2; ++dz) {
            for (int dx = 0; dx < 2; ++dx) {
                const std::uint32_t child = add(depth + 1, 2 * x + dx, 2 * z + dz, leafDepth, size,
                                                static_cast<std::int32_t>(index));
                nodes[index].children.push_back(child);
            }
        }
        return index;
    }

    std::uint32_t find(int depth, int x, int z) const {
        for (const auto& [index, k] : key) {
            if (k == std::array<int, 3>{depth, x, z}) return index;
        }
        FAIL("no such node");
        return 0;
    }

    bool isAncestor(std::uint32_t ancestor, std::uint32_t node) const {
        for (std::int32_t p = parent[node]; p >= 0; p = parent[static_cast<std::size_t>(p)]) {
            if (static_cast<std::uint32_t>(p) == ancestor) return true;
        }
        return false;
    }
};

SelectionView view(const CameraPose& pose, double fovDeg = 60.0, double aspect = 1.0) {
    const Projection projection{fovDeg, aspect, 0.1, 0.0, true};
    return {pose.position, frustumFromViewProjection(projectionMatrix(projection) * viewMatrix(pose))};
}

std::set<std::pair<std::uint32_t, std::uint32_t>> pairs(const Selection& s) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> out;
    for (const SelectedTile& t : s.tiles) out.insert({t.node, t.level});
    return out;
}

const SelectionOptions kOptions{16.0, 720.0, 60.0};

}  // namespace

TEST_CASE("a camera looking down at a 4x4 grid selects the tiles under it") {
    const Quadtree grid(2, 1000.0);  // 16 leaves of 250 m
    // 90 m above the leaf tops, fov 60: sees a 104 m square at the tops.
    // SSE factor 720 / (2 tan 30) = 623.5: leaf error 4 -> 27.7 px (too coarse),
    // error 1 -> 6.9 px (fine); the interior nodes (8, 16 m and more) refine.
    const SelectionView centre[] = {view({{375, 100, 375}, 0.0, -90.0})};
    Selection s = selectTiles(grid.nodes, 0, centre, kOptions);
    CHECK(pairs(s) == std::set<std::pair<std::uint32_t, std::uint32_t>>{{grid.find(2, 1, 1), 1}});
    CHECK(s.triangles == 300);
    CHECK(s.tiles[0].distance == Approx(90.0));
    CHECK(s.tiles[0].screenSpaceError == Approx(623.5 / 90.0).epsilon(1e-3));

    // Above the corner shared by four leaves: those four, nothing else.
    const SelectionView corner[] = {view({{500, 100, 500}, 0.0, -90.0})};
    s = selectTiles(grid.nodes, 0, corner, kOptions);
    CHECK(pairs(s) == std::set<std::pair<std::uint32_t, std::uint32_t>>{{grid.find(2, 1, 1), 1},
                                                                        {grid.find(2, 2, 1), 1},
                                                                        {grid.find(2, 1, 2), 1},
                                                                        {grid.find(2, 2, 2), 1}});
    CHECK(s.culled > 0);
}

TEST_CASE("tiles behind the camera are culled") {
    const Quadtree grid(2, 1000.0);
    // In the middle of the grid, 5 m up (inside the root's bounds), looking north.
    const SelectionView v[] = {view({{500, 5, 500}, 0.0, 0.0})};
    const Selection s = selectTiles(grid.nodes, 0, v, kOptions);
    REQUIRE_FALSE(s.tiles.empty());
    CHECK(s.culled > 0);
    for (const SelectedTile& t : s.tiles) {
        CHECK(grid.nodes[t.node].bounds.min.z < 500.0);  // starts north of the camera
    }
    const std::uint32_t behind = grid.find(2, 0, 3);  // south-west corner leaf
    CHECK(std::none_of(s.tiles.begin(), s.tiles.end(), [&](const SelectedTile& t) { return t.node == behind; }));
}

TEST_CASE("far tiles get coarse levels, and every choice meets the error budget") {
    const Quadtree grid(4, 4000.0);  // 256 leaves of 250 m
    const SelectionView v[] = {view({{2000, 30, 4100}, 0.0, -5.0}, 70.0, 16.0 / 9.0)};
    const SelectionOptions options{16.0, 720.0, 70.0};
    const Selection s = selectTiles(grid.nodes, 0, v, options);
    REQUIRE(s.tiles.size() > 4);

    auto error = [&](const SelectedTile& t) { return grid.nodes[t.node].levels[t.level].geometricError; };
    const auto [nearest, farthest] = std::minmax_element(
        s.tiles.begin(), s.tiles.end(), [](const SelectedTile& a, const SelectedTile& b) { return a.distance < b.distance; });
    CHECK(grid.key.at(nearest->node)[0] == 4);  // a leaf near the camera
    CHECK(error(*farthest) > error(*nearest));
    CHECK(grid.key.at(farthest->node)[0] < 4);   // far away an interior (HLOD) node suffices
    for (const SelectedTile& t : s.tiles) {
        const bool finestLeaf = grid.nodes[t.node].children.empty() && t.level == 0;
        CHECK((t.screenSpaceError <= 16.0 || finestLeaf));
        if (t.distance > 2000.0) CHECK(error(t) >= 4.0f);
    }
    // No region drawn twice: no selected node is an ancestor of another.
    for (const SelectedTile& a : s.tiles) {
        for (const SelectedTile& b : s.tiles) CHECK_FALSE(grid.isAncestor(a.node, b.node));
    }

    // A headset raising the budget gets fewer triangles, never more.
    const SelectionOptions vr{32.0, 720.0, 70.0};
    CHECK(selectTiles(grid.nodes, 0, v, vr).triangles < s.triangles);
}

TEST_CASE("one stereo selection covers what each eye alone would select") {
    const Quadtree grid(4, 4000.0);
    // Canted eyes (as on wide-field headsets) so the frusta differ clearly.
    const CameraPose left{{1990, 30, 4100}, -25.0, -5.0}, right{{2010, 30, 4100}, 25.0, -5.0};
    const SelectionView both[] = {view(left, 90.0), view(right, 90.0)};
    const SelectionOptions options{16.0, 1600.0, 90.0};
    const Selection stereo = selectTiles(grid.nodes, 0, both, options);
    for (const SelectionView& eye : both) {
        const Selection mono = selectTiles(grid.nodes, 0, std::span(&eye, 1), options);
        CHECK(stereo.tiles.size() >= mono.tiles.size());
        for (const SelectedTile& m : mono.tiles) {
            // Same tile at the same or finer level, or refined into descendants.
            const bool covered = std::any_of(stereo.tiles.begin(), stereo.tiles.end(), [&](const SelectedTile& t) {
                return (t.node == m.node && t.level <= m.level) || grid.isAncestor(m.node, t.node);
            });
            CHECK(covered);
        }
    }
    const Selection l = selectTiles(grid.nodes, 0, std::span(both, 1), options);
    const Selection r = selectTiles(grid.nodes, 0, std::span(both + 1, 1), options);
    CHECK(pairs(stereo) != pairs(l));
    CHECK(pairs(stereo) != pairs(r));
}

TEST_CASE("selection edge cases") {
    SECTION("camera inside a tile: that tile at full detail") {
        const Quadtree grid(2, 1000.0);
        const SelectionView v[] = {view({{600, 5, 600}, 45.0, 0.0})};
        const Selection s = selectTiles(grid.nodes, 0, v, kOptions);
        const std::uint32_t inside = grid.find(2, 2, 2);
        const auto it = std::find_if(s.tiles.begin(), s.tiles.end(), [&](const SelectedTile& t) { return t.node == inside; });
        REQUIRE(it != s.tiles.end());
        CHECK(it->level == 0);
        CHECK(it->distance == 0.0);
    }
    SECTION("zero-size bounds are points") {
        std::vector<TileNode> nodes(3);
        nodes[0].bounds = box({-100, -1, -100}, {100, 1, 0});
        nodes[0].children = {1, 2};
        nodes[1].bounds = box({0, 0, -50}, {0, 0, -50});  // in front
        nodes[1].levels = {{0.0f, 10}, {0.5f, 5}};
        nodes[2].bounds = box({0, 0, 50}, {0, 0, 50});    // behind
        nodes[2].levels = {{0.0f, 10}};
        const SelectionView v[] = {view({{0, 0, 0}, 0.0, 0.0})};
        const Selection s = selectTiles(nodes, 0, v, kOptions);  // node 0 is a pure container
        REQUIRE(s.tiles.size() == 1);
        CHECK(s.tiles[0].node == 1);
        CHECK(s.tiles[0].level == 1);  // 0.5 m at 50 m: 6.2 px
        CHECK(std::isfinite(s.tiles[0].screenSpaceError));
        CHECK(s.culled == 1);
    }
    SECTION("additive refinement draws the parent and its children") {
        std::vector<TileNode> nodes(2);
        nodes[0].bounds = box({-10, 0, -60}, {10, 5, -40});
        nodes[0].levels = {{0.0f, 7}};
        nodes[0].children = {1};
        nodes[0].refinement = Refinement::Add;
        nodes[1].bounds = box({-5, 0, -55}, {5, 5, -45});
        nodes[1].levels = {{0.0f, 3}};
        const SelectionView v[] = {view({{0, 2, 0}, 0.0, 0.0})};
        const Selection s = selectTiles(nodes, 0, v, kOptions);
        CHECK(s.tiles.size() == 2);
        CHECK(s.triangles == 10);
    }
    SECTION("nothing to select") {
        const SelectionView v[] = {view({{0, 0, 0}, 0.0, 0.0})};
        CHECK(selectTiles({}, 0, v, kOptions).tiles.empty());
        const Quadtree grid(1, 100.0);
        CHECK(selectTiles(grid.nodes, 0, {}, kOptions).tiles.empty());
    }
}

TEST_CASE("selecting into a reused Selection replaces its content and keeps its storage") {
    const Quadtree grid(3, 1000.0);  // 64 leaves
    const SelectionView wide[] = {view({{500, 300, 1400}, 0.0, -20.0})};     // most of the grid, mixed levels
    const SelectionView narrow[] = {view({{375, 100, 375}, 0.0, -90.0})};   // a few leaves
    const SelectionView sky[] = {view({{500, 20, 500}, 0.0, 90.0})};        // nothing

    Selection reused;
    selectTiles(grid.nodes, 0, wide, kOptions, reused);
    const Selection wideFresh = selectTiles(grid.nodes, 0, wide, kOptions);
    REQUIRE(reused.tiles.size() > 4);
    CHECK(pairs(reused) == pairs(wideFresh));
    CHECK(reused.triangles == wideFresh.triangles);
    CHECK(reused.visited == wideFresh.visited);
    CHECK(reused.culled == wideFresh.culled);

    const std::size_t capacity = reused.tiles.capacity();
    const SelectedTile* storage = reused.tiles.data();
    selectTiles(grid.nodes, 0, narrow, kOptions, reused);
    const Selection narrowFresh = selectTiles(grid.nodes, 0, narrow, kOptions);
    CHECK(pairs(reused) == pairs(narrowFresh));  // nothing of the wide selection left over
    CHECK(reused.triangles == narrowFresh.triangles);
    CHECK(reused.visited == narrowFresh.visited);
    CHECK(reused.culled == narrowFresh.culled);
    // A smaller selection fits the old storage: no reallocation (steady state allocates nothing).
    CHECK(reused.tiles.capacity() == capacity);
    CHECK(reused.tiles.data() == storage);

    selectTiles(grid.nodes, 0, sky, kOptions, reused);
    CHECK(reused.tiles.empty());
    CHECK(reused.triangles == 0);
    CHECK(reused.culled > 0);
    selectTiles({}, 0, wide, kOptions, reused);
    CHECK(reused.tiles.empty());
    CHECK(reused.visited == 0);
}

TEST_CASE("asset instances are culled by the union of the views") {
    const std::vector<Bounds> instances = {box({-1, 0, -21}, {1, 2, -19}),   // north
                                           box({19, 0, -1}, {21, 2, 1}),      // east
                                           box({-1, 0, 19}, {1, 2, 21}),      // south
                                           box({-21, 0, -1}, {-19, 2, 1})};   // west
    const SelectionView north[] = {view({{0, 1, 0}, 0.0, 0.0})};
    CHECK(cullBounds(instances, north) == std::vector<std::uint32_t>{0});
    const SelectionView eyes[] = {view({{0, 1, 0}, 0.0, 0.0}), view({{0, 1, 0}, 90.0, 0.0})};
    CHECK(cullBounds(instances, eyes) == std::vector<std::uint32_t>{0, 1});
}

TEST_CASE("tile sets from the city import become selection nodes") {
    places::city::TileSet tiles;
    tiles.tiles.resize(3);
    tiles.tiles[0].children = {1, 2};  // interior tile without content
    tiles.tiles[0].levels.resize(1);
    tiles.tiles[1].bounds = box({0, 0, 0}, {250, 20, 250});
    tiles.tiles[2].bounds = box({250, 0, 0}, {500, 40, 250});
    for (std::size_t i : {1u, 2u}) {
        tiles.tiles[i].parent = 0;
        tiles.tiles[i].levels.resize(2);
        tiles.tiles[i].levels[0].indices = {0, 1, 2, 0, 2, 3};
        tiles.tiles[i].levels[1].geometricError = 3.0f;
        tiles.tiles[i].levels[1].indices = {0, 1, 2};
    }
    const std::vector<TileNode> nodes = tileNodesFromTileSet(tiles);
    REQUIRE(nodes.size() == 3);
    CHECK(nodes[0].levels.empty());
    CHECK(nodes[0].bounds.min == glm::dvec3(0, 0, 0));
    CHECK(nodes[0].bounds.max == glm::dvec3(500, 40, 250));
    REQUIRE(nodes[2].levels.size() == 2);
    CHECK(nodes[2].levels[1].geometricError == 3.0f);
    CHECK(nodes[2].levels[0].triangles == 2);
    CHECK(nodes[0].children == std::vector<std::uint32_t>{1, 2});
}
