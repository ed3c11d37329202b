// places render SCENE: one frame, headless (no display), written as PNG.
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/render/tile_levels.hpp"
#include "places/render/vk_check.hpp"
#include "render_support.hpp"
#include "stage_log.hpp"

namespace places::cli {

namespace {

struct RenderOptions {
    std::string scene;
    std::string view;
    std::string camera;
    std::string size = "1280x720";
    std::string output;
    std::string gpu;
    bool stereo = false;
    bool stats = false;
    bool validation = false;
    render::Msaa msaa = render::Msaa::Auto;
    bool timings = false;
    double ipd = 0.064;
    std::uint32_t maxTextureSize = render::kDefaultMaxTextureSize;
};

std::optional<render::Camera> chooseCamera(const RenderOptions& o, const RenderScene& scene) {
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

int runRender(const RenderOptions& o) {
    std::uint32_t width = 0, height = 0;
    if (!parseSize(o.size, width, height)) {
        std::fprintf(stderr, "places render: --size must be WIDTHxHEIGHT, got '%s'\n", o.size.c_str());
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
            headless.emplace(*gpu, render::HeadlessCreateInfo{width, height, o.stereo ? 2u : 1u, o.msaa});
        } catch (...) {
            takeScene();
            throw;
        }
        const RenderScene* scene = takeScene();
        if (!scene) return 2;
        const std::optional<render::Camera> camera = chooseCamera(o, *scene);
        if (!camera) return 2;

        auto start = StageClock::now();
        const render::GpuScene gpuScene(*gpu, scene->geometry, headless->materialLayout(), {o.maxTextureSize});
        recordStage("uploads (buffers, textures + mips)", start);
        const double aspect = double(width) / double(height);
        const render::FrameViews frameViews =
            o.stereo ? render::stereoViews(*camera, aspect, o.ipd) : render::monoViews(*camera, aspect);
        visibility::Selection selection;
        std::vector<render::TileLevelRef> tiles;
        render::chooseTileLevels(scene->geometry.tileNodes, frameViews, double(height), selection, tiles);
        start = StageClock::now();
        const auto result = headless->render(
            {.scene = gpuScene, .views = frameViews, .lighting = scene->lighting, .tiles = tiles});
        recordStage("frame: select, record, draw, read back", start);
        start = StageClock::now();
        if (!render::writePng(o.output, result.image)) {
            std::fprintf(stderr, "places render: cannot write %s\n", o.output.c_str());
            code = 1;
        }
        recordStage("PNG encode + write", start);
        if (o.stats) {
            std::printf("%s\n", scene->description.c_str());
            std::printf("%s: %ux%u%s, %ux MSAA, on %s: %s\n", o.output.c_str(), width, height,
                        o.stereo ? " stereo" : "", static_cast<unsigned>(headless->renderer().samples()),
                        gpu->device.name().c_str(), formatStats(result.stats, result.gpuMilliseconds).c_str());
        }
    }
    if (o.timings || stageTraceRequested()) std::fprintf(stderr, "%s", formatStages().c_str());
    if (instance->validationLog().count() > 0) {
        std::fprintf(stderr, "places render: %zu validation messages\n", instance->validationLog().count());
        code = 1;
    }
    return code;
}

}  // namespace

void addRenderCommand(CLI::App& app) {
    auto options = std::make_shared<RenderOptions>();
    CLI::App* cmd = app.add_subcommand("render", "Render one frame of a scene headless into a PNG");
    cmd->add_option("scene", options->scene,
                    "Scene file (JSON), CityGML or CityJSON file (overview view), or 'demo:'")
        ->required();
    auto* view = cmd->add_option("--view", options->view, "Named view of the scene");
    cmd->add_option("--camera", options->camera, "E,N,H,yaw,pitch: eye in the scene CRS (metres), compass yaw and pitch (degrees)")->excludes(view);
    cmd->add_option("--size", options->size, "Image size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("-o,--output", options->output, "PNG to write (stereo: left|right side by side)")->required();
    cmd->add_flag("--stereo", options->stereo, "Both eyes in one multiview pass");
    cmd->add_option("--ipd", options->ipd, "Eye distance in metres for --stereo")->capture_default_str();
    cmd->add_flag("--stats", options->stats, "Print draw calls, triangles, visible tiles, timings");
    cmd->add_option("--gpu", options->gpu, "Use the device whose name contains this text");
    cmd->add_flag("--validation", options->validation, "Vulkan validation layer; any message fails (exit 1)");
    addMsaaOption(*cmd, options->msaa);
    addMaxTextureSizeOption(*cmd, options->maxTextureSize);
    cmd->add_flag("--timings", options->timings,
                  "Print where the time went (stages since process start) to stderr; also PLACES_TRACE=1");
    setRenderCommandCallback(*cmd, "render", [options] { return runRender(*options); });
}

}  // namespace places::cli
