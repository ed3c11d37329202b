#pragma once
// A FontAtlas uploaded for the text pipeline: the distance field as the alpha
// of a white RGBA8 texture (sRGB decoding leaves alpha linear) and its
// descriptor set in the material layout (set 1). Immutable after construction.
#include <memory>

#include "places/render/descriptors.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/image.hpp"

namespace places::render {

class Gpu;

class GpuFont {
public:
    GpuFont(Gpu& gpu, std::shared_ptr<const FontAtlas> atlas, const DescriptorSetLayout& materialLayout);
    GpuFont(const GpuFont&) = delete;
    GpuFont& operator=(const GpuFont&) = delete;

    const FontAtlas& atlas() const { return *atlas_; }
    VkDescriptorSet set() const { return set_; }

private:
    std::shared_ptr<const FontAtlas> atlas_;
    Image image_;
    Sampler sampler_;
    DescriptorPool pool_;
    VkDescriptorSet set_ = VK_NULL_HANDLE;
};

}  // namespace places::render
