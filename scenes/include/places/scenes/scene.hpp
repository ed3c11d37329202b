#pragma once
// A venue scene as plain data: which city to show, where the venue props stand,
// where people spawn, named camera views, the sun and the zones (stage, booths,
// lounges) that later features (relay, booths) attach behaviour to. Read from a
// scene file by loadScene() (scene_file.hpp; format: docs/formats/scene.md).
//
// Every position is already resolved into the scene's local frame: right-handed,
// Y up, metres, x = east, y = up, z = south, relative to Scene::origin (the same
// frame as places/city/city_model.hpp). Angles are degrees: yaw is a compass
// heading (clockwise from north seen from above), pitch is above the horizon.
#include <optional>
#include <string>
#include <vector>

#include <glm/gtc/quaternion.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/scenes/fair.hpp"

namespace places::scenes {

// A city input: a pack written by `places import`, or a raw city file that the
// caller imports (and caches) on first use.
struct CitySource {
    enum class Kind { Pack, CityGml, CityJson };
    Kind kind = Kind::Pack;
    std::string path;     // resolved: relative to the scene file's folder, as a usable path
    std::string written;  // as written in the scene file (for messages)
};
const char* toString(CitySource::Kind kind);

// Asset frame (Y up, glTF) -> local frame: translate * rotate * scale.
struct Placement {
    glm::dvec3 position{0.0};
    glm::dquat rotation{1.0, 0.0, 0.0, 0.0};  // w, x, y, z
    glm::dvec3 scale{1.0};
    glm::dmat4 matrix() const;
};

struct Venue {
    std::string name;
    std::string asset;    // resolved path of the asset file
    Placement placement;
    // Paints the whole asset in one colour (every material's base colour,
    // textures dropped): a plain box becomes a dark stage deck. Linear RGB in
    // [0, 1] (the file gives sRGB; docs/formats/scene.md).
    std::optional<glm::vec3> color;
    // The JSON path of the entry that placed it when that is not `venues[i]`
    // (a booth's props: "booths[2]"), for messages about its asset.
    std::string entry;
};

struct SpawnPoint {
    std::string name;
    glm::dvec3 position{0.0};  // feet on the ground
    double yawDeg = 0.0;
};

struct CameraView {
    std::string name;
    glm::dvec3 position{0.0};  // the eye
    double yawDeg = 0.0;
    double pitchDeg = 0.0;
    double verticalFovDeg = 60.0;
};

struct Sun {
    double azimuthDeg = 180.0;   // clockwise from north (grid north of the CRS)
    double elevationDeg = 45.0;  // above the horizon, refraction included when computed
    std::string time;            // ISO 8601 when computed from a date/time, else empty
    // Unit vector from the scene towards the sun, local frame.
    glm::dvec3 direction() const;
};

enum class ZoneKind { Stage, Booth, Lounge, Area };
const char* toString(ZoneKind kind);

struct Zone {
    std::string name;
    ZoneKind kind = ZoneKind::Area;
    std::vector<glm::dvec2> outline;  // (x, z) local, closed implicitly, counter-clockwise seen from above
    double floor = 0.0;               // local y of the zone's floor
    double height = 4.0;              // metres above the floor
    // The floor was written "ground" (version 3) and no city has answered yet
    // (a relay loads no city): contains() then ignores the heights.
    bool floorOnGround = false;
    std::string exhibitor;            // booths: who exhibits there
    std::string description;

    // True when `p` (local) lies inside the outline and between floor and floor + height.
    bool contains(const glm::dvec3& p) const;
};

// A position written with the height "ground" (version 3,
// docs/formats/scene.md): its height is the terrain's at its (x, z) plus
// `offset`, found when the scene's city is loaded (placeOnGround,
// scene_ground.hpp). Until then the height is the origin's plus `offset`.
struct GroundAnchor {
    enum class Target { Venue, Spawn, Zone };
    Target target = Target::Venue;
    std::size_t index = 0;            // into Scene::venues / spawns / zones
    std::vector<glm::dvec2> samples;  // local (x, z) where the ground is asked; a zone's floor takes the lowest
    double offset = 0.0;              // metres above the ground
    std::string path;                 // JSON path for messages ("venues[2].position")
};

struct Scene {
    std::string path;  // the scene file
    std::string name;
    std::string venueId;  // the relay's venue id (tickets name it); default: the file's stem
    std::string description;
    city::GeoReference origin;  // the local frame's origin in the city's CRS
    std::vector<CitySource> city;
    std::vector<Venue> venues;
    std::vector<SpawnPoint> spawns;
    std::vector<CameraView> views;  // views.front() is the default view
    Sun sun;
    std::vector<Zone> zones;
    // Version 2 (fair.hpp): the event on the place.
    std::string timeZone;  // IANA name, a label only (times carry their offset)
    std::vector<StageSchedule> events;
    std::vector<Booth> booths;
    std::vector<Portal> portals;
    std::vector<Sign> signs;
    // Version 3: positions on the ground, resolved by placeOnGround.
    std::vector<GroundAnchor> groundAnchors;

    const CameraView* findView(const std::string& name) const;
    const Zone* findZone(const std::string& name) const;
    const Booth* findBooth(const std::string& id) const;
    const Portal* findPortal(const std::string& name) const;
};

}  // namespace places::scenes
