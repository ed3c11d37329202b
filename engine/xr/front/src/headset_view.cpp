#include "places/xr_front/headset_view.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "places/core/atomic_write.hpp"
#include "places/render/avatar_model.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/instance.hpp"
#include "places/runtime/avatar_presenter.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/venue_arrival.hpp"
#include "places/runtime/venue_layer.hpp"
#include "places/runtime/validation_report.hpp"
#include "places/runtime/view_start.hpp"
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/locomotion_draw.hpp"
#include "places/xr/scene_ground.hpp"
#include "places/xr/stage_anchor.hpp"
#include "places/xr/xr_actions.hpp"
#include "places/xr/xr_session.hpp"
#include "places/xr/xr_system.hpp"
#include "places/xr_front/headset_rig.hpp"
#include "places/xr_front/headset_source.hpp"
#include "places/xr_front/xr_swapchain_target.hpp"

namespace places::xr_front {

namespace {

constexpr double kStandingEyeHeight = 1.6;  // metres: alone, the stage floor goes this far below the view's eye

void printDiagnostics(const Diagnostics& diagnostics) {
    for (const auto& d : diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
}

// The menu card's text: the scene, and who is here when joined.
void menuText(std::string& out, const std::string& title, const runtime::VenueClient* client) {
    out = title;
    if (!client) {
        out += "\nalone here (no relay)";
        return;
    }
    out += "\n";
    out += std::to_string(client->presence().avatars().size());
    out += client->joined() ? " others here" : " others here (relay gone)";
}

// The locomotion summary, the scene drawn at the end (its venue id, and the
// frames rendered since it was loaded: a portal may have changed it), with
// the venue's counts under "venue" when joined.
std::string summaryJson(const xr::Locomotion& locomotion, const xr::StagePose& head,
                        const runtime::VenueClient* client, const runtime::RenderScene& scene,
                        std::uint64_t framesInScene, std::uint64_t arrivals, std::uint64_t portalsEntered) {
    nlohmann::json json = nlohmann::json::parse(locomotion.summary(head).toJson());
    json["scene"] = scene.venueId;
    json["frames_in_scene"] = framesInScene;
    json["portal_arrivals"] = arrivals;
    json["portals_entered"] = portalsEntered;
    if (client) json["venue"] = nlohmann::json::parse(client->summary().toJson());
    return json.dump() + "\n";
}

// The new venue's ground for teleports and steps: its triangles, plane and terrain.
std::unique_ptr<xr::SceneGround> sceneGround(const runtime::RenderScene& scene) {
    auto ground = std::make_unique<xr::SceneGround>(xr::sceneTriangles(scene.geometry), scene.lighting.groundHeightM);
    if (scene.ground && !scene.ground->empty())  // teleports land on the terrain, not the plane
        ground->setTerrain([terrain = scene.ground](double x, double z) { return terrain->heightAt(x, z); });
    return ground;
}

// The tracking space placed so that the head (where the runtime tracks it in
// the play space) stands at the arrival spawn, facing the spawn's yaw: the
// origin moves, not the head.
xr::StageAnchor anchorAtSpawn(const render::Camera& spawn, const xr::StagePose& head) {
    xr::StageAnchor a = xr::StageAnchor::underEye(spawn.pose.position, spawn.pose.yawDeg, runtime::kEyeHeightM);
    a.origin -= a.rotation * glm::dvec3(head.position.x, 0.0, head.position.z);
    return a;
}

}  // namespace

int runHeadsetView(const HeadsetViewSettings& o) {
    Result<runtime::RenderScene> loaded = runtime::loadRenderScene(o.scene);
    printDiagnostics(loaded.diagnostics);
    if (!loaded.value) return 2;
    runtime::RenderScene& scene = *loaded.value;
    const runtime::NamedView* named = runtime::namedViewOrReport(scene, o.view, o.scene, "places xr");
    if (!named) return 2;
    // Joined: arrive around the spawn (or the named view) like a
    // desktop visitor, the stage floor on the venue's ground.
    const net::SteadyClock clock;
    std::unique_ptr<runtime::VenueClient> client;
    runtime::VenueJoinSettings join = o.join;
    join.poseRateHz = kHeadsetPoseRateHz;
    if (!join.relay.empty() && !(client = runtime::joinVenueOrReport(join, scene, clock, "places xr"))) return 2;
    xr::StageAnchor stage =
        xr::StageAnchor::underEye(named->camera.pose.position, named->camera.pose.yawDeg, kStandingEyeHeight);
    if (client && client->hasAvatar()) {
        const render::Camera spot = runtime::arrivalSpot(scene, o.view, client->client().welcome()->you);
        stage = xr::StageAnchor::underEye(spot.pose.position, spot.pose.yawDeg, runtime::kEyeHeightM);
    }
    // Models the frames draw, added before the upload: the others' avatars,
    // the teleport arc and its landing marker.
    render::AvatarModels avatarModels = render::addAvatarModels(scene.geometry);
    std::unique_ptr<xr::SceneGround> ground = sceneGround(scene);
    xr::LocomotionModels locomotionModels = xr::addLocomotionModels(scene.geometry);
    xr::Locomotion locomotion(o.locomotion, stage, *ground);
    std::string title = scene.title.empty() ? o.scene : scene.title;
    auto font = render::defaultFontAtlas();  // name tags and the menu card
    printDiagnostics(font.diagnostics);
    if (!font.value) return 1;

    std::optional<xr::XrSystem> system;
    if (!openXrSystem(system, "places", "places xr")) return 1;
    std::printf("places xr: %s on %s\n", system->systemName().c_str(), system->runtimeName().c_str());
    render::Instance instance(system->vulkanInstanceInfo(o.validation));
    int code = 0;
    {
        render::Gpu gpu(instance, system->vulkanDeviceInfo(instance.handle()));
        HeadsetRig rig(*system, gpu,
                       {o.swapchains, o.stereoPath, o.msaa,
                        std::make_shared<const render::FontAtlas>(std::move(*font.value))});
        XrSwapchainTarget& target = rig.target;
        std::printf("places xr: stereo %s\n", rig.headless.renderer().stereo().describe().c_str());
        std::printf("places xr: %s\n", rig.describe().c_str());
        std::optional<render::GpuScene> gpuScene;
        gpuScene.emplace(gpu, scene.geometry, rig.headless.materialLayout(), render::GpuSceneOptions{});
        const xr::Session& session = rig.session;
        HeadsetSource source(session, rig.actions, locomotion, target);
        std::optional<runtime::FrameLoop> loop;
        loop.emplace(scene, *gpuScene);
        loop->setEventClock(o.clock);
        // Portals: the same arrival path as the desktop and headless views;
        // the headset's own models (teleport arc) go into each new scene.
        std::string sceneFile = o.scene;
        runtime::VenueStage venueStage{sceneFile, scene, avatarModels, gpuScene, loop, gpu,
                                       rig.headless.materialLayout(), render::GpuSceneOptions{}, o.clock,
                                       [&locomotionModels](runtime::RenderScene& next) {
                                           locomotionModels = xr::addLocomotionModels(next.geometry);
                                       },
                                       false};
        std::uint64_t arrivals = 0, framesAtArrival = 0;
        // Voice comes with the venue: VenueLayer captures and places it.
        std::optional<runtime::VenueLayer> layer;
        if (client) {
            layer.emplace(*client, avatarModels, nullptr);
            layer->setPortals(sceneFile, scene);
            layer->enableVoice(o.voice, "places xr");
            // Nothing drawn (headset off the head, session not running yet):
            // the network turn goes on, so the relay does not time us out.
            target.onIdle = [&client] { client->update(); };
        }
        const auto begin = std::chrono::steady_clock::now();
        std::string card;
        std::size_t avatarsMax = 0;
        bool relayEndReported = false;
        double lastSeconds = 0.0;  // the previous frame's time (the content's frame step)
        std::optional<render::WorldText> cardText;
        for (;;) {
            if (!target.exitRequested() &&
                ((o.frames != 0 && target.framesRendered() >= o.frames) || (o.stop && o.stop->load())))
                target.requestExit();
            const auto report = loop->frame(source, target, [&](const runtime::FrameContext& ctx,
                                                               runtime::FrameContent& content) {
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
                if (layer) {
                    layer->update(source.visitorPose());
                    layer->addContent(*ctx.views, ctx.extent, seconds - lastSeconds, "", "", false, content);
                }
                lastSeconds = seconds;
                xr::appendLocomotionInstances(locomotion.frame(), locomotionModels, content.dynamic);
                if (locomotion.frame().menuOpen) menuText(card, title, client.get());  // only while shown
                cardText = xr::menuCard(locomotion.frame(), source.head(), card);
                if (cardText) content.text.push_back(*cardText);
            });
            if (!report) break;
            // A portal moved this visitor (walking or teleporting into its
            // zone): the other venue's scene replaces this one, the tracking
            // space moves to its arrival spawn; a scene that does not load
            // leaves the visitor here (the relay is asked to take them back).
            if (layer)
                if (const auto moved = runtime::followArrival(*layer, venueStage, "places xr");
                    moved && moved->kind == runtime::ArrivalOutcome::Kind::Arrived) {
                    ground = sceneGround(scene);
                    locomotion.arrive(anchorAtSpawn(moved->camera, source.head()), *ground);
                    title = scene.title.empty() ? sceneFile : scene.title;
                    ++arrivals;
                    framesAtArrival = target.framesRendered();
                }
            // The relay went away or sent us off: say so once and stay in the
            // scene alone (the headset keeps showing frames; there is no panel).
            if (client && !relayEndReported && !client->joined() && !client->error().empty()) {
                std::fprintf(stderr, "places xr: %s; staying in the scene alone\n", client->error().c_str());
                relayEndReported = true;
            }
            avatarsMax = std::max(avatarsMax, layer ? layer->avatarsDrawn() : 0);
        }
        gpu.queue.waitIdle();
        const xr::SessionFlow& flow = session.flow();
        std::printf("places xr: %llu frames submitted, %llu rendered, session %s\n",
                    static_cast<unsigned long long>(session.framesSubmitted()),
                    static_cast<unsigned long long>(target.framesRendered()), flow.lost ? "lost" : "ended");
        if (client) {
            client->leave();  // Bye: the relay frees the slot at once
            std::printf("places xr: left the venue; at most %zu avatars drawn in a frame\n", avatarsMax);
        }
        if (!o.summary.empty()) {
            const std::string json = summaryJson(locomotion, source.head(), client.get(), scene,
                                                 target.framesRendered() - framesAtArrival, arrivals,
                                                 layer ? layer->portalsEntered() : 0);
            Diagnostics diagnostics;
            if (!writeFileAtomically(o.summary, std::as_bytes(std::span(json)), "the summary", diagnostics)) {
                printDiagnostics(diagnostics);
                code = 1;
            }
        }
        if (flow.lost) {
            std::fprintf(stderr, "places xr: the headset session was lost (runtime or headset went away)\n");
            code = 1;
        }
    }
    if (runtime::reportValidationMessages(instance.validationLog(), "places xr")) code = 1;
    return code;
}

}  // namespace places::xr_front
