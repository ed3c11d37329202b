#pragma once
// Venue asset import through Assimp: glTF 2.0 (.gltf with external or data
// URIs, .glb with bufferView images), OBJ (+ .mtl), FBX and whatever else the
// installed Assimp reads. Never throws on bad input.
//
// Diagnostics:
//  - error (and no value): the file cannot be read; names the file and what
//    Assimp said.
//  - warning + counter "missing texture": a texture that cannot be found or
//    decoded; names the asset and the texture path. The material then points
//    at a fallback image (magenta/black checker, Image::fallback) so the gap is
//    visible when rendered.
//  - counters for salvaged content ("skipped: non-triangle mesh", ...).
#include <string>

#include "places/assets/asset_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::assets {

struct ImportOptions {
    bool decodeTextures = true;  // false: materials keep texture indices, images stay empty of pixels
    bool buildMips = true;       // Image::mips of every decoded image (mip_chain.hpp)
    bool buildLevels = true;     // Mesh::levels (mesh_levels.hpp, default MeshLevelOptions)
};

Result<AssetModel> importAsset(const std::string& path, const ImportOptions& options = {});

// The checker used for unreadable textures: 64x64, 8x8-pixel squares of
// magenta (255,0,255) and black, opaque.
Image makeFallbackImage();

}  // namespace places::assets
