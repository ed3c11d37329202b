#pragma once
// Buildings' blocks built ahead of the tiling (private to places_city): the
// import builds them while the derived ground is planned on another core
// (deriving ground only appends terrain records and triangles, so every
// building's group and block stay the same).
#include <cstdint>
#include <vector>

#include "lod.hpp"
#include "places/city/tiling.hpp"

namespace places::city {

// By group, in the tiler's group order (top-level records by first triangle).
struct PreparedBlocks {
    std::vector<std::uint32_t> building;   // the group's top-level record
    std::vector<std::size_t> triangles;    // its triangle count, checked when used
    std::vector<lod::Block> blocks;        // empty for terrain groups (built by the tiler)
};
PreparedBlocks prepareBuildingBlocks(const City& city, unsigned threads);

// buildTiles taking the blocks prepared for the groups that are unchanged
// (same record, same triangle count); the others are built as usual.
TileSet buildTiles(const City& city, const TilingOptions& options, ProgressSink& progress, PreparedBlocks* prepared);

}  // namespace places::city
