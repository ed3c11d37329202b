#pragma once
// A 2D (array) VkImage with its memory and one view over all its layers
// (VK_IMAGE_VIEW_TYPE_2D for one layer, 2D_ARRAY for more: multiview targets),
// plus one 2D view per layer of an array image (stereo drawn in two passes
// renders into one layer at a time).
// Move-only; destruction deferred like Buffer. Also: Sampler.
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

#include "places/render/memory.hpp"

namespace places::render {

class Gpu;

struct ImageCreateInfo {
    std::uint32_t width = 1;
    std::uint32_t height = 1;
    std::uint32_t layers = 1;
    VkFormat format = VK_FORMAT_R8G8B8A8_SRGB;
    VkImageUsageFlags usage = 0;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    std::uint32_t mipLevels = 1;  // the view covers all of them
};

bool isDepthFormat(VkFormat format);

class Image {
public:
    Image() = default;
    Image(Gpu& gpu, const ImageCreateInfo& info);
    ~Image();
    Image(Image&& other) noexcept;
    Image& operator=(Image&& other) noexcept;
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;

    VkImage handle() const { return image_; }
    VkImageView view() const { return view_; }
    // One layer alone (the whole view of a single-layer image).
    VkImageView layerView(std::uint32_t layer) const { return layerViews_.empty() ? view_ : layerViews_.at(layer); }
    const ImageCreateInfo& info() const { return info_; }
    VkImageAspectFlags aspect() const;
    explicit operator bool() const { return image_ != VK_NULL_HANDLE; }

private:
    void release();
    Gpu* gpu_ = nullptr;
    ImageCreateInfo info_;
    VkImage image_ = VK_NULL_HANDLE;
    VkImageView view_ = VK_NULL_HANDLE;
    std::vector<VkImageView> layerViews_;  // array images only
    Allocation allocation_;
};

class Sampler {
public:
    // Trilinear, repeat, anisotropic where the device has it.
    explicit Sampler(Gpu& gpu);
    ~Sampler();
    Sampler(const Sampler&) = delete;
    Sampler& operator=(const Sampler&) = delete;
    VkSampler handle() const { return sampler_; }

private:
    Gpu& gpu_;
    VkSampler sampler_ = VK_NULL_HANDLE;
};

}  // namespace places::render
