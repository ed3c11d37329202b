// Scene format version 2: schedules, booths, portals and signs, from the
// shipped files and from small files with one defect each (exit-2 material:
// every error names the JSON path).
#include <catch2/catch.hpp>

#include <string>

#include "places/scenes/scene_file.hpp"
#include "places/scenes/sun.hpp"
#include "shipped_scene.hpp"

using namespace places::scenes;
using places::scenes::test::loadShipped;

namespace {

const std::string kFairScenePath = std::string(PLACES_SOURCE_DIR) + "/scenes/fair-test.json";

std::int64_t at(const char* iso) {
    auto t = parseIsoTime(iso);
    REQUIRE(t);
    return static_cast<std::int64_t>(*t);
}

// A version 2 scene with one stage and one booth zone plus `extra` top-level members.
std::string fairScene(const std::string& extra) {
    return R"({"version": 2, "name": "t", "venue": "t",
  "origin": {"crs": "EPSG:25832", "east": 365760.0, "north": 5713580.0, "height": 52.0},
  "zones": [
    {"name": "Stage", "kind": "stage", "shape": {"box": {"center": {"local": [0, 0, 0]}, "size": [10, 10]}}},
    {"name": "B1", "kind": "booth", "shape": {"box": {"center": {"local": [20, 0, 0]}, "size": [5, 5]}}},
    {"name": "Gate", "kind": "area", "shape": {"box": {"center": {"local": [40, 0, 0]}, "size": [2, 2]}}}
  ])" + extra + "}";
}

// The single error must sit at `pointer` and contain `text`.
void requireError(const std::string& json, const std::string& pointer, const std::string& text) {
    auto r = parseScene(json, kFairScenePath);
    INFO(r.diagnostics.firstError());
    REQUIRE(r.diagnostics.errorCount() == 1);
    for (const auto& d : r.diagnostics.items()) {
        if (d.severity != places::Severity::Error) continue;
        CHECK(d.where.pointer == pointer);
        CHECK_THAT(d.message, Catch::Contains(text));
    }
}

}  // namespace

TEST_CASE("the shipped career fair has booths, a talk schedule, a portal and signs") {
    const Scene fair = loadShipped("career-fair.json");
    CHECK(fair.venueId == "career-fair");
    CHECK(fair.timeZone == "Europe/Berlin");
    REQUIRE(fair.booths.size() == 8);
    for (const Booth& b : fair.booths) {
        CHECK_FALSE(b.company.empty());
        CHECK_FALSE(b.staff.empty());
        CHECK_FALSE(b.logo.empty());
        const Zone* z = fair.findZone(b.zone);
        REQUIRE(z != nullptr);
        CHECK(z->kind == ZoneKind::Booth);
    }
    REQUIRE(fair.events.size() == 1);
    const StageSchedule& talks = fair.events[0];
    CHECK(talks.zone == "Talk stage");
    // 10:15 local = 08:15 UTC: the mechatronics talk is on, the energy talk next.
    const Act* now = talks.now(at("2024-10-09T10:15+02:00"));
    REQUIRE(now != nullptr);
    CHECK(now->performer == "Ruhr Robotics GmbH");
    const Act* next = talks.next(at("2024-10-09T10:15+02:00"));
    REQUIRE(next != nullptr);
    CHECK(next->performer == "Emscher Energie AG");
    // Between talks nothing is on, but something is next; after the last, nothing.
    CHECK(talks.now(at("2024-10-09T09:45+02:00")) == nullptr);
    CHECK(talks.next(at("2024-10-09T09:45+02:00")) != nullptr);
    CHECK(talks.next(at("2024-10-09T18:00+02:00")) == nullptr);
    // Halde Solar closes for lunch.
    const Booth* solar = fair.findBooth("N4");
    REQUIRE(solar != nullptr);
    CHECK(solar->openAt(at("2024-10-09T11:59+02:00")));
    CHECK_FALSE(solar->openAt(at("2024-10-09T12:30+02:00")));
    REQUIRE(fair.portals.size() == 1);
    CHECK(fair.portals[0].venue == "gelsenkirchen-festival");
    CHECK(fair.portals[0].spawn == "entrance");
    bool stageSign = false;
    for (const Sign& s : fair.signs) stageSign |= s.text == "Ausbildungsmesse Gelsenkirchen – Bühne";
    CHECK(stageSign);
}

TEST_CASE("the shipped festival has a day's schedule and a portal back to the fair") {
    const Scene fest = loadShipped("gelsenkirchen-festival.json");
    const Scene fair = loadShipped("career-fair.json");
    REQUIRE(fest.events.size() == 1);
    CHECK(fest.events[0].acts.size() >= 5);
    const Act* headliner = fest.events[0].now(at("2024-07-13T21:00+02:00"));
    REQUIRE(headliner != nullptr);
    CHECK(headliner->performer == "Die Knappen-Kapelle");
    REQUIRE(fest.portals.size() == 1);
    CHECK(fest.portals[0].venue == "career-fair");
    CHECK(fair.findZone(fair.portals[0].zone) != nullptr);
    CHECK(checkPortalTargets({fair, fest}).errorCount() == 0);
    // Alone, the fair's portal leads nowhere the relay knows.
    const auto alone = checkPortalTargets({fair});
    REQUIRE(alone.errorCount() == 1);
    CHECK(alone.items()[0].where.pointer == "portals[0].venue");
    CHECK_THAT(alone.items()[0].message, Catch::Contains("unknown venue 'gelsenkirchen-festival'"));
}

TEST_CASE("a fair scene reads every section") {
    auto r = parseScene(fairScene(R"(,
  "timeZone": "Europe/Berlin",
  "events": [{"stage": "Stage", "acts": [
     {"title": "B", "start": "2026-07-11T15:00+02:00", "end": "2026-07-11T16:00+02:00"},
     {"title": "A", "performer": "x", "start": "2026-07-11T14:00+02:00", "end": "2026-07-11T15:00+02:00"}]}],
  "booths": [{"id": "b1", "zone": "B1", "company": "C", "staff": ["anna"]}],
  "portals": [{"name": "p", "zone": "Gate", "venue": "other"}],
  "signs": [{"name": "s", "text": "Grüße", "position": {"local": [1, 2, 3]}, "yaw": 90}])"), kFairScenePath);
    INFO(r.diagnostics.firstError());
    REQUIRE(r.value);
    CHECK(r.diagnostics.errorCount() == 0);
    const Scene& s = *r.value;
    REQUIRE(s.events.size() == 1);
    REQUIRE(s.events[0].acts.size() == 2);
    CHECK(s.events[0].acts[0].title == "A");  // sorted by start
    CHECK(s.events[0].acts[0].time.start == at("2026-07-11T12:00Z"));
    REQUIRE(s.booths.size() == 1);
    CHECK(s.booths[0].staff == std::vector<std::string>{"anna"});
    REQUIRE(s.portals.size() == 1);
    CHECK(s.portals[0].venue == "other");
    REQUIRE(s.signs.size() == 1);
    CHECK(s.signs[0].position.y == 2.0);
}

TEST_CASE("version 1 files ignore the event sections with a warning") {
    std::string json = fairScene(R"(, "booths": [{"id": "b1", "company": "C"}])");
    json.replace(json.find("\"version\": 2"), 12, "\"version\": 1");
    auto r = parseScene(json, kFairScenePath);
    REQUIRE(r.value);
    CHECK(r.diagnostics.errorCount() == 0);
    CHECK(r.diagnostics.warningCount() == 1);
    CHECK(r.value->booths.empty());
}

TEST_CASE("bad fair entries are errors at their JSON path") {
    SECTION("booth without company") {
        requireError(fairScene(R"(, "booths": [{"id": "b1", "zone": "B1"}])"), "booths[0].company", "missing");
    }
    SECTION("overlapping time slots") {
        requireError(fairScene(R"(, "events": [{"stage": "Stage", "acts": [
          {"title": "A", "start": "2026-07-11T14:00+02:00", "end": "2026-07-11T15:00+02:00"},
          {"title": "B", "start": "2026-07-11T14:30+02:00", "end": "2026-07-11T15:30+02:00"}]}])"),
                     "events[0].acts[1]", "overlaps events[0].acts[0]");
    }
    SECTION("an act ending before it starts") {
        requireError(fairScene(R"(, "events": [{"stage": "Stage", "acts": [
          {"title": "A", "start": "2026-07-11T14:00+02:00", "end": "2026-07-11T13:00+02:00"}]}])"),
                     "events[0].acts[0].end", "ends before it starts");
    }
    SECTION("a time without offset") {
        requireError(fairScene(R"(, "events": [{"stage": "Stage", "acts": [
          {"title": "A", "start": "2026-07-11T14:00", "end": "2026-07-11T15:00+02:00"}]}])"),
                     "events[0].acts[0].start", "UTC offset");
    }
    SECTION("a schedule on a zone that is no stage") {
        requireError(fairScene(R"(, "events": [{"stage": "B1", "acts": []}])"), "events[0].stage", "expected a stage");
    }
    SECTION("a portal whose scene file is another venue") {
        requireError(fairScene(R"(, "portals": [{"name": "p", "zone": "Gate", "venue": "nowhere", "scene": "career-fair.json"}])"),
                     "portals[0].venue", "unknown venue 'nowhere'");
    }
    SECTION("a portal to an unknown zone") {
        requireError(fairScene(R"(, "portals": [{"name": "p", "zone": "Nope", "venue": "x"}])"), "portals[0].zone",
                     "unknown zone 'Nope'");
    }
    SECTION("a logo outside the scene's folders") {
        requireError(fairScene(R"(, "booths": [{"id": "b1", "company": "C", "logo": "../../etc/passwd"}])"),
                     "booths[0].logo", "outside");
    }
    SECTION("a logo that is no image") {
        requireError(fairScene(R"(, "booths": [{"id": "b1", "company": "C", "logo": "career-fair.json"}])"),
                     "booths[0].logo", "not a PNG or JPEG");
    }
    SECTION("duplicate booth ids") {
        requireError(fairScene(R"(, "booths": [{"id": "b1", "company": "C"}, {"id": "b1", "company": "D"}])"),
                     "booths[1].id", "duplicate");
    }
    SECTION("a sign with neither text nor image") {
        requireError(fairScene(R"(, "signs": [{"name": "s", "position": {"local": [0, 0, 0]}}])"), "signs[0]",
                     "text or an image");
    }
    SECTION("a stage screen without a position, or too wide") {
        const std::string acts = R"("acts": [{"title": "A", "start": "2026-07-11T14:00+02:00", "end": "2026-07-11T15:00+02:00"}])";
        requireError(fairScene(R"(, "events": [{"stage": "Stage", "screen": {"yaw": 90}, )" + acts + "}]"),
                     "events[0].screen.position", "");
        requireError(fairScene(R"(, "events": [{"stage": "Stage", "screen": {"position": {"local": [0, 3, 0]}, "width": 2000}, )" +
                               acts + "}]"),
                     "events[0].screen.width", "out of range");
    }
}

TEST_CASE("a stage screen's placement is read, absent means the client places it") {
    auto r = parseScene(fairScene(R"(, "events": [
    {"stage": "Stage", "screen": {"position": {"local": [1, 4, -2]}, "yaw": 270, "width": 8},
     "acts": [{"title": "A", "start": "2026-07-11T14:00+02:00", "end": "2026-07-11T15:00+02:00"}]}])"), kFairScenePath);
    INFO(r.diagnostics.firstError());
    REQUIRE(r.value);
    CHECK(r.diagnostics.errorCount() == 0);
    CHECK(r.diagnostics.warningCount() == 0);
    REQUIRE(r.value->events.size() == 1);
    const auto& screen = r.value->events[0].screen;
    REQUIRE(screen.has_value());
    CHECK(screen->position == glm::dvec3(1.0, 4.0, -2.0));
    CHECK(screen->yawDeg == 270.0);
    CHECK(screen->width == 8.0);
    CHECK(screen->height == 2.0);  // the screen's default
    // The shipped stages place theirs on the stage's back wall.
    CHECK(loadShipped("career-fair.json").events[0].screen.has_value());
    CHECK(loadShipped("gelsenkirchen-festival.json").events[0].screen.has_value());
}
