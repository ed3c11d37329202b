// places xr SCENE: the scene in a headset through OpenXR (a first version:
// rendered by the headless multiview renderer, then copied into the runtime's
// 2-layer swapchain). --simulated uses the simulated headset built with Places.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    xr::LocomotionSettings locomotion;
    std::string summary;  // --summary FILE: where the visitor ended up (JSON)
};

constexpr double kStandingEyeHeight = 1.6;  // metres: where the stage's floor goes below the view's eye
constexpr double kNearPlane = 0.05;

// A host-visible staging buffer for the rendered eyes (RGBA8, both layers).
class StagingBuffer {
public:
    StagingBuffer(const render::Device& device, VkDeviceSize size) : device_(device.handle()) {
        VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
        info.size = size;
        info.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
        PLACES_VK_CHECK(vkCreateBuffer(device_, &info, nullptr, &buffer_));
        VkMemoryRequirements needs{};
        vkGetBufferMemoryRequirements(device_, buffer_, &needs);
        const auto& memory = device.memoryProperties();
        const VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        std::uint32_t type = UINT32_MAX;
        for (std::uint32_t t = 0; t < memory.memoryTypeCount && type == UINT32_MAX; ++t)
            if ((needs.memoryTypeBits & (1u << t)) && (memory.memoryTypes[t].propertyFlags & want) == want) type = t;
        if (type == UINT32_MAX) throw render::VulkanError("no host-visible memory for staging", VK_ERROR_OUT_OF_DEVICE_MEMORY);
        VkMemoryAllocateInfo allocate{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
        allocate.allocationSize = needs.size;
        allocate.memoryTypeIndex = type;
        PLACES_VK_CHECK(vkAllocateMemory(device_, &allocate, nullptr, &memory_));
        PLACES_VK_CHECK(vkBindBufferMemory(device_, buffer_, memory_, 0));
        PLACES_VK_CHECK(vkMapMemory(device_, memory_, 0, VK_WHOLE_SIZE, 0, &mapped_));
    }
    ~StagingBuffer() {
        vkDestroyBuffer(device_, buffer_, nullptr);
        vkFreeMemory(device_, memory_, nullptr);
    }
    StagingBuffer(const StagingBuffer&) = delete;
    StagingBuffer& operator=(const StagingBuffer&) = delete;

    VkBuffer handle() const { return buffer_; }
    void* mapped() const { return mapped_; }

private:
    VkDevice device_;
    VkBuffer buffer_ = VK_NULL_HANDLE;
    VkDeviceMemory memory_ = VK_NULL_HANDLE;
    void* mapped_ = nullptr;
};

// Copies one eye's rendered pixels into its swapchain image layer.
void copyEye(VkCommandBuffer cmd, VkBuffer staging, VkDeviceSize offset, const xr::EyeTarget& target,
             VkExtent2D extent) {
    xr::recordEyeTransferWrite(cmd, target, [&](const VkImageSubresourceRange& range) {
        VkBufferImageCopy region{};
        region.bufferOffset = offset;
        region.imageSubresource = {range.aspectMask, 0, range.baseArrayLayer, 1};
        region.imageExtent = {extent.width, extent.height, 1};
        vkCmdCopyBufferToImage(cmd, staging, target.color, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    });
}

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
                               {xr::SwapchainLayout::ArrayLayers, false, XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT});
        xr::Actions actions(*system, session);
        const VkExtent2D extent = eyes.extent();
        render::HeadlessRenderer headless(gpu, {extent.width, extent.height, 2, render::Msaa::Auto, visibility::kDefaultMaxScreenSpaceErrorPx,
                                                  std::make_shared<const render::FontAtlas>(std::move(*font.value))});
        const render::GpuScene gpuScene(gpu, scene.geometry, headless.materialLayout(), {});
        const VkDeviceSize layerBytes = VkDeviceSize(extent.width) * extent.height * 4;
        StagingBuffer staging(gpu.device, layerBytes * 2);

        VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
        poolInfo.queueFamilyIndex = gpu.device.graphicsFamily();
        VkCommandPool pool = VK_NULL_HANDLE;
        PLACES_VK_CHECK(vkCreateCommandPool(gpu.vk(), &poolInfo, nullptr, &pool));
        VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        alloc.commandPool = pool;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        PLACES_VK_CHECK(vkAllocateCommandBuffers(gpu.vk(), &alloc, &cmd));

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
                const auto result = headless.render({.scene = gpuScene, .views = views, .lighting = scene.lighting,
                                                     .tiles = tiles, .dynamic = dynamic,
                                                     .text = card ? std::span(&*card, 1) : std::span<const render::WorldText>()});
                auto* bytes = static_cast<std::uint8_t*>(staging.mapped());
                std::memcpy(bytes, result.image.pixels.data(), std::size_t(layerBytes) * 2);
                if (eyes.colorFormat() == VK_FORMAT_B8G8R8A8_SRGB || eyes.colorFormat() == VK_FORMAT_B8G8R8A8_UNORM)
                    for (std::size_t i = 0; i < std::size_t(layerBytes) * 2; i += 4) std::swap(bytes[i], bytes[i + 2]);
                auto targets = eyes.acquire();
                VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
                begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
                PLACES_VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
                copyEye(cmd, staging.handle(), 0, targets[0], extent);
                copyEye(cmd, staging.handle(), layerBytes, targets[1], extent);
                PLACES_VK_CHECK(vkEndCommandBuffer(cmd));
                VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
                submit.commandBufferCount = 1;
                submit.pCommandBuffers = &cmd;
                // The runtime shares this queue: wait before handing the images back.
                gpu.queue.waitIdle();
                PLACES_VK_CHECK(vkQueueSubmit(gpu.device.graphicsQueue(), 1, &submit, VK_NULL_HANDLE));
                PLACES_VK_CHECK(vkQueueWaitIdle(gpu.device.graphicsQueue()));  // no fence: this submit is outside gpu.queue
                eyes.release();
                layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(
                    &eyes.projectionLayer(timing, session.playSpace(), float(kNearPlane), INFINITY)));
                ++rendered;
            }
            session.endFrame(timing, layers);
        }
        gpu.queue.waitIdle();
        vkDestroyCommandPool(gpu.vk(), pool, nullptr);
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
