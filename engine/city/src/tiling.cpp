// Quadtree construction: groups triangles by top-level building, assigns each
// group to the leaf holding its centre and builds every node's levels
// (tiling.hpp explains the scheme).
#include "places/city/tiling.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <limits>
#include <mutex>
#include <span>

#include <glm/common.hpp>

#include "building_blocks.hpp"
#include "lod.hpp"
#include "parallel_jobs.hpp"

namespace places::city {

const char* toString(LevelKind kind) {
    switch (kind) {
        case LevelKind::Full: return "full";
        case LevelKind::Simplified: return "simplified";
        case LevelKind::Blocks: return "blocks";
        case LevelKind::Merged: return "merged";
    }
    return "unknown";
}

namespace {

using Group = BuildingGroup;

std::vector<std::uint32_t> topLevelBuildings(const City& city) {
    const std::size_t count = city.buildings.size();
    std::vector<std::uint32_t> top(count);
    for (std::size_t b = 0; b < count; ++b) {
        std::size_t r = b;
        // Bounded walk: a malformed parent cycle stops instead of looping.
        for (std::size_t steps = 0; steps < count; ++steps) {
            const std::int32_t parent = city.buildings[r].parent;
            if (parent < 0 || static_cast<std::size_t>(parent) >= count) break;
            r = static_cast<std::size_t>(parent);
        }
        top[b] = static_cast<std::uint32_t>(r);
    }
    return top;
}

// Appends the groups of the triangles from `first` on, whose top-level
// records (`top`) have no group yet, in order of their first triangle.
void groupTriangles(const City& city, const std::vector<std::uint32_t>& top, std::size_t first,
                    std::vector<Group>& groups) {
    const CityMesh& mesh = city.mesh;
    const std::size_t firstGroup = groups.size();
    std::vector<std::int64_t> groupOf(city.buildings.size(), -1);
    for (std::size_t t = first; t < mesh.triangleCount(); ++t) {
        const std::uint32_t building = mesh.triangleBuilding[t];
        assert(building < city.buildings.size() && "triangle names a building that does not exist");
        const std::uint32_t root = top[building];
        if (groupOf[root] < 0) {
            groupOf[root] = static_cast<std::int64_t>(groups.size());
            groups.push_back({root});
        }
        Group& group = groups[static_cast<std::size_t>(groupOf[root])];
        group.triangles.push_back(static_cast<std::uint32_t>(t));
    }
    // Bounds from float extremes: converting to double is exact and monotonic,
    // so this equals adding every corner as a dvec3.
    for (std::size_t g = firstGroup; g < groups.size(); ++g) {
        Group& group = groups[g];
        glm::vec3 lo(std::numeric_limits<float>::infinity()), hi(-std::numeric_limits<float>::infinity());
        for (std::uint32_t t : group.triangles) {
            for (std::size_t i = 0; i < 3; ++i) {
                const glm::vec3& p = mesh.positions[mesh.indices[3 * t + i]];
                lo = glm::min(lo, p);
                hi = glm::max(hi, p);
            }
        }
        group.bounds.add(glm::dvec3(lo));
        group.bounds.add(glm::dvec3(hi));
    }
}

std::vector<Group> groupTriangles(const City& city) {
    std::vector<Group> groups;
    groupTriangles(city, topLevelBuildings(city), 0, groups);
    return groups;
}

// The prepared groups plus those of the triangles appended since (the derived
// ground's new terrain records), so the serial grouping is not done twice.
// Everything is grouped again if an appended triangle belongs to a record
// that was already there (not what applyGround does).
std::vector<Group> groupTriangles(const City& city, PreparedBlocks* prepared) {
    if (!prepared || prepared->triangles > city.mesh.triangleCount() || prepared->records > city.buildings.size())
        return groupTriangles(city);
    const auto top = topLevelBuildings(city);
    for (std::size_t t = prepared->triangles; t < city.mesh.triangleCount(); ++t)
        if (top[city.mesh.triangleBuilding[t]] < prepared->records) return groupTriangles(city);
    std::vector<Group> groups = std::move(prepared->groups);
    groupTriangles(city, top, prepared->triangles, groups);
    return groups;
}

// Simplification re-derives surface types from normals: terrain stays terrain.
void keepTerrainSurfaces(const City& city, lod::TriangleSoup& soup) {
    for (std::size_t t = 0; t < soup.triangleCount(); ++t)
        if (city.buildings[soup.building[t]].kind == ObjectKind::Terrain) soup.surface[t] = SurfaceType::Terrain;
}

// A terrain piece's "block" is the ground itself (an extruded hull would be a
// slab): its triangles, simplified when a piece is large, so coarse levels and
// merged nodes keep the ground under every block.
lod::Block terrainBlockOf(const City& city, const Group& group, double tileSize) {
    lod::Block block;
    lod::TriangleSoup& soup = block.soup;
    soup.reserve(group.triangles.size());
    for (std::uint32_t t : group.triangles) {
        for (std::size_t i = 0; i < 3; ++i) {
            const std::uint32_t v = city.mesh.indices[3 * t + i];
            soup.corners.push_back(city.mesh.positions[v]);
            soup.normals.push_back(city.mesh.normals[v]);
        }
        soup.building.push_back(city.mesh.triangleBuilding[t]);
        soup.surface.push_back(SurfaceType::Terrain);
    }
    constexpr std::size_t kCoarseTerrainTriangles = 2048;
    if (soup.triangleCount() > kCoarseTerrainTriangles) {
        lod::Simplified simplified = lod::simplify(soup, static_cast<float>(tileSize / 64.0));
        if (simplified.soup.triangleCount() < soup.triangleCount()) {
            keepTerrainSurfaces(city, simplified.soup);
            block.soup = std::move(simplified.soup);
            block.error = simplified.error;
        }
    }
    return block;
}

lod::Block blockOf(const City& city, const Group& group) {
    std::vector<glm::vec3> corners;
    std::vector<SurfaceType> surfaces;
    corners.reserve(group.triangles.size() * 3);
    surfaces.reserve(group.triangles.size());
    for (std::uint32_t t : group.triangles) {
        for (std::size_t i = 0; i < 3; ++i) corners.push_back(city.mesh.positions[city.mesh.indices[3 * t + i]]);
        surfaces.push_back(city.mesh.triangleSurface[t]);
    }
    return lod::makeBlock(corners, surfaces, group.building);
}

glm::vec3 relative(const glm::vec3& p, const glm::dvec3& centre) { return glm::vec3(glm::dvec3(p) - centre); }

// Appends `soup` (city-local) translated to be relative to `centre`.
void appendRelative(lod::TriangleSoup& into, const lod::TriangleSoup& soup, const glm::dvec3& centre) {
    for (const auto& p : soup.corners) into.corners.push_back(relative(p, centre));
    into.normals.insert(into.normals.end(), soup.normals.begin(), soup.normals.end());
    into.building.insert(into.building.end(), soup.building.begin(), soup.building.end());
    into.surface.insert(into.surface.end(), soup.surface.begin(), soup.surface.end());
}

// Keeps a candidate level only when it is coarser in both senses: fewer
// triangles and more error than the last kept level. A candidate that has fewer
// triangles without more error dominates the last coarse level and replaces it.
// The candidate is only finished (welded, ordered) once it is known to be kept.
void offerLevel(std::vector<TileLevel>& levels, const lod::TriangleSoup& candidate, LevelKind kind, float error) {
    const TileLevel& last = levels.back();
    if (candidate.triangleCount() >= last.triangleCount()) return;
    if (error > last.geometricError) {
        levels.push_back(lod::finishLevel(candidate, kind, error));
    } else if (levels.size() > 1) {
        levels.back() = lod::finishLevel(candidate, kind, error);
    }
}

// Errors are estimates; round up to whole millimetres and give every coarser
// level at least 1 mm, so "coarser" always means "more error".
float roundedError(float metres) { return std::max(0.001f, std::ceil(metres * 1000.0f) / 1000.0f); }

class Builder {
public:
    Builder(const City& city, const TilingOptions& options, std::vector<Group>& groups, TileSet& set,
            ProgressSink& progress)
        : city_(city), options_(options), groups_(groups), set_(set), progress_(progress) {}

    // Lays out the quadtree (tiles in their final order, parents before
    // children) and notes each node's job; run() then builds the nodes.
    std::uint32_t build(std::uint32_t depth, std::int64_t x, std::int64_t z, std::span<std::uint32_t> members,
                        std::int32_t parent) {
        const auto index = static_cast<std::uint32_t>(set_.tiles.size());
        set_.tiles.emplace_back();
        {
            Tile& tile = set_.tiles.back();
            tile.level = depth;
            tile.x = static_cast<std::int32_t>(x);
            tile.z = static_cast<std::int32_t>(z);
            tile.parent = parent;
        }
        const double side = set_.tileSize * std::ldexp(1.0, static_cast<int>(set_.depth - depth));
        const glm::dvec2 squareCentre = set_.gridOrigin + (glm::dvec2(double(x), double(z)) + 0.5) * side;
        if (depth == set_.depth) {
            leaves_.push_back({index, squareCentre, side, members});
            return index;
        }
        // Children in quadrant order (x0 z0, x1 z0, x0 z1, x1 z1).
        const int shift = static_cast<int>(set_.depth - depth - 1);
        auto quadrant = [&](std::uint32_t g) {
            return int((groups_[g].ix >> shift) & 1) + 2 * int((groups_[g].iz >> shift) & 1);
        };
        std::stable_sort(members.begin(), members.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return quadrant(a) < quadrant(b); });
        std::vector<std::uint32_t> children;
        for (std::size_t begin = 0; begin < members.size();) {
            const int q = quadrant(members[begin]);
            std::size_t end = begin;
            while (end < members.size() && quadrant(members[end]) == q) ++end;
            children.push_back(build(depth + 1, 2 * x + (q & 1), 2 * z + (q >> 1),
                                     members.subspan(begin, end - begin), static_cast<std::int32_t>(index)));
            begin = end;
        }
        set_.tiles[index].children = std::move(children);
        if (interiors_.size() <= index) interiors_.resize(index + 1);
        interiors_[index] = {index, squareCentre, side, members};
        return index;
    }

    // Builds every node's levels: the leaves are the jobs, on `threads`
    // threads, and a node is built by the thread that finishes its last child
    // (it needs its children's bounds, errors and ground), right away. So the
    // interior nodes overlap the leaves instead of running depth by depth
    // after them, each depth on one core at its top. Each node writes only
    // its own tile and empties its children's ground: the result does not
    // depend on which thread built what.
    void run(unsigned threads) {
        terrain_.resize(set_.tiles.size());
        std::vector<std::atomic<std::uint32_t>> pending(set_.tiles.size());
        for (std::size_t t = 0; t < set_.tiles.size(); ++t)
            pending[t].store(static_cast<std::uint32_t>(set_.tiles[t].children.size()), std::memory_order_relaxed);
        runJobs(leaves_.size(), threads, [&](std::size_t i, unsigned) {
            const Job& job = leaves_[i];
            buildLeaf(job.index, job.squareCentre, job.members);
            // acq_rel: the last child's thread sees every child's tile.
            for (std::int32_t parent = set_.tiles[job.index].parent;
                 parent >= 0 && pending[static_cast<std::size_t>(parent)].fetch_sub(1, std::memory_order_acq_rel) == 1;
                 parent = set_.tiles[static_cast<std::size_t>(parent)].parent) {
                const Job& node = interiors_[static_cast<std::size_t>(parent)];
                buildInterior(node.index, node.squareCentre, node.side, node.members);
            }
        });
        progress_.update("tiles", leaves_.size(), 0);
    }

private:
    void buildLeaf(std::uint32_t index, const glm::dvec2& squareCentre, std::span<const std::uint32_t> members) {
        Bounds bounds;
        for (std::uint32_t g : members) bounds.add(groups_[g].bounds);
        const glm::dvec3 centre(squareCentre.x, 0.5 * (bounds.min.y + bounds.max.y), squareCentre.y);

        const CityMesh& mesh = city_.mesh;
        lod::TriangleSoup full;
        std::size_t triangles = 0;
        for (std::uint32_t g : members) triangles += groups_[g].triangles.size();
        full.reserve(triangles);
        for (std::uint32_t g : members) {
            for (std::uint32_t t : groups_[g].triangles) {
                for (std::size_t i = 0; i < 3; ++i) {
                    const std::uint32_t v = mesh.indices[3 * t + i];
                    full.corners.push_back(relative(mesh.positions[v], centre));
                    full.normals.push_back(mesh.normals[v]);
                }
                full.building.push_back(mesh.triangleBuilding[t]);
                full.surface.push_back(mesh.triangleSurface[t]);
            }
        }
        std::vector<TileLevel> levels;
        levels.push_back(lod::finishLevel(full, LevelKind::Full, 0.0f));
        if (options_.simplifiedLevel) {
            lod::Simplified simplified = lod::simplify(full, options_.simplifyError);
            keepTerrainSurfaces(city_, simplified.soup);
            // Only worth a level (and its bytes) when it saves a fifth of the triangles.
            if (simplified.soup.triangleCount() * 5 <= full.triangleCount() * 4)
                offerLevel(levels, simplified.soup, LevelKind::Simplified, roundedError(simplified.error));
        }
        lod::TriangleSoup blocks;
        blocks.reserve(blockTriangles(members));
        float blockError = 0.0f;
        for (std::uint32_t g : members) {
            appendRelative(blocks, groups_[g].block.soup, centre);
            blockError = std::max(blockError, groups_[g].block.error);
        }
        offerLevel(levels, blocks, LevelKind::Blocks, roundedError(blockError));

        // The leaf's ground, for its parent's merged level.
        NodeTerrain& terrain = terrain_[index];
        for (std::uint32_t g : members) {
            if (!groups_[g].terrain) continue;
            appendRelative(terrain.soup, groups_[g].block.soup, centre);
            terrain.error = std::max(terrain.error, groups_[g].block.error);
        }

        Tile& tile = set_.tiles[index];
        tile.centre = centre;
        tile.bounds = bounds;
        tile.levels = std::move(levels);
    }

    void buildInterior(std::uint32_t index, const glm::dvec2& squareCentre, double side,
                       std::span<const std::uint32_t> members) {
        const std::vector<std::uint32_t>& children = set_.tiles[index].children;
        Bounds bounds;
        float childError = 0.0f;
        for (std::uint32_t c : children) {
            bounds.add(set_.tiles[c].bounds);
            childError = std::max(childError, set_.tiles[c].levels.back().geometricError);
        }
        const glm::dvec3 centre(squareCentre.x, 0.5 * (bounds.min.y + bounds.max.y), squareCentre.y);
        // Every building stays visible as at least a block: one left out would
        // leave a hole in the first picture of a sparse city (issue #13).
        // Buildings smaller than side/32 are a few pixels from where this node
        // is drawn: their footprint box (10 triangles) is enough, deviating by
        // at most their size. Only objects without a block (flat or linear:
        // a wall, a fence) are left out, and add their whole size to the error.
        const float budget = static_cast<float>(side / 32.0);
        lod::TriangleSoup merged;
        merged.reserve(blockTriangles(members));  // an upper bound: small blocks become boxes
        float error = childError;
        for (std::uint32_t g : members) {
            const lod::Block& block = groups_[g].block;
            if (groups_[g].terrain) {
                continue;  // the ground comes from the children, below
            } else if (block.soup.triangleCount() == 0) {
                error = std::max(error, block.size);
            } else if (block.size < budget) {
                appendRelative(merged, lod::boxOf(block), centre);
                error = std::max(error, block.size);
            } else {
                appendRelative(merged, block.soup, centre);
                error = std::max(error, block.error);
            }
        }
        // The ground under the blocks, never a box: the children's ground as
        // they kept it (already simplified within their budgets), in child
        // order, which is the members' order. Each node would otherwise repeat
        // all its descendants' ground: simplify it within the node's budget,
        // as small buildings become boxes. Simplifying the children's result
        // instead of every leaf's ground again costs a fraction; the error
        // adds up along the way (the child's deviation plus this one's).
        NodeTerrain& terrain = terrain_[index];
        for (std::uint32_t c : children) {
            NodeTerrain& child = terrain_[c];
            const glm::dvec3 offset = set_.tiles[c].centre - centre;
            for (const auto& p : child.soup.corners) terrain.soup.corners.push_back(glm::vec3(glm::dvec3(p) + offset));
            terrain.soup.normals.insert(terrain.soup.normals.end(), child.soup.normals.begin(), child.soup.normals.end());
            terrain.soup.building.insert(terrain.soup.building.end(), child.soup.building.begin(), child.soup.building.end());
            terrain.soup.surface.insert(terrain.soup.surface.end(), child.soup.surface.begin(), child.soup.surface.end());
            terrain.error = std::max(terrain.error, child.error);
            child = {};  // each node has one parent
        }
        if (terrain.soup.triangleCount() > 256) {
            lod::Simplified simplified = lod::simplify(terrain.soup, budget);
            if (simplified.soup.triangleCount() < terrain.soup.triangleCount()) {
                keepTerrainSurfaces(city_, simplified.soup);
                terrain.soup = std::move(simplified.soup);
                terrain.error += simplified.error;
            }
        }
        if (terrain.soup.triangleCount() > 0) error = std::max(error, terrain.error);
        merged.append(terrain.soup);
        Tile& tile = set_.tiles[index];
        tile.centre = centre;
        tile.bounds = bounds;
        tile.levels.push_back(lod::finishLevel(merged, LevelKind::Merged, roundedError(error)));
    }

    std::size_t blockTriangles(std::span<const std::uint32_t> members) const {
        std::size_t triangles = 0;
        for (std::uint32_t g : members) triangles += groups_[g].block.soup.triangleCount();
        return triangles;
    }

    const City& city_;
    const TilingOptions& options_;
    std::vector<Group>& groups_;
    TileSet& set_;
    ProgressSink& progress_;
    struct Job {
        std::uint32_t index;
        glm::dvec2 squareCentre;
        double side;
        std::span<const std::uint32_t> members;
    };
    std::vector<Job> leaves_;
    std::vector<Job> interiors_;  // by tile index (leaves' entries unused)
    // Each node's ground relative to its centre, and how far it may deviate
    // from the source; a node's job writes its own and empties its children's.
    struct NodeTerrain {
        lod::TriangleSoup soup;
        float error = 0.0f;
    };
    std::vector<NodeTerrain> terrain_;  // by tile index
};

// Grid cell of a coordinate in cell units, clamped to [0, last]; a
// non-finite coordinate (never produced by the import) lands in cell 0
// instead of overflowing the integer conversion.
std::int64_t cell(double units, std::int64_t last) {
    if (!std::isfinite(units)) return 0;
    return static_cast<std::int64_t>(std::clamp(std::floor(units), 0.0, static_cast<double>(last)));
}

}  // namespace

struct BlockJobs::State {
    const City& city;
    std::once_flag grouped;
    PreparedBlocks prepared;
    std::atomic<std::size_t> next{0};

    // By the first caller of work(): the main thread, while the helper plans
    // the ground (grouping is ≈ 6 M serial instructions on Delfshaven).
    void group() {
        std::call_once(grouped, [this] {
            prepared.groups = groupTriangles(city);
            prepared.triangles = city.mesh.triangleCount();
            prepared.records = city.buildings.size();
        });
    }
};

BlockJobs::BlockJobs(const City& city) : state_(new State{city, {}, {}}) {}

BlockJobs::~BlockJobs() = default;

void BlockJobs::work() {
    state_->group();
    std::vector<Group>& groups = state_->prepared.groups;
    for (std::size_t i = state_->next++; i < groups.size(); i = state_->next++) {
        Group& g = groups[i];
        if (state_->city.buildings[g.building].kind == ObjectKind::Terrain) continue;  // built by the tiler
        g.block = blockOf(state_->city, g);
        g.blockReady = true;
    }
}

PreparedBlocks BlockJobs::take() {
    state_->group();
    return std::move(state_->prepared);
}

TileSet buildTiles(const City& city, const TilingOptions& options, ProgressSink& progress) {
    return buildTiles(city, options, progress, nullptr);
}

TileSet buildTiles(const City& city, const TilingOptions& options, ProgressSink& progress, PreparedBlocks* prepared) {
    assert(options.tileSize > 0.0);
    TileSet set;
    set.tileSize = options.tileSize;
    std::vector<Group> groups = groupTriangles(city, prepared);
    if (groups.empty()) return set;

    // Grid aligned to multiples of tileSize; cells indexed from the lowest centre.
    const double size = options.tileSize;
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const Group& g : groups) {
        const glm::dvec2 c(0.5 * (g.bounds.min.x + g.bounds.max.x), 0.5 * (g.bounds.min.z + g.bounds.max.z));
        lo = glm::min(lo, c);
        hi = glm::max(hi, c);
    }
    set.gridOrigin = glm::floor(lo / size) * size;
    const double cells = std::max(std::floor((hi.x - set.gridOrigin.x) / size),
                                  std::floor((hi.y - set.gridOrigin.y) / size)) + 1.0;
    // Depth 30 = 2^30 leaves per axis: far beyond any city; outliers clamp to the edge cells.
    while (std::ldexp(1.0, static_cast<int>(set.depth)) < cells && set.depth < 30) ++set.depth;
    const auto last = static_cast<std::int64_t>(std::ldexp(1.0, static_cast<int>(set.depth))) - 1;
    const unsigned threads = jobThreads(options.threads);
    // Each building's block is its own job (the blocks are a quarter of the tiling's work).
    runJobs(groups.size(), threads, [&](std::size_t i, unsigned) {
        Group& g = groups[i];
        const double cx = 0.5 * (g.bounds.min.x + g.bounds.max.x), cz = 0.5 * (g.bounds.min.z + g.bounds.max.z);
        g.ix = cell((cx - set.gridOrigin.x) / size, last);
        g.iz = cell((cz - set.gridOrigin.y) / size, last);
        g.terrain = city.buildings[g.building].kind == ObjectKind::Terrain;
        if (!g.blockReady) g.block = g.terrain ? terrainBlockOf(city, g, size) : blockOf(city, g);
    });
    progress.update("blocks", groups.size(), groups.size());
    progress.finish("blocks");

    std::vector<std::uint32_t> members(groups.size());
    for (std::size_t i = 0; i < members.size(); ++i) members[i] = static_cast<std::uint32_t>(i);
    Builder builder(city, options, groups, set, progress);
    builder.build(0, 0, 0, members, -1);
    builder.run(threads);
    progress.finish("tiles");
    return set;
}

}  // namespace places::city
