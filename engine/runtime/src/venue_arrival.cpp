#include "places/runtime/venue_arrival.hpp"

#include <cstdio>

#include "places/runtime/portal_walk.hpp"

namespace places::runtime {

namespace {

// "cannot open the venue 'b' (scenes/b.json:3:7: error: ...); you stay in Hall A"
std::string failureNotice(const PortalArrival& arrival, const Diagnostics& diagnostics, const RenderScene& here) {
    std::string why;
    for (const auto& d : diagnostics.items())
        if (d.severity == Severity::Error) {
            why = d.format();
            break;
        }
    if (why.empty()) why = arrival.scene.empty() ? "no scene file" : arrival.scene + ": did not load";
    std::string out = "cannot open the venue '";
    out += arrival.venue;
    out += "' (";
    out += why;
    out += "); you stay in ";
    out += here.title.empty() ? here.venueId : here.title;
    return out;
}

}  // namespace

std::optional<ArrivalOutcome> followArrival(VenueLayer& layer, VenueStage& stage, const char* who) {
    std::optional<PortalArrival> arrival = layer.takeArrival();
    if (!arrival) return std::nullopt;
    ArrivalOutcome out;
    if (arrival->venue == stage.scene.venueId) {
        // Moved within the venue drawn: nothing to load. After a failed
        // arrival this is the relay taking us back (ReturnPortal): stand
        // where we stood; the portals wait until the visitor has stepped out
        // of the zone they are standing in.
        layer.arrive(stage.sceneFile, stage.scene, stage.avatarModels);
        out.kind = stage.returning ? ArrivalOutcome::Kind::Returned : ArrivalOutcome::Kind::Arrived;
        out.camera = spawnCamera(stage.scene, arrival->spawn);
        if (stage.returning) std::printf("%s: back in %s\n", who, stage.scene.venueId.c_str());
        stage.returning = false;
        return out;
    }
    render::AvatarModels models;
    Result<RenderScene> next = loadArrival(*arrival, models);
    for (const auto& d : next.diagnostics.items()) std::fprintf(stderr, "%s: %s\n", who, d.format().c_str());
    if (!next.value) {
        out.kind = ArrivalOutcome::Kind::Failed;
        out.notice = failureNotice(*arrival, next.diagnostics, stage.scene);
        std::fprintf(stderr, "%s: %s\n", who, out.notice.c_str());
        layer.client().notify(out.notice);
        // The relay has moved the session already: ask it to take us back,
        // so nobody sees this visitor in a venue they cannot see.
        stage.returning = true;
        if (!layer.client().client().returnThroughPortal())
            std::fprintf(stderr, "%s: cannot ask the relay to take us back (not joined)\n", who);
        return out;
    }
    if (stage.addModels) stage.addModels(*next.value);
    stage.gpu.queue.waitIdle();  // the old scene's buffers may still be in use
    stage.loop.reset();
    stage.gpuScene.reset();
    stage.scene = std::move(*next.value);
    stage.avatarModels = models;
    stage.sceneFile = arrival->scene;
    stage.gpuScene.emplace(stage.gpu, stage.scene.geometry, stage.materialLayout, stage.gpuOptions);
    stage.loop.emplace(stage.scene, *stage.gpuScene);
    stage.loop->setEventClock(stage.clock);
    layer.arrive(stage.sceneFile, stage.scene, stage.avatarModels);
    out.camera = spawnCamera(stage.scene, arrival->spawn);
    std::printf("%s: arrived in %s (%s)\n", who, stage.scene.venueId.c_str(), stage.sceneFile.c_str());
    return out;
}

}  // namespace places::runtime
