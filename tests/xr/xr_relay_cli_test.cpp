// `places xr --relay HOST:PORT --ticket FILE` end to end: an in-process relay
// on loopback (net::VenueHost) with 20 walking bots, the headset visitor on
// the simulated runtime through the real OpenXR loader (core validation layer
// on, its file must stay empty) and Vulkan on lavapipe with validation (exit 1
// on any message). On the other side, a watching client over ENet (the net
// client library, as a bot is) checks that the visitor's head and tracked
// hands arrive, and that the visitor leaves with a Bye (gone well before the
// relay's 10 s silence timeout) after --frames, Ctrl-C and a lost session.
// The bots' avatars must show in the eye images: the same run with the bots in
// another venue (so the visitor gets the same id and spot) is the baseline.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <glm/gtc/quaternion.hpp>
#include <nlohmann/json.hpp>

#include "places/net/relay_session.hpp"
#include "places/net/ticket.hpp"
#include "places/net/venue_host.hpp"
#include "places/render/rgba_image.hpp"
#include "run_places.hpp"
#include "sim_headset_env.hpp"

using places::city::test::tempPath;
using places::city::test::writeTemp;
using namespace places;

namespace {

const std::string kScene = std::string(PLACES_SOURCE_DIR) + "/scenes/career-fair.json";
const std::string kVenue = "career-fair";
const std::string kVisitor = "Headset";
// The "aisle" view of career-fair.json stands at local (-50, 0); joined
// visitors arrive around it on a spiral from 2 m out (the first ids within
// 4 m, unless a prop makes them step aside), facing its centre.
constexpr float kAisleX = -50.0f, kAisleZ = 0.0f;
constexpr int kCaptureFrame = 100;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// `places ARGUMENTS`, killed after 240 s (a hang fails instead of hanging the
// suite); `interruptAfter` > 0: sent SIGINT after that many seconds, its own
// exit code kept.
places::city::test::Run runCommand(const std::string& arguments, int interruptAfter) {
    std::string command = "timeout -s KILL 240 ";
    if (interruptAfter > 0) {
        command += "timeout --preserve-status -s INT ";
        command += std::to_string(interruptAfter);
        command += " ";
    }
    return places::city::test::runShell(command + places::city::test::placesProgram() + " " + arguments);
}

// The simulated runtime's unscripted grips: 0.2 m beside, 0.3 m below and
// 0.3 m ahead of the head (a desktop visitor's hands hang 0.22 m beside,
// 0.75 m below and 0.08 m ahead).
bool gripsAtSimulatedRest(const net::AvatarPose& pose) {
    const glm::quat toHead = glm::inverse(pose.head.orientation);
    const glm::vec3 right = toHead * (pose.rightHand.position - pose.head.position);
    const glm::vec3 left = toHead * (pose.leftHand.position - pose.head.position);
    return glm::length(right - glm::vec3(0.2f, -0.3f, -0.3f)) < 0.03f &&
           glm::length(left - glm::vec3(-0.2f, -0.3f, -0.3f)) < 0.03f;
}

// What the watching client saw of the visitor.
struct Watched {
    std::size_t updates = 0;              // snapshot entries that brought the visitor's pose
    std::optional<net::AvatarPose> last;  // the latest pose received
    // Poses whose hands were where the simulated controllers are (input is
    // tracked only while FOCUSED; otherwise hands hang at the hips).
    std::size_t trackedHands = 0;
    // When the first and last of them arrived (seconds on the steady clock),
    // and the relay's tick rate from its Welcome: the pose rate check.
    double firstUpdateS = -1, lastUpdateS = -1;
    std::uint32_t relayTickHz = 0;
    bool present = false;                 // in the roster when watching ended
    double goneAfterSeconds = -1;         // from the end of `places xr` until it left the roster
};

struct XrRun {
    places::city::test::Run run;
    nlohmann::json summary;
    std::string dir;
    std::string xrValidation;
    Watched watched;
};

// A client of the venue standing at the aisle's centre (where the bots walk)
// that records every update of the visitor's avatar.
class Watcher {
public:
    explicit Watcher(std::uint16_t port) {
        net::RelaySessionConfig config;
        config.port = port;
        config.venue = kVenue;
        config.name = "watcher";
        config.spectate = true;  // no avatar of its own in the visitor's eyes
        auto opened = net::RelaySession::open(config, clock_);
        REQUIRE(opened.value);
        session_ = std::move(*opened.value);
        net::AvatarPose pose;
        pose.head.position = {kAisleX, 1.7f, kAisleZ};
        session_->setPose(pose);
        session_->client().onAvatarUpdate = [this](const net::SnapshotReceiver::Update& u) { onUpdate(u); };
        for (int i = 0; i < 1000 && session_->state() == net::SessionState::Connecting; ++i) service();
        REQUIRE(session_->state() == net::SessionState::Joined);
    }

    void service() {
        session_->service();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        watched_.present = false;
        for (const auto& [id, p] : session_->client().participants())
            if (p.name == kVisitor) watched_.present = true;
    }

    // Every update of the visitor's avatar, exactly as the relay sent it.
    void onUpdate(const net::SnapshotReceiver::Update& update) {
        const net::Client& client = session_->client();
        const auto found = client.participants().find(update.id);
        if (found == client.participants().end() || found->second.name != kVisitor) return;
        const net::AvatarPose pose = net::dequantize(update.state, client.welcome()->bounds);
        ++watched_.updates;
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
        if (watched_.firstUpdateS < 0) watched_.firstUpdateS = now;
        watched_.lastUpdateS = now;
        watched_.relayTickHz = client.welcome()->tickRateHz;
        watched_.last = pose;
        if (gripsAtSimulatedRest(pose)) ++watched_.trackedHands;
        // Stand next to the visitor: the relay then sends its every pose
        // (the nearest avatars go at full rate, the far ones amortised).
        net::AvatarPose near = pose;
        near.head.position += glm::vec3(1.0f, 0.0f, 0.0f);
        session_->setPose(near);
    }

    // Services the session while `places xr` runs with `arguments` on
    // another thread; `interruptAfter` > 0: SIGINT (Ctrl-C) after that many seconds.
    places::city::test::Run runWhile(const std::string& arguments, int interruptAfter) {
        watched_ = {};
        std::atomic<bool> done{false};
        places::city::test::Run run;
        std::thread xr([&] {
            run = runCommand(arguments, interruptAfter);
            done = true;
        });
        while (!done) service();
        xr.join();
        // A Bye frees the slot at once; without one the relay waits 10 s.
        const auto end = std::chrono::steady_clock::now();
        for (;;) {
            service();
            const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - end).count();
            if (!watched_.present) {
                watched_.goneAfterSeconds = waited;
                break;
            }
            if (waited > 4.0) break;
        }
        return run;
    }

    const Watched& watched() const { return watched_; }

private:
    net::SteadyClock clock_;
    std::unique_ptr<net::RelaySession> session_;
    Watched watched_;
};

// Runs `places xr` joined to `host`'s venue with the visitor's ticket and the
// simulated headset's `script`, watched by `watcher`.
// `audio`: voice on, played by OpenAL Soft's null backend (it mixes like a
// sound card but plays nothing), so the headset's voice path runs in CI.
XrRun runJoined(const std::string& name, net::VenueHost& host, Watcher& watcher, nlohmann::json script,
                const std::string& arguments, int interruptAfter = 0, bool audio = false) {
    XrRun out;
    out.dir = tempPath("xr_relay_" + name);
    std::filesystem::remove_all(out.dir);
    std::filesystem::create_directories(out.dir);
    script["refresh_hz"] = 90;
    script["eye_size"] = {256, 224};
    script["capture"]["directory"] = out.dir;
    script["capture"]["frames"] = {kCaptureFrame};
    // The head drifts 2 mm a frame to its right (the relay sends an avatar
    // only when it changed, and a real head never stands perfectly still).
    script["head"] = {{{"frame", 1}, {"position", {0.0, 1.6, 0.0}}, {"orientation", {0, 0, 0, 1}}},
                      {{"frame", 301}, {"position", {0.6, 1.6, 0.0}}, {"orientation", {0, 0, 0, 1}}}};
    const std::string ticket = writeTemp("xr_relay_" + name + ".ticket",
                                         net::toBase64Url(host.ticket(kVenue, net::Role::Visitor, kVisitor)) + "\n");
    const std::string validation = out.dir + "/xr-validation.txt";
    places::xr::test::useSimulatedHeadset("xr_relay_" + name + ".json", script, validation);
    ::setenv("VK_DRIVER_FILES", "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json", 1);
    if (audio)
        ::setenv("ALSOFT_DRIVERS", "null", 1);
    else
        ::unsetenv("ALSOFT_DRIVERS");
    out.run = watcher.runWhile("xr " + kScene + " --view aisle --simulated --validation" +
                                   std::string(audio ? "" : " --no-audio") + " --relay 127.0.0.1:" +
                                   std::to_string(host.port()) + " --ticket " + ticket + " --summary " + out.dir +
                                   "/summary.json " + arguments,
                               interruptAfter);
    out.xrValidation = readFile(validation);
    const std::string summary = readFile(out.dir + "/summary.json");
    if (!summary.empty()) out.summary = nlohmann::json::parse(summary);
    out.watched = watcher.watched();
    return out;
}

// `talkers`: that many of the 20 bots talk (generated speech, Opus).
std::unique_ptr<net::VenueHost> startHost(const std::string& botVenue, std::size_t talkers = 0) {
    auto host = net::VenueHost::start();
    REQUIRE(host.value);
    net::BotGroup bots;
    bots.venue = botVenue;
    bots.count = 20;
    bots.centreX = kAisleX;
    bots.centreZ = kAisleZ;
    bots.areaMetres = 3.0f;  // all within 1.5 m of the ring's centre, which the visitor faces
    bots.voice = talkers;
    (*host.value)->addBots(bots);
    REQUIRE((*host.value)->waitForParticipants(20, 30.0));
    return std::move(*host.value);
}

void requireJoinedRun(const XrRun& r, int exitCode, const std::string& ending) {
    INFO(r.run.output);
    REQUIRE(r.run.exitCode == exitCode);
    REQUIRE(r.run.output.find(ending) != std::string::npos);
    REQUIRE(r.run.output.find("left the venue") != std::string::npos);
    REQUIRE(r.xrValidation.empty());
}

// The watcher got the visitor's head around the aisle at the
// simulated head's height, and hands where the simulated controllers are.
void requirePosesArrived(const Watched& w) {
    REQUIRE(w.updates >= 10);
    REQUIRE(w.last);
    const glm::vec3 head = w.last->head.position;
    const double ring = std::hypot(double(head.x - kAisleX), double(head.z - kAisleZ));
    CHECK(ring > 1.5);
    CHECK(ring < 10.0);
    CHECK(head.y == Approx(1.6).margin(0.1));  // STAGE floor on the ground (y ~ 0), head 1.6 m above it
    // Head and hands as the headset tracks them, not a desktop visitor's rest pose.
    CHECK(w.trackedHands >= 5);
    // The headset sends once per displayed frame (up to 90 Hz); the relay
    // passes them on at most once per tick, so they arrive at no more than
    // its rate (one tick of slack for where the first and last fell).
    REQUIRE(w.relayTickHz > 0);
    REQUIRE(w.lastUpdateS > w.firstUpdateS);
    const double rateHz = double(w.updates - 1) / (w.lastUpdateS - w.firstUpdateS);
    INFO("visitor poses arrived at " << rateHz << " Hz; relay tick " << w.relayTickHz << " Hz");
    CHECK(double(w.updates - 1) <= (w.lastUpdateS - w.firstUpdateS) * double(w.relayTickHz) + 1.0);
}

// Pixels whose colour differs by more than a small tolerance, and their mean column.
struct Difference {
    std::size_t pixels = 0;
    double meanColumn = 0;
};

Difference difference(const render::RgbaImage& a, const render::RgbaImage& b) {
    Difference d;
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    double columns = 0;
    for (std::uint32_t y = 0; y < a.height; ++y)
        for (std::uint32_t x = 0; x < a.width; ++x) {
            const std::size_t i = (std::size_t(y) * a.width + x) * 4;
            int most = 0;
            for (int c = 0; c < 3; ++c) most = std::max(most, std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])));
            if (most > 24) {
                ++d.pixels;
                columns += x;
            }
        }
    if (d.pixels > 0) d.meanColumn = columns / double(d.pixels);
    return d;
}

}  // namespace

TEST_CASE("places xr with a relay and 20 bots: poses arrive at the bots, the bots show in both eyes, Bye on exit") {
    // Baseline: the bots walk in another venue, so the visitor (after the 20
    // bots and the watcher, the same participant id) stands on the same spot
    // with nobody in view.
    XrRun alone, joined;
    {
        auto host = startHost("elsewhere");
        Watcher watcher(host->port());
        alone = runJoined("alone", *host, watcher, nlohmann::json::object(), "--frames 120");
    }
    {
        auto host = startHost(kVenue);
        Watcher watcher(host->port());
        joined = runJoined("crowd", *host, watcher, nlohmann::json::object(), "--frames 120");
    }
    requireJoinedRun(alone, 0, "120 rendered, session ended");
    requireJoinedRun(joined, 0, "120 rendered, session ended");
    INFO(alone.summary.dump() + "\n" + joined.summary.dump());

    // On the bots' side: head and hands arrived, the visitor left with a Bye.
    requirePosesArrived(joined.watched);
    requirePosesArrived(alone.watched);
    CHECK(joined.watched.goneAfterSeconds >= 0);
    CHECK(joined.watched.goneAfterSeconds < 3.0);
    // The same spot in both runs (the same id on the ring), so the images compare.
    CHECK(glm::length(joined.watched.last->head.position - alone.watched.last->head.position) < 0.05f);

    // In the frame statistics: the bots' avatars drawn, none without them.
    CHECK(joined.summary.at("venue").at("avatars_drawn_max").get<int>() >= 15);
    CHECK(joined.summary.at("venue").at("participants_seen").get<int>() >= 20);
    CHECK(alone.summary.at("venue").at("avatars_drawn_max").get<int>() == 0);

    // In the pixels: both eyes differ from the baseline where the bots stand,
    // straight ahead (the visitor faces the ring's centre).
    for (const char* eye : {"left", "right"}) {
        INFO(eye);
        const std::string file = "/frame-" + std::to_string(kCaptureFrame) + "-" + eye + ".png";
        const render::RgbaImage a = render::readPng(alone.dir + file);
        const render::RgbaImage b = render::readPng(joined.dir + file);
        REQUIRE(a.width == 256);
        const Difference d = difference(a, b);
        INFO("pixels " << d.pixels << ", mean column " << d.meanColumn);
        CHECK(d.pixels > 300);
        CHECK(d.meanColumn > 256 * 0.25);
        CHECK(d.meanColumn < 256 * 0.75);
    }
}

TEST_CASE("places xr with a relay leaves the venue with a Bye on Ctrl-C and when the session is lost") {
    auto host = startHost("elsewhere");
    Watcher watcher(host->port());
    // Ctrl-C after 6 s of an endless run: the session steps down, then Bye.
    const XrRun interrupted = runJoined("sigint", *host, watcher, nlohmann::json::object(), "", 6);
    requireJoinedRun(interrupted, 0, "session ended");
    CHECK(interrupted.watched.updates >= 3);
    CHECK(interrupted.watched.goneAfterSeconds >= 0);
    CHECK(interrupted.watched.goneAfterSeconds < 3.0);

    // The runtime loses the session at frame 40: exit 1 with the reason, and Bye.
    const XrRun lost = runJoined("lost", *host, watcher, {{"loss_at_frame", 40}}, "--frames 120");
    requireJoinedRun(lost, 1, "session lost");
    CHECK(lost.run.output.find("the headset session was lost") != std::string::npos);
    CHECK(lost.watched.updates >= 3);
    CHECK(lost.watched.goneAfterSeconds >= 0);
    CHECK(lost.watched.goneAfterSeconds < 3.0);
}

TEST_CASE("places xr with a relay hears the talking bots: voice received, mixed and shown as speaking rings") {
    // Three of the 20 bots talk (speech-like spurts). The headset's voice
    // session plays through OpenAL Soft's null backend: it decodes, places
    // and mixes every voice as on a sound card. Without a microphone on that
    // backend the visitor listens only.
    auto host = startHost(kVenue, 3);
    Watcher watcher(host->port());
    const XrRun heard = runJoined("voice", *host, watcher, nlohmann::json::object(), "--frames 240", 0, true);
    requireJoinedRun(heard, 0, "240 rendered, session ended");
    INFO(heard.summary.dump());
    CHECK(heard.run.output.find("places xr: voice:") != std::string::npos);
    const nlohmann::json& venue = heard.summary.at("venue");
    CHECK(venue.at("voice_on").get<bool>());
    // 240 frames at 90 Hz are 2.7 s: three talkers send 50 frames/s in their spurts.
    CHECK(venue.at("voice_frames_received").get<int>() >= 30);
    CHECK(venue.at("speaking_max").get<int>() >= 1);
    CHECK(venue.at("speaking_max").get<int>() <= 3);

    // The same run with --no-audio: frames may arrive, but nothing is played or shown as speaking.
    const XrRun silent = runJoined("voice_off", *host, watcher, nlohmann::json::object(), "--frames 120");
    requireJoinedRun(silent, 0, "120 rendered, session ended");
    CHECK_FALSE(silent.summary.at("venue").at("voice_on").get<bool>());
    CHECK(silent.summary.at("venue").at("speaking_max").get<int>() == 0);
}
