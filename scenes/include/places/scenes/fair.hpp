#pragma once
// What an event needs beyond the place itself (scene format version 2,
// docs/formats/scene.md): stage schedules, exhibitor booths, portals to other
// venues and signs. Plain data read from the scene file; the relay runs the
// rules on it (net/fair_*), the renderer draws booths and signs from it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

namespace places::scenes {

// Instants are Unix seconds (UTC). The file gives ISO 8601 with the venue's UTC
// offset ("2026-07-11T14:00+02:00"): GCC 12's libstdc++ has no C++20 time-zone
// database, so the offset is explicit and `Scene::timeZone` (an IANA name)
// only labels it for people.
struct TimeSpan {
    std::int64_t start = 0;
    std::int64_t end = 0;  // > start
    bool contains(std::int64_t t) const { return t >= start && t < end; }
};

struct Act {
    std::string title;
    std::string performer;
    TimeSpan time;
    std::string image;  // resolved path of a PNG/JPEG; empty = none
};

struct Sign {
    std::string name;
    std::string text;     // UTF-8, may be empty when there is an image
    std::string image;    // resolved PNG/JPEG path; empty = none
    glm::dvec3 position{0.0};  // centre of the sign's face, local frame
    double yawDeg = 0.0;       // the face looks towards this compass heading
    double width = 4.0;        // metres
    double height = 1.0;       // metres
};

// The program of one stage zone; acts sorted by start, never overlapping.
struct StageSchedule {
    std::string zone;  // a zone of kind stage
    std::vector<Act> acts;
    // Where the stage's screen shows "now" and "next" (position, yaw, width
    // and height; name, text and image unused); none: the client places it.
    std::optional<Sign> screen;

    // The act on at `t` and the next one to start after `t` (none past the end).
    const Act* now(std::int64_t t) const;
    const Act* next(std::int64_t t) const;
};

struct Booth {
    std::string id;           // unique; tickets of staff name it (see `staff`)
    std::string zone;         // a zone of kind booth (where the visitors queue); empty = none
    std::string company;      // required
    std::string description;
    std::string logo;         // resolved PNG/JPEG path; empty = none
    std::vector<TimeSpan> openHours;  // empty = open whenever the relay runs
    std::string model;        // resolved asset path of the booth prop; empty = the default booth
    std::vector<std::string> staff;   // ticket names of the exhibitors who staff it
    std::optional<double> facingDeg;  // compass heading of the booth's front; none = towards the aisle (booth_props.hpp)

    bool openAt(std::int64_t t) const;
};

// Walking into `zone` takes a visitor to `venue` (a venue id a relay knows),
// appearing at `spawn` there; `scene` (optional) is the scene file a client
// loads for it.
struct Portal {
    std::string name;
    std::string zone;
    std::string venue;
    std::string scene;  // resolved path; empty = the client knows the venue's scene
    std::string spawn;  // a spawn of the target scene; empty = its first
};

}  // namespace places::scenes
