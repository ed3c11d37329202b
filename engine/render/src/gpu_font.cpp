#include "places/render/gpu_font.hpp"

#include <array>
#include <vector>

#include "places/assets/mip_chain.hpp"
#include "places/render/gpu.hpp"
#include "places/render/upload.hpp"

namespace places::render {

namespace {

Image uploadAtlas(Gpu& gpu, const FontAtlas& atlas) {
    std::vector<std::uint8_t> rgba(atlas.distance.size() * 4, 255);
    for (std::size_t i = 0; i < atlas.distance.size(); ++i) rgba[i * 4 + 3] = atlas.distance[i];
    // Mip levels: name tags are mostly small on screen, and a minified
    // distance field without them aliases into blocks. Averaged distances
    // keep the edge where it was (the padding keeps neighbours apart).
    const std::vector<assets::ImageLevel> mips = assets::buildMipChain(atlas.width, atlas.height, rgba);
    std::vector<TextureLevelData> levels{{atlas.width, atlas.height, rgba}};
    for (const assets::ImageLevel& level : mips) levels.push_back({level.width, level.height, level.rgba});
    return uploadTexture(gpu, levels);
}

constexpr VkDescriptorPoolSize kPoolSizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1}};

}  // namespace

GpuFont::GpuFont(Gpu& gpu, std::shared_ptr<const FontAtlas> atlas, const DescriptorSetLayout& materialLayout)
    : atlas_(std::move(atlas)), image_(uploadAtlas(gpu, *atlas_)), sampler_(gpu), pool_(gpu, 1, kPoolSizes) {
    set_ = pool_.allocate(materialLayout);
    writeImageDescriptor(gpu.vk(), set_, 0, image_.view(), sampler_.handle());
}

}  // namespace places::render
