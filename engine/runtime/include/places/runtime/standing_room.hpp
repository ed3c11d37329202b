#pragma once
// Whether a visitor can stand somewhere: no venue prop and no building inside
// the space a body takes. Arrivals (arrivalSpot) are put only where this
// holds, a scene whose spawn point fails it gets a warning at load, so a
// visitor never starts inside a seat row, a lamp post or a wall, and a
// walking visitor's steps into one are refused (DesktopCamera::keepClear).
// Plain data: the CPU geometry of the scene, before or after its upload.
#include <cstdint>
#include <optional>

#include <glm/vec3.hpp>

#include "places/render/scene_geometry.hpp"

namespace places::runtime {

// The space a standing visitor takes: a box `halfWidthM` around the feet,
// from `clearFromM` above them (so floors, carpets, kerbs, a deck's edge and
// the terrain underfoot do not count) up to `heightM`.
struct BodySpace {
    double halfWidthM = 0.25;
    double clearFromM = 0.3;
    double heightM = 1.9;
};

// What stands in the way: a venue prop (an index into geometry.instances) or a
// city tile (an index into geometry.tiles, its full-detail level). A building
// also obstructs from within: city models are closed shells, so a roof
// straight overhead means inside (venue props are not: under a hall's roof
// or a stage's truss is where visitors belong).
struct Obstruction {
    enum class Kind : std::uint8_t { Prop, City } kind = Kind::Prop;
    std::uint32_t index = 0;
};

// The first obstruction inside the body space of a visitor whose feet are at
// `feet` (local frame); none where there is room to stand. Reads only the
// props and finest city tiles whose boxes reach the body: 3-35 us a question
// on the shipped venues beside their spawns, 20-22 us beside their buildings
// (2-core VM), cheap enough for every step of a walk. A grid built once
// (tried) answered in 7-12 us but took 70-120 ms and a copy of every
// triangle to build at each join.
std::optional<Obstruction> obstructionAt(const render::SceneGeometry& geometry, const glm::dvec3& feet,
                                         const BodySpace& body = {});

// Does the triangle (a, b, c) overlap the axis-aligned box centred at `centre`
// with half extents `half`? Separating axes (box faces, triangle normal, the
// nine edge cross products): exact, touching counts as overlap.
bool triangleOverlapsBox(const glm::dvec3& centre, const glm::dvec3& half, const glm::dvec3& a, const glm::dvec3& b,
                         const glm::dvec3& c);

}  // namespace places::runtime
