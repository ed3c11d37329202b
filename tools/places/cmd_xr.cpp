// places xr SCENE: the scene in a headset through OpenXR (still a first
// version: rendered by the headless renderer, both eyes blitted on the GPU into
// the runtime's 2-layer (or per-eye) swapchains in the same submission, the
// depth copied into depth swapchains for XR_KHR_composition_layer_depth, no
// read-back; eye_delivery.hpp says why a blit). --simulated uses the simulated headset built with Places.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "cmd_xr.hpp"
#include "commands.hpp"
#include "places/core/atomic_write.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/render/tile_levels.hpp"
#include "places/render/vk_check.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/xr/eye_delivery.hpp"
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/locomotion.hpp"
#include "places/xr/locomotion_draw.hpp"
#include "places/xr/locomotion_input.hpp"
#include "places/xr/scene_ground.hpp"
#include "places/xr/stage_anchor.hpp"
#include "places/xr/xr_actions.hpp"
#include "places/xr/xr_check.hpp"
#include "places/xr/xr_session.hpp"
#include "places/xr/xr_system.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

struct XrOptions {
    std::string scene;
    std::string view;
    bool simulated = false;
    std::uint64_t frames = 0;  // 0 = until the runtime ends the session
    bool validation = false;
    render::StereoPath stereoPath = render::StereoPath::Auto;
    xr::SwapchainLayout swapchains = xr::SwapchainLayout::ArrayLayers;
    xr::LocomotionSettings locomotion;
    std::string summary;  // --summary FILE: where the visitor ended up (JSON)
};

constexpr double kStandingEyeHeight = 1.6;  // metres: where the stage's floor goes below the view's eye
constexpr double kNearPlane = 0.05;

// The simulated headset's manifest, which the build writes next to its runtime.
void useSimulatedRuntime() {
    setenv("XR_RUNTIME_JSON", PLACES_XR_SIM_MANIFEST, 1);
}

int runXr(const XrOptions& o) {
    if (o.simulated) useSimulatedRuntime();
    Result<runtime::RenderScene> loaded = runtime::loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    runtime::RenderScene& scene = *loaded.value;
    const runtime::NamedView* named = o.view.empty() ? &scene.views.front() : runtime::findView(scene, o.view);
    if (!named) {
        std::fprintf(stderr, "places xr: no view '%s' in %s; views: %s\n", o.view.c_str(), o.scene.c_str(),
                     runtime::viewNames(scene).c_str());
        return 2;
    }
    const xr::StageAnchor stage =
        xr::StageAnchor::underEye(named->camera.pose.position, named->camera.pose.yawDeg, kStandingEyeHeight);
    // Locomotion: the ground it may land on, its arc and marker models (added before the upload).
    const xr::SceneGround ground(xr::sceneTriangles(scene.geometry), scene.lighting.groundHeightM);
    const xr::LocomotionModels locomotionModels = xr::addLocomotionModels(scene.geometry);
    xr::Locomotion locomotion(o.locomotion, stage, ground);
    const std::string menuText = (scene.title.empty() ? o.scene : scene.title) + "\nalone here (no relay)";
    auto font = render::defaultFontAtlas();  // the menu card's world text
    for (const auto& d : font.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!font.value) return 1;

    std::optional<xr::XrSystem> system;
    try {
        system.emplace(xr::XrSystemCreateInfo{"places"});
    } catch (const xr::XrSetupError& e) {
        std::fprintf(stderr, "places xr: %s\n", e.what());
        return 1;
    }
    std::printf("places xr: %s on %s\n", system->systemName().c_str(), system->runtimeName().c_str());
    render::Instance instance(system->vulkanInstanceInfo(o.validation));
    int code = 0;
    {
        render::Gpu gpu(instance, system->vulkanDeviceInfo(instance.handle()));
        xr::Session session(*system, gpu.device);
        xr::EyeSwapchains eyes(session, gpu.device,
                               {o.swapchains, system->depthLayerEnabled(), XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT,
                                render::kDepthFormat, XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT});
        xr::Actions actions(*system, session);
        const VkExtent2D extent = eyes.extent();
        render::HeadlessCreateInfo headlessInfo{extent.width, extent.height, 2, render::Msaa::Auto,
                                                visibility::kDefaultMaxScreenSpaceErrorPx,
                                                std::make_shared<const render::FontAtlas>(std::move(*font.value))};
        headlessInfo.stereoPath = o.stereoPath;
        headlessInfo.keepDepth = eyes.depthLayer();
        render::HeadlessRenderer headless(gpu, headlessInfo);
        std::printf("places xr: stereo %s\n", headless.renderer().stereo().describe().c_str());
        const bool depthLayer = headless.deliveredDepth() != VK_NULL_HANDLE;
        std::printf("places xr: %s swapchains, depth layer %s\n",
                    eyes.layout() == xr::SwapchainLayout::ArrayLayers ? "2-layer" : "per-eye",
                    depthLayer                ? "on"
                    : !eyes.depthLayer()      ? "off (the runtime offers no D32 depth layer)"
                                              : "off (multisampled depth is not resolved for it)");
        const render::GpuScene gpuScene(gpu, scene.geometry, headless.materialLayout(), {});
        std::uint64_t rendered = 0;
        bool exitRequested = false;
        XrTime previousDisplayTime = 0;
        xr::StagePose head;
        for (;;) {
            const xr::SessionFlow& flow = session.pollEvents();
            if (flow.exit) break;
            if (!flow.running) continue;
            if (o.frames != 0 && rendered >= o.frames && !exitRequested) {
                session.requestExit();
                exitRequested = true;
            }
            const xr::FrameTiming timing = session.beginFrame();
            const xr::ControllerState pad = actions.sync(session, timing.predictedDisplayTime);
            if (timing.began && timing.viewsValid) {
                const xr::LocomotionInput input = xr::locomotionInput(pad, timing, previousDisplayTime);
                head = input.head;
                locomotion.update(input);
                previousDisplayTime = timing.predictedDisplayTime;
            }
            std::vector<const XrCompositionLayerBaseHeader*> layers;
            if (timing.began && timing.shouldRender && timing.viewsValid) {
                const render::FrameViews views = render::headsetViews(
                    {locomotion.anchor().eye(timing.eyes[0]), locomotion.anchor().eye(timing.eyes[1])}, kNearPlane);
                visibility::Selection selection;
                std::vector<render::TileLevelRef> tiles;
                render::chooseTileLevels(scene.geometry.tileNodes, views, double(extent.height), selection, tiles);
                std::vector<render::DynamicInstance> dynamic;
                xr::appendLocomotionInstances(locomotion.frame(), locomotionModels, dynamic);
                const auto card = xr::menuCard(locomotion.frame(), head, menuText);
                const auto targets = eyes.acquire();
                headless.renderAndDeliver({.scene = gpuScene, .views = views, .lighting = scene.lighting, .tiles = tiles,
                                           .dynamic = dynamic,
                                           .text = card ? std::span(&*card, 1) : std::span<const render::WorldText>()},
                                          [&](VkCommandBuffer cmd, VkImage output) {
                                              xr::deliverEyes(cmd, {output, headless.deliveredDepth(), extent}, targets);
                                          });
                eyes.release();
                layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(
                    &eyes.projectionLayer(timing, session.playSpace(), float(kNearPlane), INFINITY, depthLayer)));
                ++rendered;
            }
            session.endFrame(timing, layers);
        }
        gpu.queue.waitIdle();
        const xr::SessionFlow& flow = session.flow();
        std::printf("places xr: %llu frames submitted, %llu rendered, session %s\n",
                    static_cast<unsigned long long>(session.framesSubmitted()),
                    static_cast<unsigned long long>(rendered), flow.lost ? "lost" : "ended");
        if (!o.summary.empty()) {
            const std::string json = locomotion.summary(head).toJson() + "\n";
            Diagnostics diagnostics;
            if (!writeFileAtomically(o.summary, std::as_bytes(std::span(json)), "the summary", diagnostics)) {
                for (const auto& d : diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
                code = 1;
            }
        }
        if (flow.lost) {
            std::fprintf(stderr, "places xr: the headset session was lost (runtime or headset went away)\n");
            code = 1;
        }
    }
    if (instance.validationLog().count() > 0) {
        std::fprintf(stderr, "places xr: %zu validation messages\n", instance.validationLog().count());
        code = 1;
    }
    return code;
}

}  // namespace

void addXrCommand(CLI::App& app) {
    auto options = std::make_shared<XrOptions>();
    CLI::App* cmd = app.add_subcommand("xr", "Show a scene in an OpenXR headset (Vulkan)");
    cmd->add_option("scene", options->scene, "Scene file (JSON), CityGML or CityJSON file, or 'demo:'")->required();
    cmd->add_option("--view", options->view, "Named view of the scene: where the visitor stands");
    cmd->add_flag("--simulated", options->simulated,
                  "Use the simulated headset built with Places (no headset needed; PLACES_XR_SIM_CONFIG scripts it)");
    cmd->add_option("--frames", options->frames, "Leave after this many rendered frames (0: until the headset ends)");
    cmd->add_flag("--validation", options->validation, "Vulkan validation layer; any message fails (exit 1)");
    addStereoPathOption(*cmd, options->stereoPath);
    cmd->add_option_function<std::string>("--swapchains", [options](const std::string& layout) {
        options->swapchains = layout == "per-eye" ? xr::SwapchainLayout::PerEye : xr::SwapchainLayout::ArrayLayers;
    }, "array (one 2-layer swapchain; per-eye when the runtime refuses it) or per-eye")
        ->check(CLI::IsMember({"array", "per-eye"}));
    cmd->add_option("--snap-turn", options->locomotion.snapTurnDeg, "Snap turn angle in degrees (0: off)")
        ->check(CLI::Range(0.0, 180.0))->capture_default_str();
    cmd->add_option_function<std::string>("--locomotion", [options](const std::string& mode) {
        options->locomotion.mode = mode == "smooth" ? xr::LocomotionMode::Smooth : xr::LocomotionMode::Teleport;
    }, "teleport (default) or smooth (the left stick walks; teleport stays)")->check(CLI::IsMember({"teleport", "smooth"}));
    cmd->add_flag("--seated", options->locomotion.seated, "Seated visitor: the floor is raised by --seated-offset");
    cmd->add_option("--seated-offset", options->locomotion.seatedOffsetM, "Metres the floor is raised when seated")
        ->check(CLI::Range(0.0, 1.5))->capture_default_str();
    cmd->add_option("--summary", options->summary, "Write where the visitor ended up (JSON) to this file");
    setRenderCommandCallback(*cmd, "xr", [options] {
        try {
            return runXr(*options);
        } catch (const xr::XrError& e) {
            std::fprintf(stderr, "places xr: %s\n", e.what());
            return 1;
        }
    });
}

}  // namespace places::cli
