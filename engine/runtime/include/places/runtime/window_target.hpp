#pragma once
// The window frame target: a GLFW window's Vulkan surface, the device chosen
// for it and a WindowRenderer (swapchain, frames in flight). beginFrame()
// polls the window's events, sleeps while it is minimised and ends when it is
// closed; render() presents, with FrameContent's overlay on top, and captures
// the frame when a screenshot was requested.
//
// Ownership: the window and the Vulkan instance are the caller's and must
// outlive the target; the surface, device and renderer are the target's.
#include <memory>
#include <string>
#include <vector>

#include "places/render/gpu.hpp"
#include "places/render/instance.hpp"
#include "places/render/rgba_image.hpp"
#include "places/render/swapchain.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/window_renderer.hpp"
#include "places/runtime/frame_loop.hpp"

struct GLFWwindow;

namespace places::runtime {

// glfwInit()/glfwTerminate() for the lifetime of the object (throws a
// VulkanError when GLFW cannot start).
class GlfwSession {
public:
    GlfwSession();
    ~GlfwSession();
    GlfwSession(const GlfwSession&) = delete;
    GlfwSession& operator=(const GlfwSession&) = delete;
    bool vulkanSupported() const;
    // The instance extensions a window surface needs.
    std::vector<const char*> instanceExtensions() const;
};

struct WindowTargetCreateInfo {
    std::string gpu;  // device name filter; empty = the first suitable one
    render::Msaa msaa = render::Msaa::Auto;
    std::shared_ptr<const render::FontAtlas> font;  // world text (name tags); none: not drawn
    const render::UiFontAtlas* uiFont = nullptr;    // the panel's; must outlive the target
    bool shadows = true;                             // the sun's shadow map
};

class WindowTarget final : public FrameTarget {
public:
    WindowTarget(render::Instance& instance, GLFWwindow* window, const WindowTargetCreateInfo& info);
    ~WindowTarget() override;
    WindowTarget(const WindowTarget&) = delete;
    WindowTarget& operator=(const WindowTarget&) = delete;

    render::Gpu& gpu() { return *gpu_; }
    const render::WindowRenderer& output() const { return *output_; }

    // The next frame (only) is read back into screenshot().
    void requestScreenshot() { wantScreenshot_ = true; }
    // The last requested frame's pixels; empty when the capture failed.
    const render::RgbaImage& screenshot() const { return screenshot_; }

    std::optional<FrameExtent> beginFrame() override;
    FrameDelivery render(const FrameInput& input) override;

private:
    GLFWwindow* window_;
    std::unique_ptr<render::Surface> surface_;
    std::unique_ptr<render::Gpu> gpu_;
    std::unique_ptr<render::WindowRenderer> output_;
    FrameExtent extent_;
    bool wantScreenshot_ = false;
    render::RgbaImage screenshot_;
};

}  // namespace places::runtime
