#include "places/render/image.hpp"

#include <utility>

#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

bool isDepthFormat(VkFormat format) {
    return format == VK_FORMAT_D32_SFLOAT || format == VK_FORMAT_D24_UNORM_S8_UINT ||
           format == VK_FORMAT_D16_UNORM || format == VK_FORMAT_D32_SFLOAT_S8_UINT;
}

Image::Image(Gpu& gpu, const ImageCreateInfo& info) : gpu_(&gpu), info_(info) {
    VkImageCreateInfo create{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    create.imageType = VK_IMAGE_TYPE_2D;
    create.format = info.format;
    create.extent = {info.width, info.height, 1};
    create.mipLevels = info.mipLevels;
    create.arrayLayers = info.layers;
    create.samples = info.samples;
    create.tiling = VK_IMAGE_TILING_OPTIMAL;
    create.usage = info.usage;
    create.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    create.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    PLACES_VK_CHECK(vkCreateImage(gpu.vk(), &create, nullptr, &image_));
    try {
        VkMemoryRequirements requirements;
        vkGetImageMemoryRequirements(gpu.vk(), image_, &requirements);
        allocation_ = gpu.memory.allocate(requirements, MemoryUsage::DeviceLocal, ResourceKind::Optimal);
        PLACES_VK_CHECK(vkBindImageMemory(gpu.vk(), image_, allocation_.memory, allocation_.offset));
        VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        view.image = image_;
        view.viewType = info.layers > 1 ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D;
        view.format = info.format;
        view.subresourceRange = {aspect(), 0, info.mipLevels, 0, info.layers};
        PLACES_VK_CHECK(vkCreateImageView(gpu.vk(), &view, nullptr, &view_));
        for (std::uint32_t layer = 0; info.layers > 1 && layer < info.layers; ++layer) {
            view.viewType = VK_IMAGE_VIEW_TYPE_2D;
            view.subresourceRange = {aspect(), 0, info.mipLevels, layer, 1};
            PLACES_VK_CHECK(vkCreateImageView(gpu.vk(), &view, nullptr, &layerViews_.emplace_back()));
        }
    } catch (...) {
        for (VkImageView v : layerViews_) vkDestroyImageView(gpu.vk(), v, nullptr);
        if (view_) vkDestroyImageView(gpu.vk(), view_, nullptr);
        gpu.memory.free(allocation_);
        vkDestroyImage(gpu.vk(), image_, nullptr);
        throw;
    }
}

Image::~Image() { release(); }

Image::Image(Image&& other) noexcept
    : gpu_(std::exchange(other.gpu_, nullptr)),
      info_(other.info_),
      image_(std::exchange(other.image_, VK_NULL_HANDLE)),
      view_(std::exchange(other.view_, VK_NULL_HANDLE)),
      layerViews_(std::exchange(other.layerViews_, {})),
      allocation_(std::exchange(other.allocation_, {})) {}

Image& Image::operator=(Image&& other) noexcept {
    if (this != &other) {
        release();
        gpu_ = std::exchange(other.gpu_, nullptr);
        info_ = other.info_;
        image_ = std::exchange(other.image_, VK_NULL_HANDLE);
        view_ = std::exchange(other.view_, VK_NULL_HANDLE);
        layerViews_ = std::exchange(other.layerViews_, {});
        allocation_ = std::exchange(other.allocation_, {});
    }
    return *this;
}

void Image::release() {
    if (!gpu_) return;
    for (VkImageView v : layerViews_) gpu_->deleter.retire(VK_OBJECT_TYPE_IMAGE_VIEW, v);
    layerViews_.clear();
    gpu_->deleter.retire(VK_OBJECT_TYPE_IMAGE_VIEW, view_);
    gpu_->deleter.retire(VK_OBJECT_TYPE_IMAGE, image_, allocation_);
    image_ = VK_NULL_HANDLE;
    view_ = VK_NULL_HANDLE;
    gpu_ = nullptr;
}

VkImageAspectFlags Image::aspect() const {
    return isDepthFormat(info_.format) ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT;
}

Sampler::Sampler(Gpu& gpu) : gpu_(gpu) {
    VkSamplerCreateInfo info{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    info.magFilter = VK_FILTER_LINEAR;
    info.minFilter = VK_FILTER_LINEAR;
    info.mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR;
    info.addressModeU = info.addressModeV = info.addressModeW = VK_SAMPLER_ADDRESS_MODE_REPEAT;
    info.anisotropyEnable = gpu.device.capabilities().samplerAnisotropy ? VK_TRUE : VK_FALSE;
    info.maxAnisotropy = info.anisotropyEnable ? 8.0f : 1.0f;
    info.maxLod = VK_LOD_CLAMP_NONE;
    PLACES_VK_CHECK(vkCreateSampler(gpu.vk(), &info, nullptr, &sampler_));
}

Sampler::~Sampler() { gpu_.deleter.retire(VK_OBJECT_TYPE_SAMPLER, sampler_); }

}  // namespace places::render
