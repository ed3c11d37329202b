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
#include "places/runtime/venue_arrival.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/portal_walk.hpp"
#include "places/runtime/standing_room.hpp"
#include "places/runtime/venue_layer.hpp"
#include "places/runtime/view_start.hpp"
#include "places/runtime/window_target.hpp"
#include "places/render/font_atlas.hpp"
#include "places/net/transport.hpp"

namespace places::runtime {

namespace {

// What the GLFW callbacks change (reached through the window's user pointer).
struct WindowState {
    DesktopCamera camera;
    const RenderScene* scene = nullptr;
    double lastX = 0, lastY = 0;
    bool screenshotRequested = false;
    bool overlay = true;
    VenueLayer* venue = nullptr;  // joined to a relay
    ui::Panel* panel = nullptr;
    bool spectator = false;
};

bool panelHasKeyboard(const WindowState& s) { return s.panel && s.panel->wantsKeyboard(); }
bool panelHasPointer(const WindowState& s) { return s.panel && s.panel->wantsPointer(); }

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
        if (key == GLFW_KEY_F1) {
            if (s.panel) s.panel->setVisible(!s.panel->visible());
            else s.overlay = !s.overlay;
        }
        if (key == GLFW_KEY_F12) s.screenshotRequested = true;
        if (panelHasKeyboard(s)) return;  // typing in the chat field
        if (key == GLFW_KEY_ESCAPE) glfwSetWindowShouldClose(w, GLFW_TRUE);
        if (s.venue) {
            if (key == GLFW_KEY_TAB && s.spectator) s.venue->followNext();
            if (key == GLFW_KEY_M && !s.spectator) s.venue->setMicrophoneMuted(!s.venue->microphoneMuted());
            if (key == GLFW_KEY_V && s.spectator) {
                s.venue->follow("");
                s.camera.toggleFly();
            }
            if (s.camera.walking()) return;  // a visitor walks; views are for spectators
        } else if (key == GLFW_KEY_TAB) {
            s.camera.toggleFly();
        }
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
        if (panelHasPointer(s)) return;
        if (glfwGetMouseButton(w, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS) s.camera.rotate(dx, dy);
        if (glfwGetMouseButton(w, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS) s.camera.pan(dx, dy);
    });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double dy) {
        auto& s = *static_cast<WindowState*>(glfwGetWindowUserPointer(w));
        if (!panelHasPointer(s)) s.camera.zoom(dy);
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
    // Metres per second: walking pace (running with shift) for a visitor on foot.
    const double speed = camera.walking() ? (down(GLFW_KEY_LEFT_SHIFT) ? 4.0 : 1.4)
                                          : (down(GLFW_KEY_LEFT_SHIFT) ? 60.0 : 12.0);
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
        if (!panelHasKeyboard(state_)) moveWithKeys(window_, state_.camera, std::min(seconds, 0.1));
        state_.camera.settle(seconds);
        return state_.camera.views(extent);
    }

private:
    GLFWwindow* window_;
    WindowState& state_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
    double frameMs_ = 0.0;
};

// A visitor on foot in `scene`: on its terrain where it has one (the eye
// follows the ground), else on its ground's level, and kept out of its props
// and buildings. Called again after a portal: the old scene's ground would
// be wrong in the new one.
void walkIn(DesktopCamera& camera, const RenderScene& scene) {
    camera.walk(groundHeight(scene) + kEyeHeightM);
    WalkSettings walk;
    walk.eyeHeightM = kEyeHeightM;
    GroundAt ground;
    if (scene.ground && !scene.ground->empty())
        ground = [terrain = scene.ground](double x, double z) { return terrain->heightAt(x, z); };
    camera.walkOnGround(std::move(ground), walk);
    camera.keepClear([&geometry = scene.geometry](const glm::dvec3& feet) {
        return obstructionAt(geometry, feet).has_value();
    });
}

}  // namespace

std::string visitorHelp() {
    return "W/A/S/D walk (shift runs), drag to look, M microphone on/off, F1 panel, F12 screenshot, Esc quit";
}

std::string spectatorHelp() {
    return "drag orbit/look, right-drag pan, wheel zoom, W/A/S/D/Q/E fly, V orbit/fly, Tab follow next visitor, "
           "1-9 views, F1 panel, F12 screenshot, Esc quit";
}

int runDesktopView(const DesktopViewSettings& o) {
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
        std::fprintf(stderr, "places view: no display (DISPLAY is not set); use 'places render' for images "
                             "without a display, or run under xvfb-run\n");
        return 1;
    }
    Result<RenderScene> loaded = loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    RenderScene& scene = *loaded.value;
    render::AvatarModels avatarModels = render::addAvatarModels(scene.geometry);
    const net::SteadyClock clock;
    std::unique_ptr<VenueClient> client;
    if (!o.join.relay.empty() && !(client = joinVenueOrReport(o.join, scene, clock, "places view"))) return 2;
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
    state.spectator = client && !client->hasAvatar();
    if (client && client->hasAvatar()) {
        state.camera.jumpTo(arrivalSpot(scene, o.view, client->client().welcome()->you));
        walkIn(state.camera, scene);
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
        std::unique_ptr<ui::Panel> panel;
        std::optional<VenueLayer> venue;
        std::shared_ptr<const render::FontAtlas> font;
        if (client || scene.signFont) {  // name tags, signs
            font = sharedDefaultFont();
            if (!font) return 1;
        }
        if (client) {
            panel = std::make_unique<ui::Panel>();
            panel->attachWindow(window.window);  // after ours: ImGui chains to our callbacks
            panel->setVisible(o.overlay);
            venue.emplace(*client, avatarModels, panel.get());
            venue->setPortals(o.scene, scene);
            if (!o.follow.empty()) venue->follow(o.follow);
            venue->enableVoice(o.voice, "places view");
            state.panel = panel.get();
            state.venue = &*venue;
        }
        WindowTarget target(instance, window.window, {o.gpu, o.msaa, font, panel ? &panel->fontAtlas() : nullptr, o.shadows});
        std::optional<render::GpuScene> gpuScene;
        gpuScene.emplace(target.gpu(), scene.geometry, target.output().materialLayout(),
                         render::GpuSceneOptions{o.maxTextureSize});
        KeyboardCamera source(window.window, state);
        std::optional<FrameLoop> loop;
        loop.emplace(scene, *gpuScene);
        loop->setEventClock(o.clock);
        std::string sceneFile = o.scene;
        VenueStage stage{sceneFile, scene, avatarModels, gpuScene, loop, target.gpu(),
                         target.output().materialLayout(), render::GpuSceneOptions{o.maxTextureSize},
                         o.clock, {}, false};
        render::FrameStats lastStats;
        state.overlay = o.overlay;
        int presented = 0, screenshots = 0;
        // The overlay shows the last frame's numbers: this frame's are known
        // only after recording.
        const auto began = std::chrono::steady_clock::now();
        std::size_t said = 0;
        const FrameContentHook overlay = [&](const FrameContext& frame, FrameContent& content) {
            if (venue) {
                char status[200];
                std::snprintf(status, sizeof status, "%u draws, %llu triangles, %.1f ms%s", lastStats.drawCalls,
                              static_cast<unsigned long long>(lastStats.triangles), source.frameMilliseconds(),
                              !venue->voice()                ? ", voice off"
                              : venue->microphoneMuted()     ? ", microphone off (M)"
                              : venue->voice()->selfSpeaking() ? ", you are speaking"
                                                               : "");
                venue->addContent(*frame.views, frame.extent, source.frameMilliseconds() / 1000.0, status,
                                  state.spectator ? spectatorHelp() : visitorHelp(), panel->visible(), content);
                return;
            }
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
            if (venue) {
                const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
                while (said < o.say.size() && t >= double(said)) panel->typeChat(o.say[said++]);
                if (const auto key = talkKeyCode(o.voice.pushToTalkKey); venue->voice() && key)
                    venue->voice()->setTalkKeyHeld(glfwGetKey(window.window, *key) == GLFW_PRESS);
                venue->update(state.camera.camera(), t);
                // A portal moved this visitor: the other venue's scene replaces
                // this one (or, when it does not load, the visitor stays here).
                if (const auto moved = followArrival(*venue, stage, "places view");
                    moved && moved->kind == ArrivalOutcome::Kind::Arrived) {
                    state.camera.jumpTo(moved->camera);
                    walkIn(state.camera, scene);
                }
                if (const auto c = venue->followCamera()) state.camera.jumpTo(*c);
            }
            const std::optional<FrameReport> frame = loop->frame(source, target, overlay);
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
                Diagnostics written;
                if (shot.pixels.empty())
                    written.error({path}, "no picture to write: the frame was not read back");
                else
                    render::writePng(path, shot, written);
                if (written.hasErrors()) {
                    std::fprintf(stderr, "places view: screenshot: %s\n", written.firstError().c_str());
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
        if (client) client->leave();
        std::printf("places view: %d frames, %u swapchain builds\n", presented, target.output().rebuilds());
    }
    if (instance.validationLog().count() > 0) {
        std::fprintf(stderr, "places view: %zu validation messages\n", instance.validationLog().count());
        code = 1;
    }
    return code;
}

}  // namespace places::runtime
