// places_xr against the simulated runtime through the real OpenXR loader, with
// the OpenXR core validation layer (messages to a file per test) and the Vulkan
// validation layer (render::Instance's messenger) on. The eyes are cleared to
// known colours, so the captured PNGs prove what reached the "display".
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>

#include "places/render/rgba_image.hpp"
#include "places/render/vk_check.hpp"
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/xr_actions.hpp"
#include "places/xr/xr_check.hpp"
#include "places/xr/xr_session.hpp"
#include "places/xr/xr_system.hpp"

using namespace places;
using namespace places::xr;

namespace {

namespace fs = std::filesystem;

fs::path outputDir(const std::string& name) {
    fs::path dir = fs::path(PLACES_BINARY_DIR) / "xr-test-output" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Points the simulated runtime and the core validation layer at this test's files.
// The pinned driver and the build's manifest are set here, not only by CTest:
// places_add_test's ENVIRONMENT reaches catch_discover_tests as separate
// property arguments, so only its first variable arrives.
void configure(const fs::path& dir, const std::string& configJson) {
    setenv("VK_DRIVER_FILES", "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json", 1);
    setenv("XR_RUNTIME_JSON", PLACES_XR_SIM_MANIFEST, 1);
    std::ofstream(dir / "config.json") << configJson;
    setenv("PLACES_XR_SIM_CONFIG", (dir / "config.json").c_str(), 1);
    setenv("XR_ENABLE_API_LAYERS", "XR_APILAYER_LUNARG_core_validation", 1);
    setenv("XR_CORE_VALIDATION_EXPORT_TYPE", "text", 1);
    setenv("XR_CORE_VALIDATION_FILE_NAME", (dir / "xr-validation.txt").c_str(), 1);
}

std::string xrValidationMessages(const fs::path& dir) {
    return fs::exists(dir / "xr-validation.txt") ? readText(dir / "xr-validation.txt") : std::string();
}

// Clears one eye's layer of a colour image with vkCmdClearColorImage.
void clearEye(VkCommandBuffer cmd, const EyeTarget& target, VkClearColorValue color) {
    recordEyeTransferWrite(cmd, target, [&](const VkImageSubresourceRange& range) {
        vkCmdClearColorImage(cmd, target.color, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &color, 1, &range);
    });
}

struct RunOptions {
    SwapchainLayout layout = SwapchainLayout::ArrayLayers;
    int maxLoops = 2000;  // a bound, in case the runtime never ends the session
    // Changes both views' depth infos before xrEndFrame (a misbehaving app).
    std::function<void(XrCompositionLayerDepthInfoKHR&)> spoilDepth;
};

struct RunResult {
    SessionFlow flow;
    std::uint64_t framesSubmitted = 0;
    std::uint64_t framesRendered = 0;
    bool sawFocused = false;
    bool depthLayer = false;
    std::size_t vulkanValidationMessages = 0;
    int teleportPresses = 0;
    int menuPresses = 0;
    float minTurnX = 0.0f, maxTurnX = 0.0f;
    bool handsTracked = false;
    XrPosef rightHand{};
    float maxMoveY = 0.0f;       // the left stick (smooth locomotion)
    bool aimTracked = false;
    XrPosef rightAim{};
};

// The app's whole life: system, Vulkan through the runtime, session, swapchains,
// actions, then the event/frame loop until the runtime says EXITING or LOSS_PENDING.
RunResult runSession(const RunOptions& options) {
    RunResult out;
    XrSystem system(XrSystemCreateInfo{});
    out.depthLayer = system.depthLayerEnabled();
    render::Instance vkInstance(system.vulkanInstanceInfo(/*validation=*/true));
    render::Device device(vkInstance, system.vulkanDeviceInfo(vkInstance.handle()));
    {
        Session session(system, device);
        EyeSwapchains eyes(session, device,
                           {options.layout, system.depthLayerEnabled(), XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT});
        Actions actions(system, session);

        VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
        poolInfo.queueFamilyIndex = device.graphicsFamily();
        VkCommandPool pool = VK_NULL_HANDLE;
        PLACES_VK_CHECK(vkCreateCommandPool(device.handle(), &poolInfo, nullptr, &pool));
        // Destroyed on every way out, a runtime's refusal (XrError) included.
        struct PoolGuard {
            VkDevice device;
            VkCommandPool pool;
            ~PoolGuard() { vkDestroyCommandPool(device, pool, nullptr); }
        } poolGuard{device.handle(), pool};
        VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        alloc.commandPool = pool;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        PLACES_VK_CHECK(vkAllocateCommandBuffers(device.handle(), &alloc, &cmd));

        for (int loop = 0; loop < options.maxLoops; ++loop) {
            const SessionFlow& flow = session.pollEvents();
            out.sawFocused = out.sawFocused || flow.state == XR_SESSION_STATE_FOCUSED;
            if (flow.exit) break;
            if (!flow.running) continue;
            FrameTiming timing = session.beginFrame();
            ControllerState controls = actions.sync(session, timing.predictedDisplayTime);
            out.teleportPresses += controls.teleportPressed ? 1 : 0;
            out.menuPresses += controls.menuPressed ? 1 : 0;
            out.minTurnX = std::min(out.minTurnX, controls.turnX);
            out.maxTurnX = std::max(out.maxTurnX, controls.turnX);
            out.maxMoveY = std::max(out.maxMoveY, controls.moveY);
            if (controls.aimTracked) {
                out.aimTracked = true;
                out.rightAim = controls.aimPose;
            }
            if (controls.handTracked[1]) {
                out.handsTracked = true;
                out.rightHand = controls.handPose[1];
            }
            std::vector<const XrCompositionLayerBaseHeader*> layers;
            if (timing.shouldRender && timing.viewsValid) {
                auto targets = eyes.acquire();
                VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
                begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
                PLACES_VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
                clearEye(cmd, targets[0], {{1.0f, 0.0f, 0.0f, 1.0f}});  // left red
                clearEye(cmd, targets[1], {{0.0f, 1.0f, 0.0f, 1.0f}});  // right green
                PLACES_VK_CHECK(vkEndCommandBuffer(cmd));
                VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
                submit.commandBufferCount = 1;
                submit.pCommandBuffers = &cmd;
                PLACES_VK_CHECK(vkQueueSubmit(device.graphicsQueue(), 1, &submit, VK_NULL_HANDLE));
                PLACES_VK_CHECK(vkQueueWaitIdle(device.graphicsQueue()));
                eyes.release();
                const XrCompositionLayerProjection& layer =
                    eyes.projectionLayer(timing, session.playSpace(), 0.05f, INFINITY);
                layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(&layer));
                if (options.spoilDepth)
                    for (std::uint32_t v = 0; v < layer.viewCount; ++v)
                        if (layer.views[v].next)  // the depth info EyeSwapchains chained, ours to break
                            options.spoilDepth(*static_cast<XrCompositionLayerDepthInfoKHR*>(
                                const_cast<void*>(layer.views[v].next)));
                ++out.framesRendered;
            }
            session.endFrame(timing, layers);
        }
        out.flow = session.flow();
        out.framesSubmitted = session.framesSubmitted();
    }
    out.vulkanValidationMessages = vkInstance.validationLog().count();
    return out;
}

void checkEyeColours(const fs::path& png, std::uint8_t r, std::uint8_t g) {
    render::RgbaImage image = render::readPng(png.string());
    REQUIRE(image.width == 160);
    REQUIRE(image.height == 128);
    const std::size_t centre = (std::size_t{image.height / 2} * image.width + image.width / 2) * 4;
    CHECK(image.pixels[centre] == r);
    CHECK(image.pixels[centre + 1] == g);
    CHECK(image.pixels[centre + 2] == 0);
}

const char* kBaseConfig = R"("refresh_hz": 120, "eye_size": [160, 128], "exit_at_frame": 40)";

}  // namespace

// A 40-frame session that captures frame 30: the eyes must show their clear
// colours and neither validation layer may have said anything.
RunResult runCaptured(const std::string& name, SwapchainLayout layout) {
    const fs::path dir = outputDir(name);
    configure(dir, std::string("{") + kBaseConfig + R"(, "capture": {"directory": ")" + (dir / "eyes").string() +
                       R"(", "frames": [30]}})");
    RunResult run = runSession({layout});
    CHECK(run.vulkanValidationMessages == 0);
    CHECK(xrValidationMessages(dir).empty());
    checkEyeColours(dir / "eyes" / "frame-30-left.png", 255, 0);
    checkEyeColours(dir / "eyes" / "frame-30-right.png", 0, 255);
    return run;
}

TEST_CASE("xr session: full lifecycle on the simulated headset, zero validation messages") {
    RunResult run = runCaptured("lifecycle", SwapchainLayout::ArrayLayers);
    CHECK(run.sawFocused);
    CHECK(run.flow.exit);
    CHECK_FALSE(run.flow.lost);
    CHECK(run.flow.state == XR_SESSION_STATE_EXITING);
    CHECK(run.framesSubmitted == 40);  // every frame the runtime paced, rendered or not
    CHECK(run.framesRendered >= 35);
    CHECK(run.depthLayer);
    CHECK(run.handsTracked);
}

TEST_CASE("xr session: per-eye swapchain fallback shows the same eyes") {
    RunResult run = runCaptured("per-eye", SwapchainLayout::PerEye);
    CHECK(run.framesSubmitted == 40);
}

TEST_CASE("xr session: a runtime without the depth extension runs without depth layers") {
    const fs::path dir = outputDir("no-depth");
    configure(dir, std::string("{") + kBaseConfig + R"(, "depth_extension": false})");
    RunResult run = runSession({});
    CHECK_FALSE(run.depthLayer);
    CHECK(run.sawFocused);
    CHECK(run.framesSubmitted == 40);
    CHECK(run.vulkanValidationMessages == 0);
    CHECK(xrValidationMessages(dir).empty());
}

TEST_CASE("xr session: LOSS_PENDING ends the loop as a loss, cleanly") {
    const fs::path dir = outputDir("loss");
    configure(dir, R"({"refresh_hz": 120, "eye_size": [160, 128], "loss_at_frame": 12})");
    RunResult run = runSession({});
    CHECK(run.flow.exit);
    CHECK(run.flow.lost);
    CHECK(run.flow.state == XR_SESSION_STATE_LOSS_PENDING);
    CHECK(run.framesSubmitted == 11);  // frame 12's wait reported the loss
    CHECK(run.vulkanValidationMessages == 0);
    CHECK(xrValidationMessages(dir).empty());
}

TEST_CASE("xr session: scripted presses reach the actions of the touch controller profile") {
    const fs::path dir = outputDir("input");
    configure(dir, std::string("{") + kBaseConfig + R"(,
        "hands": {"right": [{"frame": 1, "position": [0.25, 1.1, -0.4]}]},
        "inputs": [{"frame": 10, "path": "/user/hand/right/input/trigger/value", "value": 0.9},
                   {"frame": 14, "path": "/user/hand/right/input/trigger/value", "value": 0.0},
                   {"frame": 20, "path": "/user/hand/right/input/trigger/value", "value": 1.0},
                   {"frame": 22, "path": "/user/hand/right/input/trigger/value", "value": 0.2},
                   {"frame": 16, "path": "/user/hand/right/input/thumbstick", "value": [-0.8, 0.1]},
                   {"frame": 18, "path": "/user/hand/right/input/thumbstick", "value": [0.0, 0.0]},
                   {"frame": 12, "path": "/user/hand/left/input/thumbstick", "value": [0.1, 0.7]},
                   {"frame": 25, "path": "/user/hand/left/input/menu/click", "value": 1}]})");
    RunResult run = runSession({});
    CHECK(run.teleportPresses == 2);
    CHECK(run.menuPresses == 1);
    CHECK(run.minTurnX == Approx(-0.8f));
    CHECK(run.maxTurnX == 0.0f);
    CHECK(run.rightHand.position.x == Approx(0.25f));
    CHECK(run.rightHand.position.y == Approx(1.1f));
    CHECK(run.maxMoveY == Approx(0.7f));
    CHECK(run.aimTracked);  // the simulated hand's aim pose is its grip pose
    CHECK(run.rightAim.position.z == Approx(-0.4f));
    CHECK(xrValidationMessages(dir).empty());
}

// Issue 9's four profiles: the runtime picks each in turn, and a press on that
// controller's teleport, menu and turn components (OpenXR 1.0 spec, 6.4) must
// reach the actions through the bindings Actions suggested for it.
TEST_CASE("xr session: teleport, menu and turn reach the actions on each suggested controller profile") {
    struct Case {
        const char* profile;
        const char* teleport;
        const char* menu;
        const char* turn;  // nullptr: the simple controller has no stick
    };
    const Case cases[] = {
        {"khr/simple_controller", "/user/hand/right/input/select/click", "/user/hand/left/input/menu/click", nullptr},
        {"oculus/touch_controller", "/user/hand/right/input/trigger/value", "/user/hand/left/input/menu/click",
         "/user/hand/right/input/thumbstick"},
        {"valve/index_controller", "/user/hand/right/input/trigger/click", "/user/hand/left/input/b/click",
         "/user/hand/right/input/thumbstick"},
        {"htc/vive_controller", "/user/hand/right/input/trigger/click", "/user/hand/left/input/menu/click",
         "/user/hand/right/input/trackpad"},
    };
    for (const Case& c : cases) {
        INFO(c.profile);
        const fs::path dir = outputDir(std::string("profile-") + c.profile);
        std::string config = std::string("{") + kBaseConfig + R"(, "interaction_profile": "/interaction_profiles/)" +
                             c.profile + R"(", "inputs": [)";
        config += std::string(R"({"frame": 10, "path": ")") + c.teleport + R"(", "value": 1},)";
        config += std::string(R"({"frame": 13, "path": ")") + c.teleport + R"(", "value": 0},)";
        config += std::string(R"({"frame": 20, "path": ")") + c.menu + R"(", "value": 1})";
        if (c.turn) config += std::string(R"(, {"frame": 16, "path": ")") + c.turn + R"(", "value": [0.9, 0.0]})";
        config += "]}";
        configure(dir, config);
        RunResult run = runSession({});
        CHECK(run.teleportPresses == 1);
        CHECK(run.menuPresses == 1);
        CHECK(run.maxTurnX == Approx(c.turn ? 0.9f : 0.0f));
        CHECK(xrValidationMessages(dir).empty());
    }
}

TEST_CASE("xr session: clear messages without a headset or without a runtime") {
    const fs::path dir = outputDir("no-headset");
    configure(dir, R"({"headset_present": false})");
    try {
        XrSystem system(XrSystemCreateInfo{});
        FAIL("XrSystem should have thrown");
    } catch (const XrSetupError& e) {
        CHECK(std::string(e.what()).find("no headset connected") != std::string::npos);
    }

    setenv("XR_RUNTIME_JSON", (dir / "no-such-runtime.json").c_str(), 1);
    try {
        XrSystem system(XrSystemCreateInfo{});
        FAIL("XrSystem should have thrown");
    } catch (const XrSetupError& e) {
        CHECK(std::string(e.what()).find("no OpenXR runtime found") != std::string::npos);
    }
}

TEST_CASE("xr session: the core validation layer does report misuse (the zero checks can fail)") {
    const fs::path dir = outputDir("validation-control");
    configure(dir, "{}");
    {
        XrSystem system(XrSystemCreateInfo{});
        // A structure with the wrong type: the layer must write a message.
        XrSystemProperties wrong{XR_TYPE_INSTANCE_PROPERTIES};
        CHECK(XR_FAILED(xrGetSystemProperties(system.instance(), system.systemId(), &wrong)));
    }
    CHECK_FALSE(xrValidationMessages(dir).empty());
}

TEST_CASE("xr session: the simulated runtime refuses a bad depth layer (its depth checks can fail)") {
    const fs::path dir = outputDir("bad-depth");
    configure(dir, std::string("{") + kBaseConfig + "}");
    auto endFrameError = [](std::function<void(XrCompositionLayerDepthInfoKHR&)> spoil) {
        try {
            runSession({SwapchainLayout::ArrayLayers, 2000, std::move(spoil)});
        } catch (const XrError& e) {
            return e.result();
        }
        return XR_SUCCESS;
    };
    CHECK(endFrameError([](XrCompositionLayerDepthInfoKHR& d) { d.farZ = d.nearZ; }) == XR_ERROR_VALIDATION_FAILURE);
    CHECK(endFrameError([](XrCompositionLayerDepthInfoKHR& d) { d.minDepth = 1.0f; }) == XR_ERROR_VALIDATION_FAILURE);
    CHECK(endFrameError([](XrCompositionLayerDepthInfoKHR& d) { d.subImage.imageRect.extent.width /= 2; }) ==
          XR_ERROR_SWAPCHAIN_RECT_INVALID);
    CHECK(endFrameError([](XrCompositionLayerDepthInfoKHR& d) { d.nearZ = std::nanf(""); }) ==
          XR_ERROR_VALIDATION_FAILURE);
    // The same run unspoilt: accepted.
    CHECK(endFrameError({}) == XR_SUCCESS);
}
