#include "places/render/swapchain.hpp"

#include <algorithm>

#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

Surface::~Surface() {
    if (surface_ != VK_NULL_HANDLE) vkDestroySurfaceKHR(instance_, surface_, nullptr);
}

namespace {

VkSurfaceFormatKHR chooseFormat(VkPhysicalDevice physical, VkSurfaceKHR surface) {
    std::uint32_t count = 0;
    PLACES_VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(physical, surface, &count, nullptr));
    if (count == 0)
        throw VulkanError("the window surface offers no pixel formats (a 16-bit display? run the X server with "
                          "24-bit colour, e.g. xvfb-run -s \"-screen 0 1280x720x24\")",
                          VK_ERROR_FORMAT_NOT_SUPPORTED);
    std::vector<VkSurfaceFormatKHR> formats(count);
    PLACES_VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(physical, surface, &count, formats.data()));
    for (VkFormat wanted : {VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB})
        for (const VkSurfaceFormatKHR& f : formats)
            if (f.format == wanted && f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR) return f;
    throw VulkanError("the window surface offers no 8-bit sRGB format (" + std::to_string(count) +
                          " formats, none B8G8R8A8_SRGB or R8G8B8A8_SRGB)",
                      VK_ERROR_FORMAT_NOT_SUPPORTED);
}

}  // namespace

Swapchain::Swapchain(Gpu& gpu, const SwapchainCreateInfo& info) : gpu_(gpu) {
    const VkPhysicalDevice physical = gpu.device.physical();
    const VkSurfaceFormatKHR format = chooseFormat(physical, info.surface);
    VkSurfaceCapabilitiesKHR caps;
    PLACES_VK_CHECK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(physical, info.surface, &caps));
    // currentExtent is the window's size unless the surface lets us choose (0xFFFFFFFF).
    extent_ = caps.currentExtent;
    if (extent_.width == 0xFFFFFFFFu) {
        extent_.width = std::clamp(info.width, caps.minImageExtent.width, caps.maxImageExtent.width);
        extent_.height = std::clamp(info.height, caps.minImageExtent.height, caps.maxImageExtent.height);
    }
    copyable_ = (caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT) != 0;
    std::uint32_t images = std::max(caps.minImageCount + 1, 3u);
    if (caps.maxImageCount > 0) images = std::min(images, caps.maxImageCount);

    VkSwapchainCreateInfoKHR create{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
    create.surface = info.surface;
    create.minImageCount = images;
    create.imageFormat = format.format;
    create.imageColorSpace = format.colorSpace;
    create.imageExtent = extent_;
    create.imageArrayLayers = 1;
    create.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | (copyable_ ? VK_IMAGE_USAGE_TRANSFER_SRC_BIT : 0);
    create.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    create.preTransform = caps.currentTransform;
    create.compositeAlpha = (caps.supportedCompositeAlpha & VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR)
                                ? VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR
                                : VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR;
    create.presentMode = VK_PRESENT_MODE_FIFO_KHR;
    create.clipped = VK_TRUE;
    create.oldSwapchain = info.oldSwapchain;
    PLACES_VK_CHECK(vkCreateSwapchainKHR(gpu.vk(), &create, nullptr, &swapchain_));
    format_ = format.format;

    std::uint32_t count = 0;
    PLACES_VK_CHECK(vkGetSwapchainImagesKHR(gpu.vk(), swapchain_, &count, nullptr));
    images_.resize(count);
    PLACES_VK_CHECK(vkGetSwapchainImagesKHR(gpu.vk(), swapchain_, &count, images_.data()));
    for (VkImage image : images_) {
        VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        view.image = image;
        view.viewType = VK_IMAGE_VIEW_TYPE_2D;
        view.format = format_;
        view.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
        VkImageView handle = VK_NULL_HANDLE;
        PLACES_VK_CHECK(vkCreateImageView(gpu.vk(), &view, nullptr, &handle));
        views_.push_back(handle);
    }
}

Swapchain::~Swapchain() {
    // Callers rebuild only after the queue is idle (WindowRenderer::rebuild), so
    // nothing in flight still uses the views or images.
    for (VkImageView view : views_) vkDestroyImageView(gpu_.vk(), view, nullptr);
    if (swapchain_ != VK_NULL_HANDLE) vkDestroySwapchainKHR(gpu_.vk(), swapchain_, nullptr);
}

}  // namespace places::render
