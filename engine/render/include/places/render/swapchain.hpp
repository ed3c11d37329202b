#pragma once
// A window surface (owned: destroyed with vkDestroySurfaceKHR) and a swapchain
// on it. The swapchain prefers an sRGB BGRA/RGBA format (shaders write linear
// light) and FIFO presentation (always available, no tearing). Its images can
// be copied from (screenshots) when the surface allows TRANSFER_SRC.
// Rebuilt (not resized in place) when the window changes size or present
// reports OUT_OF_DATE / SUBOPTIMAL; the old swapchain is handed to the new one.
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

namespace places::render {

class Gpu;

class Surface {
public:
    Surface(VkInstance instance, VkSurfaceKHR surface) : instance_(instance), surface_(surface) {}
    ~Surface();
    Surface(const Surface&) = delete;
    Surface& operator=(const Surface&) = delete;
    VkSurfaceKHR handle() const { return surface_; }

private:
    VkInstance instance_;
    VkSurfaceKHR surface_;
};

struct SwapchainCreateInfo {
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    std::uint32_t width = 0, height = 0;  // the window's framebuffer size in pixels, > 0
    VkSwapchainKHR oldSwapchain = VK_NULL_HANDLE;
};

class Swapchain {
public:
    // Throws VulkanError when the surface offers no formats (e.g. a 16-bit X
    // screen under lavapipe) or none the renderer can use, naming the problem.
    Swapchain(Gpu& gpu, const SwapchainCreateInfo& info);
    ~Swapchain();
    Swapchain(const Swapchain&) = delete;
    Swapchain& operator=(const Swapchain&) = delete;

    VkSwapchainKHR handle() const { return swapchain_; }
    VkFormat format() const { return format_; }
    std::uint32_t width() const { return extent_.width; }
    std::uint32_t height() const { return extent_.height; }
    std::uint32_t imageCount() const { return static_cast<std::uint32_t>(images_.size()); }
    VkImage image(std::uint32_t i) const { return images_[i]; }
    VkImageView view(std::uint32_t i) const { return views_[i]; }
    bool canCopyFrom() const { return copyable_; }

private:
    Gpu& gpu_;
    VkSwapchainKHR swapchain_ = VK_NULL_HANDLE;
    VkFormat format_ = VK_FORMAT_UNDEFINED;
    VkExtent2D extent_{};
    bool copyable_ = false;
    std::vector<VkImage> images_;
    std::vector<VkImageView> views_;
};

}  // namespace places::render
