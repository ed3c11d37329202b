#pragma once
// One arrival path for every front end (desktop window, headless, headset):
// a portal moved this visitor (VenueLayer::takeArrival), so the other venue's
// scene replaces the one drawn: load it (loadArrival), wait for the GPU, drop
// the frame loop and the GPU scene, upload the new geometry, a new loop with
// the event clock, tell the layer (portals, avatar models, the panel's venue)
// and say where the visitor now stands (the arrival spawn).
//
// A scene that fails to load leaves the visitor where they were: the relay
// has already moved the session, so the client asks it to go back
// (net::Client::returnThroughPortal), keeps drawing the old scene, and the
// panel shows a notice naming the scene file and the reason. The relay's
// answer is one more Moved, to the venue still drawn: no reload, the visitor
// stays where they stood.
#include <functional>
#include <optional>
#include <string>

#include "places/render/avatar_model.hpp"
#include "places/render/gpu.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/venue_layer.hpp"

namespace places::runtime {

// What a front end draws its venue with; all references outlive the stage.
struct VenueStage {
    std::string& sceneFile;  // the file `scene` came from (set on arrival)
    RenderScene& scene;
    render::AvatarModels& avatarModels;
    std::optional<render::GpuScene>& gpuScene;
    std::optional<FrameLoop>& loop;
    render::Gpu& gpu;
    const render::DescriptorSetLayout& materialLayout;
    render::GpuSceneOptions gpuOptions;
    EventClock clock;
    // Models the front end adds to a new scene's geometry before its upload
    // (the headset's teleport arc); may be empty.
    std::function<void(RenderScene&)> addModels;
    bool returning = false;  // set by followArrival: a ReturnPortal is on its way
};

struct ArrivalOutcome {
    enum class Kind {
        Arrived,   // the other venue's scene is drawn; stand at `camera`
        Failed,    // its scene did not load: the old one stays, the relay is asked to take us back
        Returned,  // the relay took us back to the venue still drawn: stay where we stand
    };
    Kind kind = Kind::Arrived;
    render::Camera camera;  // Arrived: the arrival spawn at eye height
    std::string notice;     // Failed: "cannot open <file>: <why>; staying in <venue>"
};

// Takes the layer's arrival, if any, and follows it on `stage`. Diagnostics
// and the outcome go to stderr/stdout prefixed by `who`.
std::optional<ArrivalOutcome> followArrival(VenueLayer& layer, VenueStage& stage, const char* who);

}  // namespace places::runtime
