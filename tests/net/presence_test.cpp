// The presence model over the relay's real rules (MemoryTransport + FakeClock):
// who is listed, how silence fades, what is noticed.
#include <catch2/catch.hpp>

#include <algorithm>

#include "places/net/presence.hpp"
#include "places/net/ticket.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using namespace places::net::test;

namespace {

const PresenceAvatar* find(const Presence& p, const std::string& name) {
    const auto& list = p.avatars();
    auto it = std::find_if(list.begin(), list.end(), [&](const PresenceAvatar& a) { return a.name == name; });
    return it == list.end() ? nullptr : &*it;
}

bool noticed(const Presence& p, NoticeKind kind, const std::string& part) {
    return std::any_of(p.notices().begin(), p.notices().end(), [&](const PresenceNotice& n) {
        return n.kind == kind && n.text.find(part) != std::string::npos;
    });
}

std::vector<std::byte> ticketFor(const KeyPair& keys, Role role, const std::string& name, const FakeClock& clock) {
    Ticket t;
    t.role = role;
    t.venue = "hall";
    t.name = name;
    t.expiresUnix = clock.unixSeconds() + 3600;
    t.id = randomTicketId();
    return signTicket(t, keys.secretKey);
}

// Steps the harness `ms` milliseconds in ticks of ~34 ms, moving `walker` each tick.
void run(RelayHarness& h, Presence& view, const Client& viewer, std::uint64_t ms, Client* walker = nullptr) {
    for (std::uint64_t t = 0; t < ms; t += 34) {
        if (walker) walker->setPose(poseAt(static_cast<float>(h.clock.nowMicros() % 10'000'000) * 1e-6f, 2.0f));
        h.step(34);
        view.update(viewer, h.clock.nowMicros());
    }
}

// "Me" watches "Ada", who joined and walked for a while.
struct AdaWalksIn {
    RelayHarness h{RelayHarness::openConfig()};
    Client& me = h.join("hall", "Me");
    Client& ada = h.join("hall", "Ada");
    Presence view;
    AdaWalksIn() {
        run(h, view, me, 300, &ada);
        REQUIRE(find(view, "Ada"));
    }
    auto parts() { return std::tie(h, me, ada, view); }
};

}  // namespace

TEST_CASE("presence: a visitor who joins is listed with name, role, colour and pose", "[unit][presence]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& me = h.join("hall", "Me");
    Presence view;
    run(h, view, me, 200);
    CHECK(view.avatarCount() == 0);
    CHECK(view.participantCount() == 1);  // this client is in the roster, not in the list
    CHECK(noticed(view, NoticeKind::Welcome, "joined as visitor"));

    Client& ada = h.join("hall", "Ada");
    ada.setPose(poseAt(3.0f, -4.0f));
    run(h, view, me, 300);
    REQUIRE(view.avatarCount() == 1);
    const PresenceAvatar& a = view.avatars().front();
    CHECK(a.name == "Ada");
    CHECK(a.role == Role::Visitor);
    CHECK(a.id == ada.welcome()->you);
    CHECK(a.colour == participantColour(a.id));
    CHECK(a.alpha == 1.0f);
    CHECK(a.pose.head.position.x == Approx(3.0f).margin(0.001));
    CHECK(a.pose.head.position.z == Approx(-4.0f).margin(0.001));
    CHECK(a.pose.leftHand.position.x == Approx(2.7f).margin(0.001));
    CHECK(view.participantCount() == 2);
    CHECK(noticed(view, NoticeKind::Joined, "Ada joined"));
}

TEST_CASE("presence: spectators are in the roster but have no avatar", "[unit][presence]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config = RelayHarness::openConfig();
    config.ticketKey = keys.publicKey;
    RelayHarness h(config);
    Client& me = h.join("hall", "Me");
    Presence view;
    run(h, view, me, 100);
    Client& watcher = h.join("", "", ticketFor(keys, Role::Spectator, "Watcher", h.clock));
    REQUIRE(watcher.state() == ClientState::Joined);
    Client& bob = h.join("hall", "Bob");
    bob.setPose(poseAt(1.0f, 1.0f));
    run(h, view, me, 300);
    CHECK(view.participantCount() == 3);
    REQUIRE(view.avatarCount() == 1);
    CHECK(view.avatars().front().name == "Bob");
    CHECK(noticed(view, NoticeKind::Joined, "Watcher (spectator) joined"));
}

TEST_CASE("presence: a silent avatar fades out after the timeout, is removed, and comes back when it moves",
          "[unit][presence]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& me = h.join("hall", "Me");
    Client& ada = h.join("hall", "Ada");
    PresenceConfig config;  // the relay's timeout (10 s), 1 s fade
    Presence view(config);
    run(h, view, me, 500, &ada);
    REQUIRE(find(view, "Ada"));
    // Ada stops moving: the relay has nothing new to send about her.
    ada.setPose(poseAt(5.0f, 5.0f));
    run(h, view, me, 200);
    const std::uint64_t silentSince = h.clock.nowMicros();
    run(h, view, me, kPresenceTimeoutMs - 400);
    REQUIRE(find(view, "Ada"));
    CHECK(find(view, "Ada")->alpha == 1.0f);  // still within the timeout
    run(h, view, me, 900);  // 0.3-0.7 s into the fade
    REQUIRE(find(view, "Ada"));
    CHECK(find(view, "Ada")->alpha < 0.8f);
    CHECK(find(view, "Ada")->alpha > 0.2f);
    run(h, view, me, 900);
    CHECK_FALSE(find(view, "Ada"));  // gone, not frozen
    CHECK(h.clock.nowMicros() - silentSince < (kPresenceTimeoutMs + 2000) * 1000);
    CHECK(view.participantCount() == 2);  // still in the roster: she may be standing still
    run(h, view, me, 200, &ada);
    REQUIRE(find(view, "Ada"));
    CHECK(find(view, "Ada")->alpha == 1.0f);
}

TEST_CASE("presence: leaving removes the avatar at once and is noticed", "[unit][presence]") {
    AdaWalksIn scene;
    auto [h, me, ada, view] = scene.parts();
    ada.leave();
    run(h, view, me, 100);
    CHECK_FALSE(find(view, "Ada"));
    CHECK(view.participantCount() == 1);
    CHECK(noticed(view, NoticeKind::Left, "Ada left"));
}

TEST_CASE("presence: the relay's shutdown is noticed and everyone fades out", "[unit][presence]") {
    AdaWalksIn scene;
    auto [h, me, ada, view] = scene.parts();
    h.relay.shutdown("maintenance");
    h.settle();
    view.update(me, h.clock.nowMicros());
    CHECK(me.state() == ClientState::Disconnected);
    CHECK(noticed(view, NoticeKind::Shutdown, "the relay shut down (maintenance)"));
    h.clock.advanceMillis(1100);
    view.update(me, h.clock.nowMicros());
    CHECK(view.avatarCount() == 0);
    // Notices are kept for a few seconds, then dropped.
    h.clock.advanceMillis(PresenceConfig{}.noticeMs);
    view.update(me, h.clock.nowMicros());
    CHECK(view.notices().empty());
}

TEST_CASE("presence: a kick is noticed by the moderator with names and reason", "[unit][presence]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config = RelayHarness::openConfig();
    config.ticketKey = keys.publicKey;
    RelayHarness h(config);
    Client& mod = h.join("", "", ticketFor(keys, Role::Moderator, "Mod", h.clock));
    Client& eve = h.join("hall", "Eve");
    Presence view;
    run(h, view, mod, 300, &eve);
    mod.moderate(ModerationAction::Kick, eve.welcome()->you, "spam");
    run(h, view, mod, 200);
    CHECK(noticed(view, NoticeKind::Kicked, "Eve was kicked by Mod (spam)"));
    CHECK(noticed(view, NoticeKind::Left, "Eve left"));
    CHECK_FALSE(find(view, "Eve"));
}

TEST_CASE("presence: participant colours are stable and distinct", "[unit][presence]") {
    for (ParticipantId id = 1; id <= 200; ++id) {
        const glm::vec3 c = participantColour(id);
        CHECK(c == participantColour(id));
        // Readable: neither too dark nor washed out.
        CHECK(std::max({c.r, c.g, c.b}) >= 0.6f);
        CHECK(std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b}) >= 0.3f);
    }
    // Thirty people in a hall: no two look alike; neighbours differ clearly.
    float closest = 1e9f;
    for (ParticipantId a = 1; a <= 30; ++a)
        for (ParticipantId b = static_cast<ParticipantId>(a + 1); b <= 30; ++b)
            closest = std::min(closest, glm::length(participantColour(a) - participantColour(b)));
    CHECK(closest > 0.05f);
    for (ParticipantId a = 1; a < 30; ++a)
        CHECK(glm::length(participantColour(a) - participantColour(static_cast<ParticipantId>(a + 1))) > 0.3f);
}

TEST_CASE("presence: a cut connection fades out, never frozen, a resume brings the avatar back and is noticed",
          "[unit][presence]") {
    AdaWalksIn scene;
    auto [h, me, ada, view] = scene.parts();
    auto& adaNet = *h.peerOf(ada).net;
    adaNet.cut(ada.peer());  // Ada's network goes away; nobody is told
    run(h, view, me, kPresenceTimeoutMs + 1500);
    CHECK_FALSE(find(view, "Ada"));
    CHECK(view.participantCount() == 2);  // the relay keeps her slot for a resume
    // Ada comes back on a new connection and walks on.
    ada.start(adaNet.connect(h.relayNet));
    h.settle();
    REQUIRE(ada.state() == ClientState::Joined);
    Presence hers;
    hers.update(ada, h.clock.nowMicros());
    CHECK(noticed(hers, NoticeKind::Resumed, "reconnected (session resumed)"));
    run(h, view, me, 300, &ada);
    REQUIRE(find(view, "Ada"));
    CHECK(find(view, "Ada")->alpha == 1.0f);
    CHECK_FALSE(noticed(view, NoticeKind::Left, "Ada left"));  // a resume is not a leave
}
