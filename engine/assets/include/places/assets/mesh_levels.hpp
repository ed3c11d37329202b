#pragma once
// Coarser detail levels of a venue mesh, built once at import (meshoptimizer's
// edge-collapse simplifier, which keeps UV and normal seams: vertices split
// only by attributes move together). A level is an index list into the mesh's
// own vertices, so levels add indices, never vertices. Plain data, no GPU.
//
// Levels aim at `reduction`, reduction^2, ... of the full mesh's triangles,
// each simplified from the full mesh (so its error is measured against the
// original, not accumulated). The chain stops at `maxLevels`, at a level that
// keeps more than `minShrink` of the previous level's triangles (topology or
// the error cap stopped the simplifier), or below `minTriangles`.
//
// A level's geometric error is the simplifier's estimate of the largest
// deviation from the full mesh (relative error x meshopt_simplifyScale, the
// mesh extent), in the mesh's own units (metres as authored for glTF); errors
// are non-decreasing along the chain. Renderers scale it by the instance
// transform and pick levels by screen-space error (places_visibility).
#include <cstddef>
#include <cstdint>

#include "places/assets/asset_model.hpp"

namespace places::assets {

struct MeshLevelOptions {
    float reduction = 0.25f;        // triangle fraction of each level relative to the previous
    std::size_t maxLevels = 3;      // coarser levels at most (1/4, 1/16, 1/64 of the triangles)
    float minShrink = 0.8f;         // drop a level keeping more than this fraction of the previous one
    std::size_t minTriangles = 64;  // meshes (and levels) below this get no (further) levels
    // Relative to the mesh extent: the simplifier stops before deforming the
    // mesh more than this (5 %: a 2 m sofa's coarsest level may be 10 cm off,
    // drawn only where that is under the pixel threshold).
    float maxRelativeError = 0.05f;
};

// Replaces `mesh.levels` with freshly built levels (none for small meshes).
void buildMeshLevels(Mesh& mesh, const MeshLevelOptions& options = {});

}  // namespace places::assets
