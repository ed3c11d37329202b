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

class GpuScene {
public:
    // `materialLayout`: set 1 of the scene pipelines (Renderer::materialLayout()).
    GpuScene(Gpu& gpu, const SceneGeometry& geometry, const DescriptorSetLayout& materialLayout);
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
    const std::vector<Model>& models() const { return models_; }
    const std::vector<ModelInstance>& instances() const { return instances_; }
    // Object index of a tile, and of the first submesh of an instance (the
    // others follow in the model's submesh order).
    std::uint32_t tileObject(std::uint32_t tile) const { return tile; }
    std::uint32_t instanceObject(std::uint32_t instance) const { return instanceObjects_[instance]; }
    // World-space (local frame) bounding box of an instance, for culling.
    const city::Bounds& instanceBounds(std::uint32_t instance) const { return instanceBounds_[instance]; }

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
    std::vector<Model> models_;
    std::vector<ModelInstance> instances_;
    std::vector<std::uint32_t> instanceObjects_;
    std::vector<city::Bounds> instanceBounds_;
};

}  // namespace places::render
