#pragma once
// Buildings' blocks built ahead of the tiling (private to places_city): the
// import builds them while the derived ground is planned on another core
// (deriving ground only appends terrain records and triangles, so every
// building's group and block stay the same).
#include <cstdint>
#include <memory>
#include <vector>

#include "lod.hpp"
#include "places/city/tiling.hpp"

namespace places::city {

// A top-level building (or terrain piece) with all its parts' triangles.
struct BuildingGroup {
    std::uint32_t building = 0;
    std::vector<std::uint32_t> triangles;
    Bounds bounds;                // local frame
    bool terrain = false;         // a terrain piece (ground.hpp), not a building
    std::int64_t ix = 0, iz = 0;  // leaf cell
    lod::Block block;             // city-local float coordinates
    bool blockReady = false;      // built ahead (BlockJobs)
};

// The groups of the mesh as it was before the ground was derived (top-level
// records by first triangle), the buildings' blocks built. The tiler appends
// the groups of the triangles added since.
struct PreparedBlocks {
    std::vector<BuildingGroup> groups;
    std::size_t triangles = 0;  // the mesh's triangle count when grouped
    std::size_t records = 0;    // the city's record count then
};

// Built by whichever threads call work(), each taking the next
// group from a shared counter: the import's main thread starts on them while a
// helper plans the ground, and the helper joins in once its plan is done, so
// the two cores finish together instead of the main thread doing every block
// (57.7 M instructions on Delfshaven against the plan's 47.7 M). Each group's
// block depends only on the group: the result is the same whoever built it.
class BlockJobs {
public:
    explicit BlockJobs(const City& city);
    ~BlockJobs();
    BlockJobs(const BlockJobs&) = delete;
    BlockJobs& operator=(const BlockJobs&) = delete;

    // Builds blocks until none is left; safe on several threads at once. The
    // first call groups the triangles first (the others wait for it).
    void work();
    // Once every work() call has returned.
    PreparedBlocks take();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// buildTiles taking the prepared groups and blocks (their triangles must be
// unchanged since: deriving the ground only appends records and triangles).
TileSet buildTiles(const City& city, const TilingOptions& options, ProgressSink& progress, PreparedBlocks* prepared);

}  // namespace places::city
