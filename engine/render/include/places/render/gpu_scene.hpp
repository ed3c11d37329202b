#pragma once
// A SceneGeometry uploaded once: one vertex and one index buffer for the
// whole scene (all city tile levels and venue meshes), the object table
// (a transform + tint per city tile and per instance submesh), textures and
// one descriptor set per material. Immutable after construction.
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

#include "places/city/city_model.hpp"
#include "places/render/buffer.hpp"
#include "places/render/descriptors.hpp"
#include "places/render/image.hpp"
#include "places/render/scene_geometry.hpp"

namespace places::render {

class Gpu;

// Largest texture edge uploaded by default: the size of the largest bundled
// prop textures (GlamVelvetSofa), so nothing is lost by default; a smaller cap
// trades close-up sharpness for upload time and memory (a 1024 cap is a 4x
// smaller upload of a 2048 texture, still 1 texel per pixel for a prop that
// fills 1024 pixels).
inline constexpr std::uint32_t kDefaultMaxTextureSize = 2048;

struct GpuSceneOptions {
    // Textures upload from the first prepared mip level whose larger side is
    // at most this (the finer levels are skipped, not resampled).
    std::uint32_t maxTextureSize = kDefaultMaxTextureSize;
};

class GpuScene {
public:
    // `materialLayout`: set 1 of the scene pipelines (Renderer::materialLayout()).
    GpuScene(Gpu& gpu, const SceneGeometry& geometry, const DescriptorSetLayout& materialLayout,
             const GpuSceneOptions& options = {});
    GpuScene(const GpuScene&) = delete;
    GpuScene& operator=(const GpuScene&) = delete;

    VkBuffer vertexBuffer() const { return vertices_.handle(); }
    VkBuffer indexBuffer() const { return indices_.handle(); }
    VkBuffer objectBuffer() const { return objects_.handle(); }
    VkDescriptorSet materialSet(std::uint32_t material) const { return materialSets_[material]; }
    std::uint32_t materialCount() const { return static_cast<std::uint32_t>(materialSets_.size()); }

    // CPU-side description, for building draws each frame.
    const std::vector<Submesh>& submeshes() const { return submeshes_; }
    const std::vector<CityTileGeometry>& tiles() const { return tiles_; }
    // The tiles as selection nodes (SceneGeometry::tileNodes; may be empty).
    const std::vector<visibility::TileNode>& tileNodes() const { return tileNodes_; }
    // Everything the scene holds (all tiles' and instances' bounds): what may
    // cast a shadow into any view.
    const city::Bounds& contentBounds() const { return contentBounds_; }
    const std::vector<Model>& models() const { return models_; }
    const std::vector<ModelInstance>& instances() const { return instances_; }
    // Object index of a tile, and of the first submesh of an instance (the
    // others follow in the model's submesh order).
    std::uint32_t tileObject(std::uint32_t tile) const { return tile; }
    std::uint32_t instanceObject(std::uint32_t instance) const { return instanceObjects_[instance]; }
    // World-space (local frame) bounding box of an instance, for culling.
    const city::Bounds& instanceBounds(std::uint32_t instance) const { return instanceBounds_[instance]; }
    // Model units -> metres for an instance's level errors (visibility::placementScale).
    double instanceScale(std::uint32_t instance) const { return instanceScales_[instance]; }
    // The uploaded image of SceneGeometry::textures[index] (its size shows the level it started from).
    const Image& texture(std::uint32_t index) const { return textures_[index]; }

private:
    Buffer vertices_;
    Buffer indices_;
    Buffer objects_;
    std::vector<Image> textures_;
    Image fallbackTexture_;  // 1x1 white: the texture of plain materials
    Sampler sampler_;
    DescriptorPool pool_;
    std::vector<VkDescriptorSet> materialSets_;
    std::vector<Submesh> submeshes_;
    std::vector<CityTileGeometry> tiles_;
    std::vector<visibility::TileNode> tileNodes_;
    city::Bounds contentBounds_;
    std::vector<Model> models_;
    std::vector<ModelInstance> instances_;
    std::vector<std::uint32_t> instanceObjects_;
    std::vector<city::Bounds> instanceBounds_;
    std::vector<double> instanceScales_;
};

}  // namespace places::render
