#pragma once
// What the relay knows of the events in its venues (issue #10): stage
// schedules, booths with their staff, portals between venues. Plain data; the
// `places relay --scene FILE` command fills it from scene files (format
// version 2, docs/formats/scene.md), so places_net needs no scene reader.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

namespace places::net {

struct FairAct {
    std::string title, performer;
    std::int64_t start = 0, end = 0;  // Unix seconds
};

struct FairStage {
    std::string zone;
    std::vector<FairAct> acts;  // sorted by start, not overlapping
    const FairAct* now(std::int64_t t) const;
    const FairAct* next(std::int64_t t) const;
};

struct FairBooth {
    std::string id, company;
    std::vector<std::string> staff;  // ticket names of its exhibitors
    std::vector<std::pair<std::int64_t, std::int64_t>> openHours;  // [start, end) Unix s; empty = always
    bool openAt(std::int64_t t) const;
};

// A horizontal outline (x, z in the venue frame, metres) between floor and floor + height.
struct FairZone {
    std::vector<glm::dvec2> outline;
    double floor = 0.0, height = 4.0;
    bool contains(const glm::dvec3& p) const;
};

struct FairPortal {
    std::string name;
    FairZone zone;
    std::string venue;  // target venue id
    std::string spawn;  // spawn name there (told to the client)
};

struct FairVenue {
    std::string venue;
    std::vector<FairStage> stages;
    std::vector<FairBooth> booths;
    std::vector<FairPortal> portals;
};

struct FairConfig {
    std::vector<FairVenue> venues;
    // The event clock (schedules, open hours): Unix time now plus `offsetSeconds`,
    // or `fixedTime` when set (`places relay --clock`, for tests and rehearsals).
    std::optional<std::int64_t> fixedTime;
    std::int64_t offsetSeconds = 0;
    std::uint32_t talksPerExhibitor = 4;
    std::uint64_t queueAbsenceMs = 600'000;  // a queue entry without its visitor this long is dropped
    std::uint32_t statusIntervalMs = 1000;   // booth status broadcast at most this often per booth
    std::uint32_t defaultTalkSeconds = 300;  // wait estimate before any talk was held
    const FairVenue* find(const std::string& venue) const;
};

}  // namespace places::net
