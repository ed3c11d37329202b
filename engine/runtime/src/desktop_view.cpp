#include "places/runtime/desktop_view.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>
#include <glm/geometric.hpp>

#include "places/render/instance.hpp"
#include "places/render/overlay_text.hpp"
#include "places/runtime/desktop_camera.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/window_target.hpp"

namespace places::runtime {

namespace {

// What the GLFW callbacks change (reached through the window's user pointer).
struct WindowState {
    DesktopCamera camera;
    const RenderScene* scene = nullptr;
    double lastX = 0, lastY = 0;
    bool screenshotRequested = false;
    bool overlay = true;
};

struct WindowHandle {
    GLFWwindow* window = nullptr;
    ~WindowHandle() {
        if (window) glfwDestroyWindow(window);
    }
};

void installCallbacks(GLFWwindow* window) {
    glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int) {
        if (action != GLFW_PRESS) return;
        auto& s = *static_cast<WindowState*>(glfwGetWindowUserPointer(w));
        if (key == GLFW_KEY_ESCAPE) glfwSetWindowShouldClose(w, GLFW_TRUE);
        if (key == GLFW_KEY_TAB) s.camera.toggleFly();
        if (key == GLFW_KEY_F12) s.screenshotRequested = true;
        if (key == GLFW_KEY_F1) s.overlay = !s.overlay;
        if (key >= GLFW_KEY_1 && key <= GLFW_KEY_9) {
            const auto index = static_cast<std::size_t>(key - GLFW_KEY_1);
            if (index < s.scene->views.size()) s.camera.jumpTo(s.scene->views[index].camera);
        }
    });
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double x, double y) {
        auto& s = *static_cast<WindowState*>(glfwGetWindowUserPointer(w));
        const double dx = x - s.lastX, dy = y - s.lastY;
        s.lastX = x;
        s.lastY = y;
        if (glfwGetMouseButton(w, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS) s.camera.rotate(dx, dy);
        if (glfwGetMouseButton(w, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS) s.camera.pan(dx, dy);
    });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double dy) {
        static_cast<WindowState*>(glfwGetWindowUserPointer(w))->camera.zoom(dy);
    });
}

void moveWithKeys(GLFWwindow* window, DesktopCamera& camera, double seconds) {
    glm::dvec3 d(0.0);
    auto down = [&](int key) { return glfwGetKey(window, key) == GLFW_PRESS; };
    if (down(GLFW_KEY_W)) d.z += 1;
    if (down(GLFW_KEY_S)) d.z -= 1;
    if (down(GLFW_KEY_D)) d.x += 1;
    if (down(GLFW_KEY_A)) d.x -= 1;
    if (down(GLFW_KEY_E)) d.y += 1;
    if (down(GLFW_KEY_Q)) d.y -= 1;
    if (d == glm::dvec3(0.0)) return;
    const double speed = (down(GLFW_KEY_LEFT_SHIFT) ? 60.0 : 12.0);  // metres per second
    camera.move(glm::normalize(d), speed * seconds);
}

// The desktop camera, moved by the held keys for the time since the last frame.
class KeyboardCamera final : public ViewSource {
public:
    KeyboardCamera(GLFWwindow* window, WindowState& state) : window_(window), state_(state) {}
    double frameMilliseconds() const { return frameMs_; }  // smoothed
    render::FrameViews views(const FrameExtent& extent) override {
        const auto now = std::chrono::steady_clock::now();
        const double seconds = std::chrono::duration<double>(now - last_).count();
        last_ = now;
        frameMs_ = 0.9 * frameMs_ + 0.1 * seconds * 1000.0;
        moveWithKeys(window_, state_.camera, std::min(seconds, 0.1));
        return state_.camera.views(extent);
    }

private:
    GLFWwindow* window_;
    WindowState& state_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
    double frameMs_ = 0.0;
};

}  // namespace

int runDesktopView(const DesktopViewSettings& o) {
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
        std::fprintf(stderr, "places view: no display (DISPLAY is not set); use 'places render' for images "
                             "without a display, or run under xvfb-run\n");
        return 1;
    }
    Result<RenderScene> loaded = loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    const RenderScene& scene = *loaded.value;
    WindowState state;
    state.scene = &scene;
    state.camera.jumpTo(scene.views.front().camera);
    if (!o.view.empty()) {
        const NamedView* v = findView(scene, o.view);
        if (!v) {
            std::fprintf(stderr, "places view: no view '%s'; views: %s\n", o.view.c_str(), viewNames(scene).c_str());
            return 2;
        }
        state.camera.jumpTo(v->camera);
    }

    GlfwSession glfw;
    if (!glfw.vulkanSupported()) {
        std::fprintf(stderr, "places view: GLFW finds no Vulkan loader\n");
        return 1;
    }
    render::InstanceCreateInfo instanceInfo;
    instanceInfo.validation = o.validation;
    instanceInfo.extensions = glfw.instanceExtensions();
    render::Instance instance(instanceInfo);
    int code = 0;
    {
        glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
        glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
        WindowHandle window{glfwCreateWindow(int(o.width), int(o.height), "Places", nullptr, nullptr)};
        if (!window.window) {
            std::fprintf(stderr, "places view: cannot create a window\n");
            return 1;
        }
        glfwSetWindowUserPointer(window.window, &state);
        installCallbacks(window.window);
        WindowTarget target(instance, window.window, {o.gpu, o.msaa});
        const render::GpuScene gpuScene(target.gpu(), scene.geometry, target.output().materialLayout(),
                                        {o.maxTextureSize});
        KeyboardCamera source(window.window, state);
        FrameLoop loop(scene, gpuScene);
        render::FrameStats lastStats;
        state.overlay = o.overlay;
        int presented = 0, screenshots = 0;
        // The overlay shows the last frame's numbers: this frame's are known
        // only after recording.
        const FrameContentHook overlay = [&](const FrameContext& frame, FrameContent& content) {
            if (!state.overlay) return;
            char text[512];
            std::snprintf(text, sizeof text,
                          "%s camera (Tab)   views 1-%zu   F12 screenshot   F1 hide\n"
                          "draw calls %u   triangles %llu   visible tiles %u   instances %u\n"
                          "frame %.1f ms   gpu %.1f ms   cpu record %.3f ms   %ux%u",
                          state.camera.fly() ? "fly" : "orbit", scene.views.size(), lastStats.drawCalls,
                          static_cast<unsigned long long>(lastStats.triangles), lastStats.visibleTiles,
                          lastStats.visibleInstances, source.frameMilliseconds(),
                          target.output().lastGpuMilliseconds(), lastStats.recordMilliseconds, frame.extent.width,
                          frame.extent.height);
            render::appendOverlayText(content.overlay, text, 12.0f, 12.0f, 1.5f, frame.extent.width,
                                      frame.extent.height);
        };
        for (;;) {
            const bool lastFrame = o.frames > 0 && presented + 1 >= o.frames;
            const bool wantShot = state.screenshotRequested || (lastFrame && !o.screenshot.empty());
            if (wantShot) target.requestScreenshot();
            const std::optional<FrameReport> frame = loop.frame(source, target, overlay);
            if (!frame) break;  // closed
            if (!frame->delivery.delivered) continue;
            const render::FrameStats& stats = frame->delivery.stats;
            ++presented;
            lastStats = stats;
            if (wantShot) {
                state.screenshotRequested = false;
                const std::string path = (lastFrame && !o.screenshot.empty())
                                             ? o.screenshot
                                             : "places-screenshot-" + std::to_string(++screenshots) + ".png";
                const render::RgbaImage& shot = target.screenshot();
                if (shot.pixels.empty() || !render::writePng(path, shot)) {
                    std::fprintf(stderr, "places view: cannot write screenshot %s\n", path.c_str());
                    code = 1;
                } else {
                    std::printf("screenshot %s %ux%u\n", path.c_str(), shot.width, shot.height);
                }
            }
            char title[256];
            std::snprintf(title, sizeof title,
                          "Places - %s | %s | %u draws, %llu triangles, %u tiles | %.1f ms (gpu %.1f ms)",
                          state.camera.fly() ? "fly" : "orbit", o.scene.c_str(), stats.drawCalls,
                          static_cast<unsigned long long>(stats.triangles), stats.visibleTiles,
                          source.frameMilliseconds(), target.output().lastGpuMilliseconds());
            glfwSetWindowTitle(window.window, title);
            if (o.printStats)
                std::printf("frame %d %ux%u: %s\n", presented, target.output().width(), target.output().height(),
                            formatStats(stats, target.output().lastGpuMilliseconds()).c_str());
            if (presented == o.resizeAtFrame)
                glfwSetWindowSize(window.window, int(o.resizeWidth), int(o.resizeHeight));
            if (lastFrame) break;
        }
        target.gpu().queue.waitIdle();
        std::printf("places view: %d frames, %u swapchain builds\n", presented, target.output().rebuilds());
    }
    if (instance.validationLog().count() > 0) {
        std::fprintf(stderr, "places view: %zu validation messages\n", instance.validationLog().count());
        code = 1;
    }
    return code;
}

}  // namespace places::runtime
