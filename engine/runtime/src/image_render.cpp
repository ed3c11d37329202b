#include "places/runtime/image_render.hpp"

#include <cstdio>
#include <future>
#include <optional>

#include "places/core/atomic_write.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/stage_log.hpp"

namespace places::runtime {

namespace {

std::optional<render::Camera> chooseCamera(const ImageRenderSettings& o, const RenderScene& scene) {
    if (!o.camera.empty()) {
        const auto parsed = parseCamera(o.camera, scene.origin);
        if (!parsed)
            std::fprintf(stderr, "places render: --camera must be E,N,H,yaw,pitch (pitch in [-90, 90]), got '%s'\n",
                         o.camera.c_str());
        return parsed;
    }
    if (o.view.empty()) return scene.views.front().camera;
    const NamedView* found = findView(scene, o.view);
    if (!found) {
        std::fprintf(stderr, "places render: no view '%s' in %s; views: %s\n", o.view.c_str(), o.scene.c_str(),
                     viewNames(scene).c_str());
        return std::nullopt;
    }
    return found->camera;
}

}  // namespace

int renderImage(const ImageRenderSettings& o) {
    const std::uint32_t width = o.width, height = o.height;
    // An output that may not be replaced (a symlink, a device such as
    // /dev/null, a folder) is refused before any work, not after the frame.
    if (Diagnostics output; !o.output.empty() && !checkReplaceable(o.output, output)) {
        std::fprintf(stderr, "places render: %s\n", output.firstError().c_str());
        return 2;
    }
    // The scene (file reads, asset decoding, mip chains) loads on a second
    // thread while this one brings up Vulkan and compiles the pipelines: on
    // lavapipe both take a few hundred milliseconds, and a user waiting for one
    // picture waits for the longer of the two instead of their sum.
    std::future<Result<RenderScene>> loading = std::async(std::launch::async, [source = o.scene] {
        StageScope stage("load scene (thread)");
        return loadRenderScene(source);
    });
    std::optional<Result<RenderScene>> loaded;
    auto takeScene = [&]() -> const RenderScene* {
        if (!loaded) {
            StageScope stage("wait for the scene");
            loaded = loading.get();
            for (const auto& d : loaded->diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
        }
        return loaded->value ? &*loaded->value : nullptr;
    };

    render::InstanceCreateInfo instanceInfo;
    instanceInfo.validation = o.validation;
    std::optional<render::Instance> instance;
    try {
        StageScope stage("Vulkan instance");
        instance.emplace(instanceInfo);
    } catch (...) {
        takeScene();  // never leave the loader running behind an exception
        throw;
    }
    int code = 0;
    {
        std::optional<render::Gpu> gpu;
        std::optional<render::HeadlessRenderer> headless;
        try {
            {
                StageScope stage("Vulkan device");
                gpu.emplace(*instance, render::DeviceCreateInfo{o.gpu, VK_NULL_HANDLE});
            }
            StageScope stage("renderer: pipelines, targets, frames");
            render::HeadlessCreateInfo headlessInfo{width, height, o.stereo ? 2u : 1u, o.msaa,
                                                    visibility::kDefaultMaxScreenSpaceErrorPx, sharedDefaultFont(),
                                                    nullptr, o.shadows};
            headlessInfo.stereoPath = o.stereoPath;
            headless.emplace(*gpu, headlessInfo);
            if (o.stereo) std::printf("places render: stereo %s\n", headless->renderer().stereo().describe().c_str());
        } catch (...) {
            takeScene();
            throw;
        }
        const RenderScene* scene = takeScene();
        if (!scene) return 2;
        const std::optional<render::Camera> camera = chooseCamera(o, *scene);
        if (!camera) return 2;

        auto start = StageClock::now();
        double cpuStart = threadCpuMilliseconds();
        const render::GpuScene gpuScene(*gpu, scene->geometry, headless->materialLayout(), {o.maxTextureSize});
        recordStage("uploads (buffers, textures + mips)", start, cpuStart);
        HeadlessTarget target(*headless, {width, height}, HeadlessTarget::Mode::ReadBack);
        FixedCamera source(*camera, o.stereo, o.ipd);
        FrameLoop loop(*scene, gpuScene);
        loop.setEventClock(o.clock);
        start = StageClock::now();
        cpuStart = threadCpuMilliseconds();
        const FrameReport frame = *loop.frame(source, target);  // a headless target always takes one
        recordStage("frame: select, record, draw, read back", start, cpuStart);
        start = StageClock::now();
        cpuStart = threadCpuMilliseconds();
        if (Diagnostics written; !render::writePng(o.output, target.image(), written)) {
            std::fprintf(stderr, "places render: %s\n", written.firstError().c_str());
            code = 1;
        }
        recordStage("PNG encode + write", start, cpuStart);
        if (o.printStats) {
            std::printf("%s\n", scene->description.c_str());
            // Every building of the city at full detail: the root tile's subtree.
            const auto& tiles = scene->geometry.tiles;
            std::printf("city buildings %u\n", tiles.empty() ? 0u : tiles.front().subtreeBuildings);
            std::printf("%s: %ux%u%s, %ux MSAA, on %s: %s\n", o.output.c_str(), width, height,
                        o.stereo ? " stereo" : "", static_cast<unsigned>(headless->renderer().samples()),
                        gpu->device.name().c_str(), formatStats(frame.delivery.stats, frame.delivery.gpuMilliseconds).c_str());
        }
    }
    if (o.printTimings || stageTraceRequested()) std::fprintf(stderr, "%s", formatStages().c_str());
    if (instance->validationLog().count() > 0) {
        std::fprintf(stderr, "places render: %zu validation messages\n", instance->validationLog().count());
        code = 1;
    }
    return code;
}

}  // namespace places::runtime
