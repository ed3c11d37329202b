#include "places/runtime/headless_view.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "places/render/font_atlas.hpp"
#include "places/render/gpu.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/render/rgba_image.hpp"
#include "places/runtime/font_cache.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/portal_walk.hpp"
#include "places/runtime/venue_arrival.hpp"
#include "places/runtime/venue_layer.hpp"
#include "places/runtime/validation_report.hpp"
#include "places/runtime/view_start.hpp"

namespace places::runtime {

int runHeadlessView(const HeadlessViewSettings& o) {
    Result<RenderScene> loaded = loadRenderScene(o.scene);
    for (const auto& d : loaded.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!loaded.value) return 2;
    RenderScene& scene = *loaded.value;
    render::AvatarModels avatarModels = render::addAvatarModels(scene.geometry);
    const std::optional<render::Camera> start = o.camera ? o.camera : startCamera(scene, o.view);
    if (!start) {
        std::fprintf(stderr, "places view: no view '%s'; views: %s\n", o.view.c_str(), viewNames(scene).c_str());
        return 2;
    }
    if (!o.outputDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(o.outputDir, ec);
        if (ec) {
            std::fprintf(stderr, "places view: cannot create %s: %s\n", o.outputDir.c_str(), ec.message().c_str());
            return 1;
        }
    }

    const net::SteadyClock clock;
    std::unique_ptr<VenueClient> client;
    if (!o.join.relay.empty() && !(client = joinVenueOrReport(o.join, scene, clock, "places view"))) return 2;
    render::Camera camera = *start;
    if (client && client->hasAvatar()) camera = arrivalSpot(scene, o.view, client->client().welcome()->you);

    auto font = cachedDefaultFontAtlas();
    for (const auto& d : font.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    if (!font.value) return 1;
    const auto atlas = std::make_shared<const render::FontAtlas>(std::move(*font.value));
    std::unique_ptr<ui::Panel> panel;
    if (client) panel = std::make_unique<ui::Panel>();

    render::InstanceCreateInfo instanceInfo;
    instanceInfo.validation = o.validation;
    render::Instance instance(instanceInfo);
    int code = 0;
    {
        render::Gpu gpu(instance, {o.gpu});
        render::HeadlessCreateInfo info;
        info.width = o.width;
        info.height = o.height;
        info.msaa = o.msaa;
        info.shadows = o.shadows;
        info.font = atlas;
        info.uiFont = panel && o.panel ? &panel->fontAtlas() : nullptr;
        render::HeadlessRenderer renderer(gpu, info);
        std::optional<render::GpuScene> gpuScene;
        gpuScene.emplace(gpu, scene.geometry, renderer.materialLayout(), render::GpuSceneOptions{o.maxTextureSize});
        HeadlessTarget target(renderer, {o.width, o.height}, HeadlessTarget::Mode::ReadBack);
        FixedCamera source(camera);
        std::optional<FrameLoop> loop;
        loop.emplace(scene, *gpuScene);
        loop->setEventClock(o.clock);
        std::string sceneFile = o.scene;
        VenueStage stage{sceneFile, scene, avatarModels, gpuScene, loop, gpu, renderer.materialLayout(),
                         render::GpuSceneOptions{o.maxTextureSize}, o.clock, {}, false};
        std::optional<VenueLayer> layer;
        if (client) {
            layer.emplace(*client, avatarModels, panel.get());
            layer->setPortals(o.scene, scene);
            if (!o.follow.empty()) layer->follow(o.follow);
            layer->enableVoice(o.voice, "places view");
        }
        const auto begin = std::chrono::steady_clock::now();
        const double period = 1.0 / std::max(1.0, o.fps);
        std::size_t said = 0;
        for (int i = 0; i < o.frames; ++i) {
            // Real-time pacing: the relay's snapshots arrive at its tick rate.
            std::this_thread::sleep_until(begin + std::chrono::duration<double>(i * period));
            const double t = i * period;
            if (layer) {
                while (said < o.say.size() && t >= double(said)) panel->typeChat(o.say[said++]);
                layer->update(camera, t);
                // A portal moved this visitor: the other venue's scene replaces
                // this one (or, when it does not load, the visitor stays here).
                if (const auto moved = followArrival(*layer, stage, "places view");
                    moved && moved->kind == ArrivalOutcome::Kind::Arrived) {
                    camera = moved->camera;
                    source.setCamera(camera);
                }
                if (const auto c = layer->followCamera()) source.setCamera(*c);
            }
            const auto frame = loop->frame(source, target, [&](const FrameContext& ctx, FrameContent& content) {
                if (layer) layer->addContent(*ctx.views, ctx.extent, period, "", "", o.panel, content);
            });
            if (!o.outputDir.empty()) {
                char name[32];
                std::snprintf(name, sizeof name, "frame-%04d.png", i);
                const std::string path = (std::filesystem::path(o.outputDir) / name).string();
                if (Diagnostics written; !render::writePng(path, target.image(), written)) {
                    std::fprintf(stderr, "places view: %s\n", written.firstError().c_str());
                    code = 1;
                    break;
                }
            }
            (void)frame;
        }
        if (Diagnostics written;
            code == 0 && !o.lastFrame.empty() && !render::writePng(o.lastFrame, target.image(), written)) {
            std::fprintf(stderr, "places view: %s\n", written.firstError().c_str());
            code = 1;
        }
        // Let the last typed lines go out before leaving.
        if (client) {
            for (int i = 0; i < 20 && said > 0; ++i) {
                client->update();
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            client->leave();
        }
        gpu.queue.waitIdle();
    }
    if (o.summary) {
        VenueClientSummary s;
        if (client) s = client->summary();
        else s.frames = std::uint64_t(o.frames);
        std::printf("%s\n", s.toJson().c_str());
    }
    if (runtime::reportValidationMessages(instance.validationLog(), "places view")) code = 1;
    return code;
}

}  // namespace places::runtime
