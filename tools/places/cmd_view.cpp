// places view SCENE: a desktop window (GLFW + Vulkan swapchain) with orbit and
// fly cameras, named views on the number keys, F12 screenshots, and the frame
// statistics in an overlay, the title bar and on stdout with --stats. A scripted mode
// (--frames, --resize-at, --screenshot) lets tests drive it under Xvfb.
//
// Controls: left drag orbits (orbit mode) or looks around (fly mode); right
// drag pans; wheel zooms; W/A/S/D/Q/E move (fly, shift = fast); Tab switches
// orbit/fly; 1-9 jump to the scene's views; F1 toggles the overlay; F12 writes
// a PNG; Esc quits.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>
#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "commands.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/instance.hpp"
#include "places/render/tile_levels.hpp"
#include "places/render/vk_check.hpp"
#include "places/render/window_renderer.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/render_scene.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

struct ViewOptions {
    std::string scene;
    std::string view;
    std::string size = "1280x720";
    std::string gpu;
    std::string screenshot;   // scripted: written after the last frame
    std::string resizeAt;     // scripted: "K:WxH"
    int frames = 0;           // 0 = until closed
    bool validation = false;
    render::Msaa msaa = render::Msaa::Auto;
    bool stats = false;
    bool overlay = true;
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
};

// Orbit: the eye circles `target` at `distance`; fly: the eye moves freely.
// Both keep a yaw/pitch pose in the local frame (visibility's conventions).
struct CameraControl {
    render::Camera camera;
    glm::dvec3 target{0.0};
    double distance = 100.0;
    bool fly = false;

    glm::dvec3 forward() const { return visibility::forwardFromYawPitch(camera.pose.yawDeg, camera.pose.pitchDeg); }
    void jumpTo(const render::Camera& c) {
        camera = c;
        distance = std::max(20.0, camera.pose.position.y * 1.5);
        target = camera.pose.position + forward() * distance;
    }
    void rotate(double dxPx, double dyPx) {
        camera.pose.yawDeg = std::fmod(camera.pose.yawDeg + dxPx * 0.25 + 360.0, 360.0);
        camera.pose.pitchDeg = std::clamp(camera.pose.pitchDeg - dyPx * 0.25, -89.0, 89.0);
        if (!fly) camera.pose.position = target - forward() * distance;
    }
    void pan(double dxPx, double dyPx) {
        const double yaw = glm::radians(camera.pose.yawDeg);
        const glm::dvec3 right(std::cos(yaw), 0.0, std::sin(yaw));
        const glm::dvec3 ahead(std::sin(yaw), 0.0, -std::cos(yaw));
        const double scale = distance * 0.002;
        const glm::dvec3 move = (-right * dxPx + ahead * dyPx) * scale;
        target += move;
        camera.pose.position += move;
    }
    void zoom(double steps) {
        if (fly) {
            camera.pose.position += forward() * steps * 5.0;
            return;
        }
        distance = std::clamp(distance * std::pow(0.85, steps), 2.0, 20000.0);
        camera.pose.position = target - forward() * distance;
    }
    void move(const glm::dvec3& local, double metres) {  // x right, y up, z forward
        const double yaw = glm::radians(camera.pose.yawDeg);
        const glm::dvec3 right(std::cos(yaw), 0.0, std::sin(yaw));
        const glm::dvec3 step = (right * local.x + glm::dvec3(0, 1, 0) * local.y + forward() * local.z) * metres;
        camera.pose.position += step;
        target += step;
    }
};

struct WindowState {
    CameraControl control;
    const runtime::RenderScene* scene = nullptr;
    double lastX = 0, lastY = 0;
    bool screenshotRequested = false;
    bool overlay = true;
};

struct GlfwSession {
    GlfwSession() {
        if (!glfwInit()) throw render::VulkanError("cannot initialise GLFW", VK_ERROR_INITIALIZATION_FAILED);
    }
    ~GlfwSession() { glfwTerminate(); }
    GlfwSession(const GlfwSession&) = delete;
    GlfwSession& operator=(const GlfwSession&) = delete;
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
        if (key == GLFW_KEY_TAB) s.control.fly = !s.control.fly;
        if (key == GLFW_KEY_F12) s.screenshotRequested = true;
        if (key == GLFW_KEY_F1) s.overlay = !s.overlay;
        if (key >= GLFW_KEY_1 && key <= GLFW_KEY_9) {
            const auto index = static_cast<std::size_t>(key - GLFW_KEY_1);
            if (index < s.scene->views.size()) s.control.jumpTo(s.scene->views[index].camera);
        }
    });
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double x, double y) {
        auto& s = *static_cast<WindowState*>(glfwGetWindowUserPointer(w));
        const double dx = x - s.lastX, dy = y - s.lastY;
        s.lastX = x;
        s.lastY = y;
        if (glfwGetMouseButton(w, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS) s.control.rotate(dx, dy);
        if (glfwGetMouseButton(w, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS) s.control.pan(dx, dy);
    });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double dy) {
        static_cast<WindowState*>(glfwGetWindowUserPointer(w))->control.zoom(dy);
    });
}

void moveWithKeys(GLFWwindow* window, CameraControl& control, double seconds) {
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
    control.move(glm::normalize(d), speed * seconds);
}

int runView(const ViewOptions& o) {
    std::uint32_t width = 0, height = 0;
    if (!parseSize(o.size, width, height)) {
        std::fprintf(stderr, "places view: --size must be WIDTHxHEIGHT, got '%s'\n", o.size.c_str());
        return 2;
    }
    int resizeFrame = -1;
    std::uint32_t resizeWidth = 0, resizeHeight = 0;
    if (!o.resizeAt.empty()) {
        const auto colon = o.resizeAt.find(':');
        if (colon == std::string::npos || !parseSize(o.resizeAt.substr(colon + 1), resizeWidth, resizeHeight)) {
            std::fprintf(stderr, "places view: --resize-at must be FRAME:WIDTHxHEIGHT, got '%s'\n", o.resizeAt.c_str());
            return 2;
        }
        resizeFrame = std::atoi(o.resizeAt.substr(0, colon).c_str());
    }
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
        std::fprintf(stderr, "places view: no display (DISPLAY is not set); use 'places render' for images "
                             "without a display, or run under xvfb-run\n");
        return 1;
    }
    Result<runtime::RenderScene> loaded = runtime::loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    const runtime::RenderScene& scene = *loaded.value;
    WindowState state;
    state.scene = &scene;
    state.control.jumpTo(scene.views.front().camera);
    if (!o.view.empty()) {
        const runtime::NamedView* v = runtime::findView(scene, o.view);
        if (!v) {
            std::fprintf(stderr, "places view: no view '%s'; views: %s\n", o.view.c_str(), runtime::viewNames(scene).c_str());
            return 2;
        }
        state.control.jumpTo(v->camera);
    }

    GlfwSession glfw;
    if (!glfwVulkanSupported()) {
        std::fprintf(stderr, "places view: GLFW finds no Vulkan loader\n");
        return 1;
    }
    render::InstanceCreateInfo instanceInfo;
    instanceInfo.validation = o.validation;
    std::uint32_t extensionCount = 0;
    const char** extensions = glfwGetRequiredInstanceExtensions(&extensionCount);
    instanceInfo.extensions.assign(extensions, extensions + extensionCount);
    render::Instance instance(instanceInfo);
    int code = 0;
    {
        glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
        glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
        WindowHandle window{glfwCreateWindow(int(width), int(height), "Places", nullptr, nullptr)};
        if (!window.window) {
            std::fprintf(stderr, "places view: cannot create a window\n");
            return 1;
        }
        glfwSetWindowUserPointer(window.window, &state);
        installCallbacks(window.window);
        VkSurfaceKHR rawSurface = VK_NULL_HANDLE;
        PLACES_VK_CHECK(glfwCreateWindowSurface(instance.handle(), window.window, nullptr, &rawSurface));
        const render::Surface surface(instance.handle(), rawSurface);
        render::Gpu gpu(instance, {o.gpu, surface.handle()});
        int fbWidth = 0, fbHeight = 0;
        glfwGetFramebufferSize(window.window, &fbWidth, &fbHeight);
        render::WindowRenderer output(gpu, surface.handle(), std::uint32_t(fbWidth), std::uint32_t(fbHeight),
                                     o.msaa);
        const render::GpuScene gpuScene(gpu, scene.geometry, output.materialLayout(), {o.maxTextureSize});
        visibility::Selection selection;
        std::vector<render::TileLevelRef> tiles;
        std::vector<render::OverlayVertex> overlay;
        render::FrameStats lastStats;
        state.overlay = o.overlay;
        int presented = 0, screenshots = 0;
        auto last = std::chrono::steady_clock::now();
        double frameMs = 0.0;
        while (!glfwWindowShouldClose(window.window)) {
            glfwPollEvents();
            glfwGetFramebufferSize(window.window, &fbWidth, &fbHeight);
            if (fbWidth == 0 || fbHeight == 0) {  // minimised: sleep until something happens
                glfwWaitEvents();
                continue;
            }
            const auto now = std::chrono::steady_clock::now();
            const double seconds = std::chrono::duration<double>(now - last).count();
            last = now;
            frameMs = 0.9 * frameMs + 0.1 * seconds * 1000.0;
            moveWithKeys(window.window, state.control, std::min(seconds, 0.1));

            const bool lastFrame = o.frames > 0 && presented + 1 >= o.frames;
            const bool wantShot = state.screenshotRequested || (lastFrame && !o.screenshot.empty());
            const auto views = render::monoViews(state.control.camera, double(fbWidth) / double(fbHeight));
            render::chooseTileLevels(scene.geometry.tileNodes, views, double(fbHeight), selection, tiles);
            overlay.clear();
            if (state.overlay) {
                // Last frame's numbers: this frame's are known only after recording.
                char text[512];
                std::snprintf(text, sizeof text,
                              "%s camera (Tab)   views 1-%zu   F12 screenshot   F1 hide\n"
                              "draw calls %u   triangles %llu   visible tiles %u   instances %u\n"
                              "frame %.1f ms   gpu %.1f ms   cpu record %.3f ms   %ux%u",
                              state.control.fly ? "fly" : "orbit", scene.views.size(), lastStats.drawCalls,
                              static_cast<unsigned long long>(lastStats.triangles), lastStats.visibleTiles,
                              lastStats.visibleInstances, frameMs, output.lastGpuMilliseconds(),
                              lastStats.recordMilliseconds, unsigned(fbWidth), unsigned(fbHeight));
                render::appendOverlayText(overlay, text, 12.0f, 12.0f, 1.5f, std::uint32_t(fbWidth),
                                          std::uint32_t(fbHeight));
            }
            render::FrameStats stats;
            render::RgbaImage shot;
            const render::FrameOutcome outcome =
                output.frame(std::uint32_t(fbWidth), std::uint32_t(fbHeight),
                             {.scene = gpuScene, .views = views, .lighting = scene.lighting, .tiles = tiles,
                              .overlay = overlay},
                             stats, wantShot ? &shot : nullptr);
            if (outcome != render::FrameOutcome::Presented) continue;
            ++presented;
            lastStats = stats;
            if (wantShot) {
                state.screenshotRequested = false;
                const std::string path = (lastFrame && !o.screenshot.empty())
                                             ? o.screenshot
                                             : "places-screenshot-" + std::to_string(++screenshots) + ".png";
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
                          state.control.fly ? "fly" : "orbit", o.scene.c_str(), stats.drawCalls,
                          static_cast<unsigned long long>(stats.triangles), stats.visibleTiles, frameMs,
                          output.lastGpuMilliseconds());
            glfwSetWindowTitle(window.window, title);
            if (o.stats) std::printf("frame %d %ux%u: %s\n", presented, output.width(), output.height(),
                                     runtime::formatStats(stats, output.lastGpuMilliseconds()).c_str());
            if (presented == resizeFrame) glfwSetWindowSize(window.window, int(resizeWidth), int(resizeHeight));
            if (lastFrame) break;
        }
        gpu.queue.waitIdle();
        std::printf("places view: %d frames, %u swapchain builds\n", presented, output.rebuilds());
    }
    if (instance.validationLog().count() > 0) {
        std::fprintf(stderr, "places view: %zu validation messages\n", instance.validationLog().count());
        code = 1;
    }
    return code;
}

}  // namespace

void addViewCommand(CLI::App& app) {
    auto options = std::make_shared<ViewOptions>();
    CLI::App* cmd = app.add_subcommand("view", "Open a scene in a desktop window (orbit/fly, views on 1-9, F12 PNG)");
    cmd->add_option("scene", options->scene, "Scene file (JSON), city pack, CityGML or CityJSON file, or 'demo:'")
        ->required();
    cmd->add_option("--view", options->view, "Start at this named view");
    cmd->add_option("--size", options->size, "Window size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("--gpu", options->gpu, "Use the device whose name contains this text");
    addMaxTextureSizeOption(*cmd, options->maxTextureSize);
    cmd->add_option("--frames", options->frames, "Exit after this many presented frames (scripted runs)");
    cmd->add_option("--screenshot", options->screenshot, "Write the last frame to this PNG (with --frames)");
    cmd->add_option("--resize-at", options->resizeAt, "FRAME:WIDTHxHEIGHT: resize the window after that frame");
    cmd->add_flag("--stats", options->stats, "Print each frame's statistics");
    cmd->add_flag("!--no-overlay", options->overlay, "Start without the statistics overlay (F1 toggles it)");
    cmd->add_flag("--validation", options->validation, "Vulkan validation layer; any message fails (exit 1)");
    addMsaaOption(*cmd, options->msaa);
    setRenderCommandCallback(*cmd, "view", [options] { return runView(*options); });
}

}  // namespace places::cli
