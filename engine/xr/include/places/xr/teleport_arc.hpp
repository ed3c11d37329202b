#pragma once
// The teleport pointer: a parabola thrown from the aiming hand, sampled into
// short chords and intersected with the ground query. The landing is valid
// only on walkable ground within maxRangeM (horizontal distance from the
// hand). Plain data, no GPU or OpenXR.
// Frame: the venue's local frame (metres, Y up).
#include <optional>
#include <vector>

#include <glm/vec3.hpp>

#include "places/xr/ground_query.hpp"

namespace places::xr {

struct TeleportArcSettings {
    double launchSpeed = 12.0;   // m/s: about 15 m on flat ground at 45 degrees from the hand
    double gravity = 9.81;       // m/s^2
    double timeStep = 0.04;      // s per chord
    double maxTime = 3.0;        // s: the arc ends here if it hits nothing
    double maxRangeM = 18.0;     // horizontal, from the hand
};

struct TeleportArc {
    std::vector<glm::dvec3> points;   // from the hand to the hit (or the arc's end)
    std::optional<SurfaceHit> hit;    // where it meets a surface
    bool valid = false;               // hit on walkable ground within range
};

// The arc from `origin` along `direction` (need not be unit).
TeleportArc traceTeleportArc(const glm::dvec3& origin, const glm::dvec3& direction, const GroundQuery& ground,
                             const TeleportArcSettings& settings = {});

}  // namespace places::xr
