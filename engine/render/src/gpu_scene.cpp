#include "places/render/gpu_scene.hpp"

#include <algorithm>
#include <array>

#include <glm/gtc/matrix_inverse.hpp>

#include "places/render/gpu.hpp"
#include "places/render/upload.hpp"
#include "places/visibility/level_selection.hpp"
#include "shader_interface.hpp"

namespace places::render {

namespace {

DescriptorPool makeMaterialPool(Gpu& gpu, std::size_t materials) {
    const auto count = static_cast<std::uint32_t>(std::max<std::size_t>(materials, 1));
    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, count}};
    return DescriptorPool(gpu, count, sizes);
}

constexpr std::array<std::uint8_t, 4> kWhite{255, 255, 255, 255};

glm::mat4 normalMatrix(const glm::mat4& model) { return glm::mat4(glm::inverseTranspose(glm::mat3(model))); }

std::vector<detail::ObjectData> makeObjects(const SceneGeometry& g, std::vector<std::uint32_t>& instanceObjects) {
    std::vector<detail::ObjectData> objects;
    for (const CityTileGeometry& tile : g.tiles) {
        detail::ObjectData o{glm::mat4(1.0f), glm::mat4(1.0f), glm::vec4(1.0f)};
        o.model[3] = glm::vec4(tile.centre, 1.0f);
        objects.push_back(o);
    }
    for (const ModelInstance& instance : g.instances) {
        instanceObjects.push_back(static_cast<std::uint32_t>(objects.size()));
        for (std::uint32_t s : g.models[instance.model].submeshes())
            objects.push_back({instance.transform, normalMatrix(instance.transform),
                               g.materials[g.submeshes[s].material].baseColour});
    }
    if (objects.empty()) objects.push_back({glm::mat4(1.0f), glm::mat4(1.0f), glm::vec4(1.0f)});  // no empty buffers
    return objects;
}

// Local-frame box of a model's box after its instance transform (8 corners).
city::Bounds transformBounds(const glm::mat4& m, const glm::vec3& lo, const glm::vec3& hi) {
    city::Bounds b;
    for (int corner = 0; corner < 8; ++corner) {
        const glm::vec3 p((corner & 1) ? hi.x : lo.x, (corner & 2) ? hi.y : lo.y, (corner & 4) ? hi.z : lo.z);
        b.add(glm::dvec3(m * glm::vec4(p, 1.0f)));
    }
    return b;
}

// The levels of `t` to upload: its prepared levels from the first within `maxSize`.
std::vector<TextureLevelData> levelsWithin(const Texture& t, std::uint32_t maxSize) {
    std::vector<TextureLevelData> levels;
    for (std::uint32_t l = t.firstLevelWithin(maxSize); l < t.levelCount(); ++l)
        levels.push_back({t.levelWidth(l), t.levelHeight(l), t.levelPixels(l)});
    return levels;
}

}  // namespace

GpuScene::GpuScene(Gpu& gpu, const SceneGeometry& g, const DescriptorSetLayout& materialLayout,
                   const GpuSceneOptions& options)
    : vertices_(uploadBuffer(gpu, std::as_bytes(std::span(g.vertices)), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT)),
      indices_(uploadBuffer(gpu, std::as_bytes(std::span(g.indices)), VK_BUFFER_USAGE_INDEX_BUFFER_BIT)),
      fallbackTexture_(uploadTexture(gpu, std::array{TextureLevelData{1, 1, kWhite}})),
      sampler_(gpu),
      pool_(makeMaterialPool(gpu, g.materials.size())),
      submeshes_(g.submeshes),
      tiles_(g.tiles),
      tileNodes_(g.tileNodes),
      models_(g.models),
      instances_(g.instances) {
    const std::vector<detail::ObjectData> objects = makeObjects(g, instanceObjects_);
    objects_ = uploadBuffer(gpu, std::as_bytes(std::span(objects)), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
    for (const ModelInstance& i : g.instances) {
        instanceBounds_.push_back(transformBounds(i.transform, g.models[i.model].boundsMin, g.models[i.model].boundsMax));
        instanceScales_.push_back(visibility::placementScale(i.transform));
        contentBounds_.add(instanceBounds_.back().min);
        contentBounds_.add(instanceBounds_.back().max);
    }
    for (const CityTileGeometry& t : tiles_) {
        if (t.levels.empty()) continue;
        contentBounds_.add(glm::dvec3(t.boundsMin));
        contentBounds_.add(glm::dvec3(t.boundsMax));
    }
    std::vector<std::vector<TextureLevelData>> levels;
    for (const Texture& t : g.textures) levels.push_back(levelsWithin(t, options.maxTextureSize));
    const std::vector<std::span<const TextureLevelData>> spans(levels.begin(), levels.end());
    textures_ = uploadTextures(gpu, spans);
    for (const Material& m : g.materials) {
        const VkDescriptorSet set = pool_.allocate(materialLayout);
        const bool textured = m.texture >= 0 && static_cast<std::size_t>(m.texture) < textures_.size();
        writeImageDescriptor(gpu.vk(), set, 0,
                             textured ? textures_[static_cast<std::size_t>(m.texture)].view()
                                      : fallbackTexture_.view(),
                             sampler_.handle());
        materialSets_.push_back(set);
    }
}

}  // namespace places::render
