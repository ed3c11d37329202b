#pragma once
// Venue assets (places_assets' plain AssetModel) as renderer geometry: each
// mesh becomes a one-submesh model whose coarser levels are the mesh's levels
// (same vertices, other indices, their geometric errors), each material a
// renderer material (base colour factor, decoded base-colour texture with the
// import's mip chain; the importer's magenta checker stands in for a missing
// texture so the gap stays visible), and a placement of the asset becomes one
// instance per mesh instance. No GPU.
#include <cstdint>
#include <vector>

#include <glm/mat4x4.hpp>

#include "places/assets/asset_model.hpp"
#include "places/render/scene_geometry.hpp"

namespace places::render {

// What addAsset() appended: the model of each of the asset's meshes.
struct AssetGeometry {
    std::vector<std::uint32_t> meshModels;  // per AssetModel::meshes entry
};

// Copies the asset's images into scene textures, then addAsset(scene, asset, first).
AssetGeometry addAsset(SceneGeometry& scene, const assets::AssetModel& asset);

// The same in two steps for callers that own the model: its images (tens of
// MB with their mip chains) are moved into scene textures instead of copied.
// addTextures returns the index of the first texture it appended (mip chains
// the import did not prepare are built here); addAsset's materials then refer
// to scene.textures[firstTexture + the asset's texture index].
std::int32_t addTextures(SceneGeometry& scene, std::vector<assets::Image> images);
AssetGeometry addAsset(SceneGeometry& scene, const assets::AssetModel& asset, std::int32_t firstTexture);

// Places the asset once: `placement` maps the asset frame into the local frame
// (translation, rotation, any scale; normals are transformed by the inverse
// transpose on the GPU).
void placeAsset(SceneGeometry& scene, const AssetGeometry& geometry, const assets::AssetModel& asset,
                const glm::mat4& placement);

}  // namespace places::render
