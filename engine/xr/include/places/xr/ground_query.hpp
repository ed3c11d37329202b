#pragma once
// Where a visitor may stand: the narrow interface locomotion asks (teleport
// arc, smooth movement), so the scene's triangles today and terrain later plug
// in behind it. Plain data, no GPU or OpenXR.
// Frame: the venue's local frame (metres, Y up, x east, z south).
#include <optional>

#include <glm/vec3.hpp>

namespace places::xr {

struct SurfaceHit {
    glm::dvec3 point{0.0};
    glm::dvec3 normal{0.0, 1.0, 0.0};  // unit, facing the segment's start
    double fraction = 0.0;             // along the segment, 0 (start) .. 1 (end)
};

class GroundQuery {
public:
    virtual ~GroundQuery() = default;
    // The first surface the segment from `a` to `b` crosses, either face.
    virtual std::optional<SurfaceHit> firstHit(const glm::dvec3& a, const glm::dvec3& b) const = 0;
    // Whether a visitor may stand where `hit` lies: ground that is level
    // enough, outside every building and prop volume, with headroom above.
    virtual bool walkable(const SurfaceHit& hit) const = 0;
};

}  // namespace places::xr
