// Portals in the headset (issue #10): `places relay --key --scene a.json
// --scene b.json` on loopback, `places xr a.json --relay --ticket` on the
// simulated runtime (OpenXR core validation on, its file must stay empty;
// Vulkan validation on, exit 1 on any message). The visitor arrives on the
// ring 2 m from A's spawn facing it; the scripted head walks 2 m forward into
// the portal zone around the spawn and stands there. The relay moves the
// session (its log says so), the headset loads B through the front ends'
// arrival path and draws it, the tracking space moved so that the head
// stands at B's arrival spawn. With the client's copy of B broken, the
// visitor stays in A (the relay takes them back) and says why.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "portal_fixture.hpp"
#include "run_places.hpp"
#include "sim_headset_env.hpp"

using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::test::readFile;

namespace {

// A: spawn at the origin, the portal zone 1.5 m square around it (the ring
// of arrivals, 2 m out, is outside its re-arm band); B: the arrival spawn
// 50 m east and 50 m north, facing south, its way back far from it.
void writeScenes(const std::filesystem::path& dir) {
    const std::string origin = R"("origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0})";
    places::test::writeFile(dir / "a.json", std::string(R"({"version": 2, "name": "Hall A", )") + origin + R"(,
      "spawns": [{"name": "start", "position": [0, 0, 0], "yaw": 0}],
      "zones": [{"name": "Gate", "kind": "area", "shape": {"box": {"center": [0, 0, 0], "size": [1.5, 1.5]}}}],
      "portals": [{"name": "to the plaza", "zone": "Gate", "scene": "b.json", "spawn": "arrival"}]})");
    places::test::writeFile(dir / "b.json", std::string(R"({"version": 2, "name": "Plaza B", )") + origin + R"(,
      "spawns": [{"name": "arrival", "position": [50, 50, 0], "yaw": 180}],
      "zones": [{"name": "Back", "kind": "area", "shape": {"box": {"center": [-20, 0, 0], "size": [4, 4]}}}],
      "portals": [{"name": "back to the hall", "zone": "Back", "scene": "a.json", "spawn": "start"}]})");
}

// A fresh temporary folder with the relay's and the client's copies of the scenes.
std::filesystem::path freshScenes(const std::string& name) {
    const std::filesystem::path dir = tempPath(name);
    std::filesystem::remove_all(dir);
    for (const char* side : {"relay", "client"}) {
        std::filesystem::create_directories(dir / side);
        writeScenes(dir / side);
    }
    return dir;
}

struct PortalRun {
    places::city::test::Run run;
    nlohmann::json summary;
    std::string relayLog, xrValidation;
};

// Head still at the play space's centre, then 2 m forward (to A's spawn,
// the ring's centre) by frame 150, standing there after.
nlohmann::json walkScript() {
    nlohmann::json script;
    script["head"] = {{{"frame", 1}, {"position", {0.0, 1.6, 0.0}}, {"orientation", {0, 0, 0, 1}}},
                      {{"frame", 30}, {"position", {0.0, 1.6, 0.0}}, {"orientation", {0, 0, 0, 1}}},
                      {{"frame", 150}, {"position", {0.0, 1.6, -2.0}}, {"orientation", {0, 0, 0, 1}}}};
    return script;
}

// The relay with the good scenes; the headset with `clientDir`'s copy of them,
// the simulated visitor doing what `script` says (walkScript by default).
PortalRun walkIntoGate(const std::filesystem::path& dir, const std::filesystem::path& clientDir, const std::string& name,
                       nlohmann::json script = walkScript()) {
    PortalRun out;
    const std::string key = (dir / "relay.key").string();
    if (!std::filesystem::exists(key)) REQUIRE(runPlaces("ticket --generate-key " + key).exitCode == 0);
    const auto ticket = places::city::test::runShell(places::city::test::placesProgram() + " ticket --key " + key +
                                                     " --venue a --role visitor --name Headset --ttl 600 > " +
                                                     (dir / (name + ".ticket")).string());
    REQUIRE(ticket.exitCode == 0);
    {
        places::test::RelayProcess relay({"relay", "--key", (dir / "relay.key").string(), "--port", "0", "--scene",
                                          (dir / "relay/a.json").string(), "--scene", (dir / "relay/b.json").string()},
                                         dir / (name + "-relay.log"));
        REQUIRE(relay.port > 0);
        script["refresh_hz"] = 90;
        script["eye_size"] = {160, 128};
        const std::string validation = (dir / (name + "-xr-validation.txt")).string();
        places::xr::test::useSimulatedHeadset("xr_portal_" + name + ".json", script, validation);
        const std::string summary = (dir / (name + "-summary.json")).string();
        out.run = runPlaces("xr " + (clientDir / "a.json").string() + " --simulated --validation --frames 400" +
                                " --relay 127.0.0.1:" + std::to_string(relay.port) + " --ticket " +
                                (dir / (name + ".ticket")).string() + " --summary " + summary,
                            240);
        out.xrValidation = readFile(validation);
        const std::string json = readFile(summary);
        if (!json.empty()) out.summary = nlohmann::json::parse(json);
    }
    out.relayLog = readFile(dir / (name + "-relay.log"));
    return out;
}

// A clean run (exit 0, no OpenXR validation messages) that the relay moved
// through A's portal, B loaded once and drawn for more than 10 frames.
void requireMovedToB(const PortalRun& moved) {
    INFO(moved.run.output);
    INFO(moved.relayLog);
    REQUIRE(moved.run.exitCode == 0);
    CHECK(moved.xrValidation.empty());
    REQUIRE(moved.summary.is_object());
    INFO(moved.summary.dump());
    CHECK(moved.relayLog.find("portal 'to the plaza' from a") != std::string::npos);
    CHECK(moved.summary.at("scene") == "b");
    CHECK(moved.summary.at("portal_arrivals") == 1);
    CHECK(moved.summary.at("frames_in_scene").get<int>() > 10);
    CHECK(moved.run.output.find("places xr: arrived in b") != std::string::npos);
}

}  // namespace

TEST_CASE("places xr: walking into a portal zone takes the headset visitor to the other venue, drawn at its spawn") {
    const std::filesystem::path dir = freshScenes("xr_portal");

    const PortalRun moved = walkIntoGate(dir, dir / "client", "moved");
    requireMovedToB(moved);
    INFO(moved.summary.dump());
    // The head stands at B's arrival spawn (50 m east, 50 m north): the tracking space moved, the head did not.
    const auto& head = moved.summary.at("head");
    // (The scripted head walks on until frame 150: at most the zone's far half, 0.75 m, south of the spawn.)
    CHECK(head.at(0).get<double>() == Approx(50.0).margin(0.05));
    CHECK(head.at(2).get<double>() >= -50.01);
    CHECK(head.at(2).get<double>() <= -49.2);
    CHECK(moved.summary.at("head_yaw_deg").get<double>() == Approx(180.0).margin(0.5));
    CHECK(moved.summary.at("portals_entered") == 1);

    // The client's B is broken: the headset stays in A, the relay takes it back.
    // (A portal naming its scene has it checked when A loads; one naming
    // only the venue leads to "<venue>.json" beside A, found broken on arrival.)
    const std::string a = readFile(dir / "client" / "a.json");
    const std::string named = R"(, "scene": "b.json")";
    places::test::writeFile(dir / "client" / "a.json",
                            a.substr(0, a.find(named)) + R"(, "venue": "b")" + a.substr(a.find(named) + named.size()));
    places::test::writeFile(dir / "client" / "b.json", "{\"version\": 2,\n  \"spawns\": [oops]}\n");
    const PortalRun stayed = walkIntoGate(dir, dir / "client", "stayed");
    INFO(stayed.run.output);
    INFO(stayed.relayLog);
    REQUIRE(stayed.run.exitCode == 0);
    CHECK(stayed.xrValidation.empty());
    REQUIRE(stayed.summary.is_object());
    CHECK(stayed.summary.at("scene") == "a");
    CHECK(stayed.summary.at("portal_arrivals") == 0);
    CHECK(stayed.run.output.find("cannot open the venue 'b'") != std::string::npos);
    CHECK(stayed.run.output.find("client/b.json:2:") != std::string::npos);
    CHECK(stayed.run.output.find("places xr: back in a") != std::string::npos);
    CHECK(stayed.relayLog.find("portal 'return' from b") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("places xr: a teleport onto a portal zone takes the headset visitor to the other venue, drawn at its spawn") {
    // Teleports may land in a portal's zone (the arc refuses only what is not
    // walkable ground, and a portal's zone is ground): landing there is
    // walking in, in one step. The head never moves in the play space; the
    // right hand, 0.3 m ahead at 1.3 m, pitched 35 degrees down, throws the
    // arc (12 m/s, teleport_arc.hpp) about 1.7 m further: 2 m ahead of the
    // head, the centre of A's gate on the arrival ring. Trigger held 40-59.
    const std::filesystem::path dir = freshScenes("xr_portal_teleport");
    const double pitch = -35.0 * M_PI / 180.0;
    nlohmann::json script;
    script["head"] = {{{"frame", 1}, {"position", {0.0, 1.6, 0.0}}, {"orientation", {0, 0, 0, 1}}}};
    script["hands"]["right"] = {{{"frame", 1},
                                 {"position", {0.0, 1.3, -0.3}},
                                 {"orientation", {std::sin(pitch / 2), 0.0, 0.0, std::cos(pitch / 2)}}}};
    script["inputs"] = {{{"frame", 40}, {"path", "/user/hand/right/input/trigger/value"}, {"value", 1}},
                        {{"frame", 60}, {"path", "/user/hand/right/input/trigger/value"}, {"value", 0}}};

    const PortalRun moved = walkIntoGate(dir, dir / "client", "teleported", script);
    requireMovedToB(moved);
    INFO(moved.summary.dump());
    CHECK(moved.summary.at("teleports") == 1);  // a teleport, no walking
    CHECK(moved.summary.at("portals_entered") == 1);
    // The head stood still after the teleport: it stands exactly at B's arrival spawn.
    const auto& head = moved.summary.at("head");
    CHECK(head.at(0).get<double>() == Approx(50.0).margin(0.05));
    CHECK(head.at(2).get<double>() == Approx(-50.0).margin(0.05));
    std::filesystem::remove_all(dir);
}
