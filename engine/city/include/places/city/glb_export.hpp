#pragma once
// glTF 2.0 binary (.glb) export of a City, for Blender, f3d or any glTF viewer.
//
// Layout (chosen to stay small and quick to open for whole cities):
//   one node "city" with one mesh; one primitive per surface class
//   (roof, wall, ground, other), each with its own material colour;
//   attributes POSITION (float, local frame relative to the georeference
//   origin: x east, y up, z south, metres; glTF is Y-up and right-handed, so
//   no conversion), NORMAL (float) and _BUILDING_ID (float, exact below 2^24:
//   the index into the building table);
//   the building table in node.extras.buildings as columns
//   {id: [...], function: [...], parent: [...], measuredHeight: [...]};
//   the georeference in asset.extras.georeference {crs, verticalCrs, origin, axes}.
// A node per building was rejected: 10^5 nodes make viewers slow and the file
// large, while an id per vertex keeps picking possible.
// Closure surfaces are not exported (they are virtual, never drawn).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "places/city/city_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::city {

struct GlbOptions {
    // Source polygons are not always wound consistently; double-sided
    // materials keep such faces visible in every viewer.
    bool doubleSided = true;
};

struct GlbStats {
    std::uint64_t bytes = 0;
    std::uint64_t triangles = 0;
    std::uint64_t buildings = 0;
};

Result<std::vector<std::byte>> encodeGlb(const City& city, const GlbOptions& options = {});
Result<GlbStats> exportGlb(const City& city, const std::string& path, const GlbOptions& options = {});

}  // namespace places::city
