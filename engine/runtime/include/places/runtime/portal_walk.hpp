#pragma once
// Portals from the client's side (issue #10): walking into a portal's zone
// asks the relay to move this visitor (net::Client::enterPortal) once per
// walk-in, and the relay's Moved names the venue and spawn the client then
// loads. Plain data and functions (no GPU, no network), so the rules are
// tested on their own; VenueLayer runs them each frame.
//
// Hysteresis: a portal fires after the head has stayed inside its zone for
// kDwellSeconds (the relay checks the last pose it accepted, so a few poses
// from inside must reach it first), and fires again only after the head left
// the zone by kRearmMetres. A visitor who arrives standing in a portal's zone
// (a spawn placed there) is not sent straight back: nothing fires until they
// have been outside.
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/core/diagnostic.hpp"
#include "places/render/avatar_model.hpp"
#include "places/render/renderer.hpp"
#include "places/scenes/scene.hpp"

namespace places::runtime {

struct RenderScene;

// Where a portal took this client: the relay's venue and spawn, and the scene
// file to load for it.
struct PortalArrival {
    std::string venue, spawn, scene;
};

class PortalWalk {
public:
    static constexpr double kDwellSeconds = 0.3;
    static constexpr double kRearmMetres = 1.0;

    // The scene's portals (those whose zone exists); `sceneFile` is where the
    // scene came from: a portal without a scene of its own leads to
    // "<that folder>/<venue>.json". Disarmed until the head is seen outside.
    void setScene(const std::string& sceneFile, const std::vector<scenes::Zone>& zones,
                  const std::vector<scenes::Portal>& portals);
    // The head at `seconds`; the portal to enter now, if one fires.
    std::optional<std::string> step(const glm::dvec3& head, double seconds);
    // The scene file for `venue` after a Moved: the portal's own scene, else
    // the venue's file beside this scene. Empty when neither names one.
    std::string sceneFor(const std::string& venue) const;
    std::size_t portals() const { return portals_.size(); }

private:
    struct Gate {
        scenes::Portal portal;
        scenes::Zone zone;
    };
    std::string sceneFile_;
    std::vector<Gate> portals_;
    bool armed_ = false;
    int inside_ = -1;          // the portal the head is in, -1 none
    double enteredAt_ = 0.0;
    bool fired_ = false;       // fired for this stay
};

// Loads the scene an arrival names, with the avatar models added to its
// geometry (`models`). An error when the arrival names no scene file (the
// client does not know the venue's scene) or the file is another venue's.
Result<RenderScene> loadArrival(const PortalArrival& arrival, render::AvatarModels& models);

// A visitor's camera at the spawn named `spawn` (empty or unknown: the first)
// at eye height, facing along the spawn's yaw.
render::Camera spawnCamera(const RenderScene& scene, const std::string& spawn);

}  // namespace places::runtime
