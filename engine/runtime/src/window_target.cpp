#include "places/runtime/window_target.hpp"

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include "places/render/vk_check.hpp"

namespace places::runtime {

GlfwSession::GlfwSession() {
    if (!glfwInit()) throw render::VulkanError("cannot initialise GLFW", VK_ERROR_INITIALIZATION_FAILED);
}

GlfwSession::~GlfwSession() { glfwTerminate(); }

bool GlfwSession::vulkanSupported() const { return glfwVulkanSupported() == GLFW_TRUE; }

std::vector<const char*> GlfwSession::instanceExtensions() const {
    std::uint32_t count = 0;
    const char** extensions = glfwGetRequiredInstanceExtensions(&count);
    return std::vector<const char*>(extensions, extensions + count);
}

WindowTarget::WindowTarget(render::Instance& instance, GLFWwindow* window, const WindowTargetCreateInfo& info)
    : window_(window) {
    VkSurfaceKHR rawSurface = VK_NULL_HANDLE;
    PLACES_VK_CHECK(glfwCreateWindowSurface(instance.handle(), window_, nullptr, &rawSurface));
    surface_ = std::make_unique<render::Surface>(instance.handle(), rawSurface);
    gpu_ = std::make_unique<render::Gpu>(instance, render::DeviceCreateInfo{info.gpu, surface_->handle()});
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    output_ = std::make_unique<render::WindowRenderer>(*gpu_, surface_->handle(), std::uint32_t(width),
                                                       std::uint32_t(height), info.msaa, info.font, info.uiFont,
                                                       info.shadows);
}

WindowTarget::~WindowTarget() {
    if (gpu_) gpu_->queue.waitIdle();  // nothing in flight when the swapchain and surface go
}

std::optional<FrameExtent> WindowTarget::beginFrame() {
    while (!glfwWindowShouldClose(window_)) {
        glfwPollEvents();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window_, &width, &height);
        if (width == 0 || height == 0) {  // minimised: sleep until something happens
            glfwWaitEvents();
            continue;
        }
        extent_ = {std::uint32_t(width), std::uint32_t(height)};
        return extent_;
    }
    return std::nullopt;
}

FrameDelivery WindowTarget::render(const FrameInput& in) {
    FrameDelivery delivery;
    if (wantScreenshot_) screenshot_ = {};
    const render::FrameOutcome outcome =
        output_->frame(extent_.width, extent_.height, toRenderInputs(in), delivery.stats,
                       wantScreenshot_ ? &screenshot_ : nullptr);
    delivery.delivered = outcome == render::FrameOutcome::Presented;
    if (delivery.delivered) wantScreenshot_ = false;
    delivery.gpuMilliseconds = output_->lastGpuMilliseconds();
    return delivery;
}

}  // namespace places::runtime
