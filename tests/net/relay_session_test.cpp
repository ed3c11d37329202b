// A front end's RelaySession and Presence against a real relay with real bots,
// over ENet on loopback (label integration). Every wait has a generous deadline:
// a loaded machine slows these tests down instead of failing them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "places/net/presence.hpp"
#include "places/net/relay_session.hpp"
#include "places/net/ticket.hpp"
#include "places/net/venue_host.hpp"

using namespace places::net;

namespace {

constexpr double kDeadlineSeconds = 30.0;

// Services `sessions` (and updates `views`) every few ms until `done` or the deadline.
bool serviceSessionsUntil(const std::vector<RelaySession*>& sessions, const std::function<bool()>& done,
                          double deadlineSeconds = kDeadlineSeconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(deadlineSeconds);
    while (std::chrono::steady_clock::now() < end) {
        for (auto* s : sessions) s->service();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

std::unique_ptr<RelaySession> openSession(RelaySessionConfig config, const Clock& clock) {
    auto s = RelaySession::open(std::move(config), clock);
    INFO(s.diagnostics.firstError());
    REQUIRE(s);
    return std::move(*s);
}

RelaySessionConfig anonymous(std::uint16_t port, const std::string& venue, const std::string& name) {
    RelaySessionConfig c;
    c.port = port;
    c.venue = venue;
    c.name = name;
    return c;
}

std::unique_ptr<VenueHost> startHost() {
    auto started = VenueHost::start();
    INFO(started.diagnostics.firstError());
    REQUIRE(started);
    return std::move(*started);
}

BotGroup groupOf(const std::string& venue, std::size_t count) {
    BotGroup g;
    g.venue = venue;
    g.count = count;
    return g;
}

bool hasChat(const Client& c, const std::string& text) {
    return std::any_of(c.chat().begin(), c.chat().end(), [&](const ChatFrom& m) { return m.text == text; });
}

}  // namespace

TEST_CASE("RelaySession: a viewer sees 30 bots in roster and presence, and chat goes both ways",
          "[integration][session]") {
    const auto hostPtr = startHost();
    VenueHost& host = *hostPtr;
    BotGroup bots = groupOf("career-fair", 30);
    bots.chat = true;
    bots.chatText = "hello from a bot at the fair";
    host.addBots(bots);
    REQUIRE(host.waitForParticipants(30, kDeadlineSeconds));

    SteadyClock clock;
    auto session = openSession(anonymous(host.port(), "career-fair", "Viewer"), clock);
    Presence view;
    const bool sawAll = serviceSessionsUntil({session.get()}, [&] {
        view.update(session->client(), clock.nowMicros());
        return view.avatarCount() == 30;
    });
    INFO(session->error());
    REQUIRE(sawAll);
    CHECK(session->state() == SessionState::Joined);
    CHECK(view.participantCount() == 31);  // 30 bots and the viewer
    CHECK(session->roundTripMs().has_value());
    for (const PresenceAvatar& a : view.avatars()) {
        CHECK(a.name.rfind("bot", 0) == 0);
        CHECK(a.alpha == 1.0f);
        // Bots walk a 20 m square around the origin at head height.
        CHECK(std::abs(a.pose.head.position.x) <= 10.01f);
        CHECK(a.pose.head.position.y == Approx(1.7f).margin(0.05));
    }

    // The viewer's chat reaches the bots; a bot's chat reaches the viewer.
    session->sendChat("hello bots, from the viewer");
    CHECK(serviceSessionsUntil({session.get()}, [&] { return hasChat(session->client(), bots.chatText); }));
    session->service();
    session.reset();  // leaves (Bye)
    const VenueHostSummary summary = host.stop();
    REQUIRE(summary.reports.size() == 1);
    const BotReport& r = summary.reports[0];
    CHECK(r.connected == 30);
    REQUIRE(r.chatTexts.count("hello bots, from the viewer"));
    CHECK(r.chatTexts.at("hello bots, from the viewer") == 30);  // reliable: every bot got it once
    const auto json = nlohmann::json::parse(r.toJson());
    CHECK(json["chat_texts"]["hello bots, from the viewer"] == 30);
    CHECK(json["connected"] == 30);  // the original fields are still there
}

TEST_CASE("RelaySession: one visitor's pose reaches another within the quantisation step", "[integration][session]") {
    const auto hostPtr = startHost();
    VenueHost& host = *hostPtr;
    SteadyClock clock;
    auto a = openSession(anonymous(host.port(), "hall", "Ada"), clock);
    auto b = openSession(anonymous(host.port(), "hall", "Bob"), clock);
    REQUIRE(serviceSessionsUntil({a.get(), b.get()}, [&] {
        return a->state() == SessionState::Joined && b->state() == SessionState::Joined;
    }));
    AvatarPose pose;
    pose.head.position = {12.3456f, 1.6543f, -7.891f};
    pose.head.orientation = glm::normalize(glm::quat(0.9f, 0.1f, 0.4f, -0.05f));
    pose.leftHand.position = {12.0f, 1.1f, -7.5f};
    pose.leftHand.orientation = glm::normalize(glm::quat(0.5f, 0.5f, 0.5f, 0.5f));
    pose.rightHand.position = {12.7f, 1.2f, -8.2f};
    pose.rightHand.orientation = glm::normalize(glm::quat(0.2f, -0.7f, 0.1f, 0.6f));
    a->setPose(pose);
    const ParticipantId adaId = a->client().welcome()->you;
    Presence view;
    // Held still, so the interpolated pose settles on the one sent.
    std::optional<PresenceAvatar> seen;
    REQUIRE(serviceSessionsUntil({a.get(), b.get()}, [&] {
        view.update(b->client(), clock.nowMicros());
        for (const auto& av : view.avatars())
            if (av.id == adaId && glm::length(av.pose.head.position - pose.head.position) < 0.01f) seen = av;
        return seen.has_value();
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // past the interpolation delay
    b->service();
    view.update(b->client(), clock.nowMicros());
    REQUIRE(view.avatarCount() == 1);
    const PresenceAvatar& got = view.avatars().front();
    CHECK(got.name == "Ada");
    // Positions: millimetres (half a step each way, plus float rounding).
    const auto near = [](glm::vec3 x, glm::vec3 y) { return glm::length(x - y) <= 0.0009f * 1.7321f; };
    CHECK(near(got.pose.head.position, pose.head.position));
    CHECK(near(got.pose.leftHand.position, pose.leftHand.position));
    CHECK(near(got.pose.rightHand.position, pose.rightHand.position));
    // Rotations: smallest three, 10 bits over [-1/sqrt2, 1/sqrt2] per component.
    const float step = 1.41421356f / 1023.0f;
    const auto same = [&](glm::quat x, glm::quat y) { return std::abs(glm::dot(x, y)) >= 1.0f - 4.0f * step * step; };
    CHECK(same(got.pose.head.orientation, pose.head.orientation));
    CHECK(same(got.pose.leftHand.orientation, pose.leftHand.orientation));
    CHECK(same(got.pose.rightHand.orientation, pose.rightHand.orientation));
}

TEST_CASE("RelaySession: an unreachable relay is a clear error naming host and port", "[integration][session]") {
    std::uint16_t port = 0;
    {
        auto probe = ENetTransport::listen(0);  // a port that was free a moment ago, now closed
        REQUIRE(probe);
        port = (*probe)->port();
    }
    SteadyClock clock;
    auto s = openSession(anonymous(port, "hall", "Nobody"), clock);
    // The session gives up after its 5 s; the deadline here only bounds a stuck test.
    REQUIRE(serviceSessionsUntil({s.get()}, [&] { return s->state() == SessionState::Failed; }, 60.0));
    CHECK(s->error() == "relay 127.0.0.1:" + std::to_string(port) +
                            ": no answer within 5 s (is the relay running, and is UDP port " + std::to_string(port) +
                            " reachable?)");
}

TEST_CASE("RelaySession: refused and wrong-venue tickets give the reason", "[integration][session]") {
    const auto hostPtr = startHost();
    VenueHost& host = *hostPtr;
    SteadyClock clock;
    const std::string where = "relay 127.0.0.1:" + std::to_string(host.port());

    RelaySessionConfig forged;
    forged.port = host.port();
    forged.venue = "hall";
    Ticket t;
    t.venue = "hall";
    t.name = "Eve";
    t.expiresUnix = clock.unixSeconds() + 3600;
    t.id = randomTicketId();
    forged.ticket = signTicket(t, generateKeyPair().secretKey);  // not the festival's key
    auto s = openSession(forged, clock);
    REQUIRE(serviceSessionsUntil({s.get()}, [&] { return s->state() == SessionState::Failed; }));
    CHECK(s->error() == where + ": refused to let us in: bad ticket (signature does not verify)");

    RelaySessionConfig expired = forged;
    expired.ticket = host.ticket("hall", Role::Visitor, "Late", 0);
    auto late = openSession(expired, clock);
    REQUIRE(serviceSessionsUntil({late.get()}, [&] { return late->state() == SessionState::Failed; }));
    CHECK(late->error().rfind(where + ": refused to let us in: ticket expired", 0) == 0);

    RelaySessionConfig elsewhere = forged;
    elsewhere.ticket = host.ticket("career-fair", Role::Visitor, "Lost");
    auto wrong = RelaySession::open(elsewhere, clock);
    CHECK_FALSE(wrong);
    CHECK(wrong.diagnostics.firstError().find("the ticket admits to venue 'career-fair', but the scene is venue 'hall'") !=
          std::string::npos);

    // A good ticket of the same host joins, with the ticket's role.
    RelaySessionConfig good = forged;
    good.ticket = host.ticket("hall", Role::Spectator, "Watcher");
    auto ok = openSession(good, clock);
    REQUIRE(serviceSessionsUntil({ok.get()}, [&] { return ok->state() == SessionState::Joined; }));
    CHECK(ok->client().welcome()->role == Role::Spectator);
    CHECK(ok->error().empty());
}

TEST_CASE("VenueHost: bot groups per venue, spectators by ticket, a summary of who was where",
          "[integration][session]") {
    const auto hostPtr = startHost();
    VenueHost& host = *hostPtr;
    BotGroup stage = groupOf("gelsenkirchen-festival", 12);
    stage.centreX = 100.0f;
    stage.centreZ = -50.0f;
    host.addBots(stage);
    BotGroup watchers = groupOf("career-fair", 4);
    watchers.role = Role::Spectator;
    host.addBots(watchers);
    REQUIRE(host.waitForParticipants(16, kDeadlineSeconds));

    // The stage crowd walks around its centre.
    SteadyClock clock;
    auto s = openSession(anonymous(host.port(), "gelsenkirchen-festival", "Viewer"), clock);
    Presence view;
    REQUIRE(serviceSessionsUntil({s.get()}, [&] {
        view.update(s->client(), clock.nowMicros());
        return view.avatarCount() == 12;
    }));
    for (const auto& a : view.avatars()) {
        CHECK(std::abs(a.pose.head.position.x - 100.0f) <= 10.01f);
        CHECK(std::abs(a.pose.head.position.z + 50.0f) <= 10.01f);
    }
    s.reset();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // bots measure from 1 s after everyone joined

    const VenueHostSummary summary = host.stop();
    const auto json = nlohmann::json::parse(summary.toJson());
    INFO(summary.toJson());
    CHECK(json["venues"]["gelsenkirchen-festival"]["visitors"] == 12);
    CHECK(json["venues"]["career-fair"]["spectators"] == 4);
    CHECK(json["venues"]["career-fair"]["visitors"] == 0);
    CHECK(json["venues"]["career-fair"]["instances"][0]["instance"] == 0);
    CHECK(json["relay_ticks"].get<std::uint64_t>() > 0);
    CHECK(json["relay_tick_p99_ms"].get<double>() > 0.0);
    REQUIRE(summary.reports.size() == 2);
    CHECK(summary.reports[0].connected == 12);
    CHECK(summary.reports[1].connected == 4);
    CHECK(summary.reports[1].watching == 4);
    // Rates are per measured second (the host stopped the bots early): visitors
    // send ~30 poses a second, spectators none.
    CHECK(summary.reports[0].seconds > 0.5);
    CHECK(summary.reports[0].posesPerSecondPerClient > 10.0);
    CHECK(summary.reports[0].posesPerSecondPerClient < 40.0);
    CHECK(summary.reports[1].seconds > 0.5);
    CHECK(summary.reports[1].posesPerSecondPerClient == 0.0);
}

TEST_CASE("RelaySession: a relay of another protocol version is named with both versions", "[integration][session]") {
    // A stand-in for a newer relay: it answers every Hello as the next version's relay would.
    auto listening = ENetTransport::listen(0);
    REQUIRE(listening);
    ENetTransport& fake = **listening;
    std::atomic<bool> stop{false};
    std::thread relay([&] {
        TransportEvent e;
        while (!stop) {
            if (!fake.poll(e, 5) || e.kind != TransportEventKind::Received) continue;
            fake.send(e.peer, Channel::Reliable,
                      encodeMessage(Refuse{RefuseReason::VersionMismatch, kProtocolVersion + 1, "this relay is newer"}));
            fake.disconnect(e.peer);
            fake.flush();
        }
    });
    SteadyClock clock;
    auto s = openSession(anonymous(fake.port(), "hall", "Old"), clock);
    const bool failed = serviceSessionsUntil({s.get()}, [&] { return s->state() == SessionState::Failed; });
    stop = true;
    relay.join();
    REQUIRE(failed);
    CHECK(s->error() == "relay 127.0.0.1:" + std::to_string(fake.port()) +
                            ": speaks protocol version " + std::to_string(kProtocolVersion + 1) +
                            ", this client speaks version " + std::to_string(kProtocolVersion));
}

TEST_CASE("ENetTransport::listen binds to the address given, and names a bad one", "[integration][session]") {
    auto bad = ENetTransport::listen(0, 1, "not-an-ip");
    CHECK_FALSE(bad);
    CHECK(bad.diagnostics.firstError().find("not an IP address to listen on") != std::string::npos);
    auto loopback = ENetTransport::listen(0, 1, "127.0.0.1");
    REQUIRE(loopback);
    SteadyClock clock;
    // Reachable on loopback (a Hello goes out, the stand-in gets it).
    auto s = openSession(anonymous((*loopback)->port(), "hall", "Probe"), clock);
    TransportEvent e;
    bool heard = false;
    CHECK(serviceSessionsUntil({s.get()}, [&] {
        while ((*loopback)->poll(e, 0)) heard = heard || e.kind == TransportEventKind::Received;
        return heard;
    }));
}
