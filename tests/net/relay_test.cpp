// The relay's rules over MemoryTransport with a FakeClock: no timing, no sockets.
#include <catch2/catch.hpp>

#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::poseAt;
using places::net::test::RawPeer;
using places::net::test::RelayHarness;
using places::net::test::ticketFor;

namespace {

RelayConfig keyedConfig(const KeyPair& keys) {
    RelayConfig c;
    c.ticketKey = keys.publicKey;
    return c;
}

// Built with append: GCC 12 warns falsely (-Wrestrict) on literal + to_string at -O3.
std::string label(const char* prefix, int i) { return std::string(prefix).append(std::to_string(i)); }

std::size_t count(const Relay& relay, std::string_view reason) {
    auto it = relay.metrics().dropped.find(reason);
    return it == relay.metrics().dropped.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("handshake: an open relay welcomes anonymous visitors and shares poses", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    REQUIRE(a.state() == ClientState::Joined);
    REQUIRE(b.state() == ClientState::Joined);
    CHECK(a.welcome()->role == Role::Visitor);
    CHECK(a.welcome()->version == kProtocolVersion);
    CHECK(a.welcome()->you != b.welcome()->you);
    a.setPose(poseAt(1.0f, 2.0f));
    b.setPose(poseAt(-3.0f, 4.0f));
    for (int i = 0; i < 10; ++i) h.step();
    REQUIRE(a.participants().count(b.welcome()->you));
    CHECK(a.participants().at(b.welcome()->you).name == "Bob");
    CHECK(a.participants().count(a.welcome()->you));  // the roster includes oneself
    h.clock.advanceMillis(200);  // past the interpolation delay
    const auto seen = a.avatarPose(b.welcome()->you);
    REQUIRE(seen);
    CHECK(seen->head.position.x == Approx(-3.0f).margin(0.001));
    CHECK(seen->head.position.z == Approx(4.0f).margin(0.001));
    CHECK(a.stats().unresolvedEntries == 0);
}

TEST_CASE("a client of another protocol version gets a clear refusal", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    RawPeer raw(h);
    raw.send(encodeMessage(Hello{kProtocolVersion + 1, std::nullopt, {}, "hall", "Future"}));
    const auto got = raw.received();
    REQUIRE(got.size() == 1);
    const auto& refuse = std::get<Refuse>(got[0]);
    CHECK(refuse.reason == RefuseReason::VersionMismatch);
    CHECK(refuse.relayVersion == kProtocolVersion);
    CHECK_FALSE(raw.net.connected(raw.peer));
    CHECK(h.relay.sessions().empty());
}

TEST_CASE("tickets: forged, expired and missing ones are refused", "[relay]") {
    const KeyPair keys = generateKeyPair();
    RelayHarness h(keyedConfig(keys));
    const std::uint64_t now = h.clock.unixSeconds();

    Client& anon = h.join("hall", "Anon");
    CHECK(anon.state() == ClientState::Refused);
    CHECK(anon.refusal()->reason == RefuseReason::AnonymousNotAllowed);

    Client& expired = h.join("", "", ticketFor(keys, Role::Visitor, "Old", now - 1));
    CHECK(expired.refusal()->reason == RefuseReason::TicketExpired);

    auto forgedBytes = ticketFor(keys, Role::Visitor, "Eve", now + 3600);
    forgedBytes[1] = static_cast<std::byte>(Role::Moderator);  // promote herself
    Client& forged = h.join("", "", forgedBytes);
    CHECK(forged.refusal()->reason == RefuseReason::BadTicket);

    Client& other = h.join("", "", ticketFor(generateKeyPair(), Role::Host, "Mallory", now + 3600));
    CHECK(other.refusal()->reason == RefuseReason::BadTicket);

    Client& good = h.join("", "", ticketFor(keys, Role::Exhibitor, "Booth 7", now + 3600));
    REQUIRE(good.state() == ClientState::Joined);
    CHECK(good.welcome()->role == Role::Exhibitor);
    REQUIRE(h.relay.sessions().size() == 1);
    CHECK(h.relay.sessions()[0].name == "Booth 7");
    CHECK(h.relay.sessions()[0].venue == "hall");
    CHECK(h.relay.metrics().refusals == 4);
}

TEST_CASE("moderation: only hosts and moderators kick, mute and ban", "[relay]") {
    const KeyPair keys = generateKeyPair();
    RelayHarness h(keyedConfig(keys));
    const std::uint64_t exp = h.clock.unixSeconds() + 3600;
    Client& mod = h.join("", "", ticketFor(keys, Role::Moderator, "Mod", exp));
    Client& visitor = h.join("", "", ticketFor(keys, Role::Visitor, "Vic", exp));
    const auto trollTicket = ticketFor(keys, Role::Visitor, "Troll", exp);
    Client& troll = h.join("", "", trollTicket);
    const ParticipantId trollId = troll.welcome()->you;

    visitor.moderate(ModerationAction::Kick, trollId, "I do not like you");
    h.step();
    REQUIRE(visitor.moderation().size() == 1);
    CHECK(visitor.moderation()[0].status == ModerationStatus::NotPermitted);
    CHECK(troll.state() == ClientState::Joined);
    CHECK(count(h.relay, "not_permitted") == 1);

    visitor.moderate(ModerationAction::Kick, mod.welcome()->you, "");
    mod.moderate(ModerationAction::Mute, mod.welcome()->you, "");
    h.step();
    CHECK(mod.moderation().back().status == ModerationStatus::TargetImmune);

    mod.moderate(ModerationAction::Mute, trollId, "spam");
    h.step();
    troll.sendChat("buy my stuff");
    h.step();
    CHECK(visitor.chat().empty());
    CHECK(troll.moderation().back().status == ModerationStatus::AppliedToYou);
    CHECK(count(h.relay, "muted") == 1);

    mod.moderate(ModerationAction::Ban, trollId, "spam");
    h.step();
    CHECK(troll.disconnectNotice()->reason == DisconnectReason::Banned);
    CHECK(troll.state() == ClientState::Disconnected);
    CHECK(h.relay.sessions().size() == 2);
    CHECK_FALSE(visitor.participants().count(trollId));

    // The ticket is banned for the relay's lifetime, from any address; a name is
    // no identity, so another ticket that happens to carry it is not.
    Client& again = h.join("", "", trollTicket);
    CHECK(again.refusal()->reason == RefuseReason::Banned);
    Client& namesake = h.join("", "", ticketFor(keys, Role::Visitor, "Troll", exp));
    CHECK(namesake.state() == ClientState::Joined);
}

TEST_CASE("bans: an anonymous visitor is banned by address for a while, never by name", "[relay][hostile]") {
    // Regression (issue 12, item 9): bans went by display name, and anonymous
    // visitors are all "visitor", so banning one refused every later one.
    const KeyPair keys = generateKeyPair();
    RelayConfig config = keyedConfig(keys);
    config.open = true;
    config.anonymousBanMs = 60'000;
    RelayHarness h(config);
    Client& mod = h.join("", "", ticketFor(keys, Role::Moderator, "Mod", h.clock.unixSeconds() + 3600));
    const auto joinFrom = [&](const std::string& address) -> Client& {
        ClientConfig cc;
        cc.venue = "hall";  // no name: "visitor"
        auto& p = h.peers.emplace_back();
        p.client = std::make_unique<Client>(cc, *p.net, h.clock);
        p.client->start(p.net->connect(h.relayNet, address));
        h.settle();
        return *p.client;
    };
    Client& troll = joinFrom("203.0.113.7");
    REQUIRE(troll.state() == ClientState::Joined);
    mod.moderate(ModerationAction::Ban, troll.welcome()->you, "spam");
    h.step();
    CHECK(troll.disconnectNotice()->reason == DisconnectReason::Banned);

    Client& other = joinFrom("198.51.100.4");
    CHECK(other.state() == ClientState::Joined);
    Client& back = joinFrom("203.0.113.7");
    CHECK(back.refusal()->reason == RefuseReason::Banned);
    // Addresses are shared and reassigned: the ban ends.
    h.clock.advanceMillis(61'000);
    Client& later = joinFrom("203.0.113.7");
    CHECK(later.state() == ClientState::Joined);
}

TEST_CASE("the spectate flag joins without an avatar and never raises a role", "[relay]") {
    RelayConfig c = RelayHarness::openConfig();
    const KeyPair keys = generateKeyPair();
    c.ticketKey = keys.publicKey;
    RelayHarness h(c);
    const std::uint64_t exp = h.clock.unixSeconds() + 3600;
    Client& walker = h.join("hall", "Walker");
    Client& watcher = h.join("", "", ticketFor(keys, Role::Visitor, "Watcher", exp), /*spectate=*/true);
    Client& anonymous = h.join("hall", "Lurker", {}, /*spectate=*/true);
    Client& host = h.join("", "", ticketFor(keys, Role::Host, "Ada", exp), /*spectate=*/true);
    for (Client* c2 : {&watcher, &anonymous, &host}) {
        REQUIRE(c2->welcome());
        CHECK(c2->welcome()->role == Role::Spectator);
        CHECK((c2->welcome()->flags & kWelcomeHasAvatar) == 0);
    }
    REQUIRE(walker.welcome());
    CHECK(walker.welcome()->role == Role::Visitor);
    for (int i = 0; i < 3; ++i) h.step();
    // The walker sees the spectators in the roster, without avatars.
    for (Client* c2 : {&watcher, &anonymous, &host}) {
        const auto it = walker.participants().find(c2->welcome()->you);
        REQUIRE(it != walker.participants().end());
        CHECK_FALSE(it->second.hasAvatar);
        CHECK(it->second.role == Role::Spectator);
    }
}

TEST_CASE("capacity: a full instance opens an overflow instance, spectators take no slot", "[relay]") {
    RelayConfig c = RelayHarness::openConfig();
    c.avatarCapacity = 2;
    c.spectatorCapacity = 1;
    const KeyPair keys = generateKeyPair();
    c.ticketKey = keys.publicKey;
    RelayHarness h(c);
    Client& a = h.join("hall", "A");
    Client& b = h.join("hall", "B");
    Client& overflow = h.join("hall", "C");
    const std::uint64_t exp = h.clock.unixSeconds() + 3600;
    Client& watcher = h.join("", "", ticketFor(keys, Role::Spectator, "Cam", exp));
    Client& watcher2 = h.join("", "", ticketFor(keys, Role::Spectator, "Cam2", exp));
    CHECK(a.welcome()->instance == 0);
    CHECK(b.welcome()->instance == 0);
    CHECK(overflow.welcome()->instance == 1);
    CHECK(watcher.welcome()->instance == 0);  // where the crowd is, without taking a slot
    CHECK((watcher.welcome()->flags & kWelcomeHasAvatar) == 0);
    CHECK(watcher2.welcome()->instance == 1);  // spectator cap of instance 0 reached
    CHECK(h.relay.instanceCount("hall") == 2);
    a.setPose(poseAt(0, 0));
    b.setPose(poseAt(1, 0));
    overflow.setPose(poseAt(2, 0));
    for (int i = 0; i < 5; ++i) h.step();
    CHECK(a.participants().count(b.welcome()->you));
    CHECK_FALSE(a.participants().count(overflow.welcome()->you));
    CHECK(watcher.avatarPose(a.welcome()->you));
    CHECK(h.relay.metrics().avatars == 3);
    CHECK(h.relay.metrics().spectators == 2);
}

TEST_CASE("each instance's clients get exactly their instance's avatars, every tick", "[relay]") {
    // Two instances (and a second venue) share the relay's per-tick encoding
    // scratch: nothing of one may leak into another's snapshots.
    RelayConfig c = RelayHarness::openConfig();
    c.avatarCapacity = 3;
    RelayHarness h(c);
    std::vector<Client*> clients;
    for (int i = 0; i < 6; ++i) clients.push_back(&h.join("hall", label("H", i)));
    for (int i = 0; i < 3; ++i) clients.push_back(&h.join("foyer", label("F", i)));
    const auto pose = [](std::size_t i, int t) {
        return poseAt(static_cast<float>(i) * 1.5f + 0.01f * static_cast<float>(t), static_cast<float>(i % 3), 0.02f * static_cast<float>(t));
    };
    for (int t = 0; t < 40; ++t) {
        for (std::size_t i = 0; i < clients.size(); ++i) clients[i]->setPose(pose(i, t));
        h.step();
    }
    for (int t = 0; t < 6; ++t) h.step();  // standing still: interpolation settles on the last state
    for (std::size_t v = 0; v < clients.size(); ++v) {
        CHECK(clients[v]->stats().unresolvedEntries == 0);
        for (std::size_t o = 0; o < clients.size(); ++o) {
            if (o == v) continue;
            const bool together = v / 3 == o / 3;  // same venue and instance
            const auto seen = clients[v]->avatarPose(clients[o]->welcome()->you);
            CHECK(seen.has_value() == together);
            if (!seen || !together) continue;
            const auto expected = dequantize(quantize(pose(o, 39), VenueBounds{}), VenueBounds{});
            CHECK(seen->head.position.x == Approx(expected.head.position.x).margin(1e-3));
            CHECK(seen->head.position.z == Approx(expected.head.position.z).margin(1e-3));
        }
    }
}

TEST_CASE("hosts are mirrored into every instance of their venue", "[relay]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig c = keyedConfig(keys);
    c.open = true;
    c.avatarCapacity = 1;
    RelayHarness h(c);
    Client& v0 = h.join("hall", "V0");
    Client& v1 = h.join("hall", "V1");
    Client& v2 = h.join("hall", "V2");
    Client& host = h.join("", "", ticketFor(keys, Role::Host, "DJ", h.clock.unixSeconds() + 60));
    Client& elsewhere = h.join("garden", "G");
    REQUIRE(v2.welcome()->instance == 2);
    host.setPose(poseAt(0, -10));
    for (auto* c2 : {&v0, &v1, &v2, &elsewhere}) c2->setPose(poseAt(3, 3));
    for (int i = 0; i < 5; ++i) h.step();
    const ParticipantId dj = host.welcome()->you;
    for (auto* viewer : {&v0, &v1, &v2}) {
        REQUIRE(viewer->participants().count(dj));
        CHECK(viewer->participants().at(dj).role == Role::Host);
        CHECK(viewer->avatarPose(dj));
    }
    CHECK_FALSE(elsewhere.participants().count(dj));
    CHECK(h.relay.instanceCount("hall") == 3);  // the host took no slot
    host.sendChat("welcome everyone");
    h.step();
    for (auto* viewer : {&v0, &v1, &v2}) CHECK(viewer->chat().size() == 1);
    CHECK(elsewhere.chat().empty());
}

TEST_CASE("resume: a cut connection takes its slot back without a duplicate avatar", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    a.setPose(poseAt(1, 1));
    b.setPose(poseAt(2, 2));
    for (int i = 0; i < 3; ++i) h.step();
    const ParticipantId id = a.welcome()->you;
    auto& net = *h.peerOf(a).net;
    net.cut(a.peer());  // the relay does not notice: the old peer is half-open
    a.start(net.connect(h.relayNet));
    h.settle();
    REQUIRE(a.state() == ClientState::Joined);
    CHECK(a.welcome()->you == id);
    CHECK((a.welcome()->flags & kWelcomeResumed) != 0);
    for (int i = 0; i < 3; ++i) h.step();
    CHECK(h.relay.sessions().size() == 2);
    CHECK(b.participants().size() == 2);
    CHECK(h.relay.metrics().resumes == 1);
    CHECK(a.participants().count(b.welcome()->you));
}

TEST_CASE("timeouts: a silent peer is dropped, resumable for 30 s, then gone", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    const ParticipantId bob = b.welcome()->you;
    auto& bnet = *h.peerOf(b).net;
    bnet.cut(b.peer());
    for (int i = 0; i < 9; ++i) h.step(1000);  // Ada keeps talking, Bob is silent
    CHECK(h.relay.metrics().timeouts == 0);
    h.step(2000);
    CHECK(h.relay.metrics().timeouts == 1);
    CHECK(a.participants().count(bob));  // kept for a resume
    b.start(bnet.connect(h.relayNet));
    h.settle();
    CHECK(b.welcome()->you == bob);
    bnet.cut(b.peer());
    for (int i = 0; i < 45; ++i) h.step(1000);
    CHECK_FALSE(a.participants().count(bob));
    CHECK(h.relay.sessions().size() == 1);

    // A connection that never says Hello is dropped after the handshake timeout.
    MemoryTransport lurker;
    lurker.connect(h.relayNet);
    h.settle();
    h.step(6000);
    CHECK(h.relay.metrics().peers == 1);
}

TEST_CASE("rate limits: floods are dropped and counted, abusers are disconnected", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    RawPeer raw(h);
    raw.send(encodeMessage(Hello{kProtocolVersion, std::nullopt, {}, "hall", "Flood"}));
    PoseUpdate p;
    p.state = quantize(poseAt(0, 0), VenueBounds{});
    for (int i = 0; i < 60; ++i) {
        p.seq = static_cast<std::uint16_t>(i + 1);
        raw.send(encodeMessage(p), Channel::Unreliable);
    }
    const std::size_t limited = count(h.relay, "rate_limited");
    CHECK(limited >= 25);
    CHECK(limited <= 35);
    CHECK(raw.net.connected(raw.peer));
    for (int i = 0; i < 10; ++i) raw.send(encodeMessage(Chat{std::string(kMaxChatBytes, 'x')}));
    std::vector<std::byte> huge(kMaxClientMessageBytes + 1, std::byte{0x03});
    raw.send(huge);
    CHECK(count(h.relay, "oversized") == 1);
    for (int i = 0; i < 200; ++i) raw.send(encodeMessage(p), Channel::Unreliable);
    h.settle();
    CHECK_FALSE(raw.net.connected(raw.peer));
    CHECK(a.state() == ClientState::Joined);
}

TEST_CASE("malformed and truncated messages are dropped, counted, and never crash", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    RawPeer raw(h);
    raw.send(encodeMessage(Hello{kProtocolVersion, std::nullopt, {}, "hall", "Fuzzy"}));
    auto pose = encodeMessage(PoseUpdate{});
    raw.send(std::vector<std::byte>(pose.begin(), pose.begin() + 10), Channel::Unreliable);
    raw.send({std::byte{0x77}});
    raw.send(encodeMessage(Welcome{}));  // a relay->client message from a client
    raw.send(encodeMessage(Chat{"on the wrong channel"}), Channel::Unreliable);
    CHECK(count(h.relay, "truncated") == 1);
    CHECK(count(h.relay, "unknown_type") == 1);
    CHECK(count(h.relay, "unexpected_type") == 1);
    CHECK(count(h.relay, "wrong_channel") == 1);
    CHECK(raw.net.connected(raw.peer));
    for (int i = 0; i < 20; ++i) raw.send({std::byte{0x03}, std::byte{0xFF}});
    CHECK_FALSE(raw.net.connected(raw.peer));
    bool told = false;
    for (const auto& m : raw.received())
        if (auto* d = std::get_if<Disconnect>(&m)) told = d->reason == DisconnectReason::ProtocolViolation;
    CHECK(told);
    h.step();
    CHECK(a.chat().empty());
    CHECK(a.state() == ClientState::Joined);

    // A malformed Hello is refused at once.
    RawPeer bad(h);
    bad.send({std::byte{0x01}, std::byte{'P'}});
    CHECK_FALSE(bad.net.connected(bad.peer));
}

TEST_CASE("chat is delivered once, in order, to the instance", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    for (int i = 0; i < 15; ++i) a.sendChat(label("message ", i));
    b.sendChat("reply");
    for (int i = 0; i < 3; ++i) h.step();
    REQUIRE(b.chat().size() == 16);
    for (int i = 0; i < 15; ++i) {
        CHECK(b.chat()[static_cast<std::size_t>(i)].text == label("message ", i));
        CHECK(b.chat()[static_cast<std::size_t>(i)].from == a.welcome()->you);
    }
    CHECK(a.chat().size() == 16);  // the sender hears its own line: confirmation and order
    CHECK(a.chat().back().text == "reply");
    const std::byte wave[] = {std::byte{1}};
    a.sendEvent(7, wave);
    h.step();
    REQUIRE(b.events().size() == 1);
    CHECK(b.events()[0].kind == 7);
}

TEST_CASE("interest management sends the nearest avatars first under a small budget", "[relay]") {
    RelayConfig c = RelayHarness::openConfig();
    c.snapshotBudgetBytes = kSnapshotHeaderBytes + 3 * kMaxEntryBytes;  // room for three full entries
    RelayHarness h(c);
    Client& viewer = h.join("hall", "Viewer");
    viewer.setPose(poseAt(0, 0));
    std::vector<Client*> crowd;
    const auto xOf = [](int i) { return static_cast<float>(20 - i) * 2.0f; };  // the last joined is nearest
    for (int i = 0; i < 20; ++i) {
        Client& other = h.join("hall", label("P", i));
        other.setPose(poseAt(xOf(i), 0));
        crowd.push_back(&other);
    }
    // Let everyone's first (absolute) entry go out, so the next tick is ranked
    // by interest alone: the near tier is found through the grid at once.
    for (int t = 0; t < 8; ++t) {
        for (int i = 0; i < 20; ++i) crowd[static_cast<std::size_t>(i)]->setPose(poseAt(xOf(i), 0.001f * static_cast<float>(t)));
        h.step();
    }
    for (int i = 0; i < 20; ++i) crowd[static_cast<std::size_t>(i)]->setPose(poseAt(xOf(i), 0.1f));
    std::vector<ParticipantId> first;
    viewer.onAvatarUpdate = [&](const SnapshotReceiver::Update& u) { first.push_back(u.id); };
    h.step();
    REQUIRE(first.size() >= 3);
    CHECK(first[0] == crowd[19]->welcome()->you);
    CHECK(first[1] == crowd[18]->welcome()->you);
    CHECK(first[2] == crowd[17]->welcome()->you);
    // Over time everyone is sent, the nearest most often.
    std::map<ParticipantId, int> sent;
    viewer.onAvatarUpdate = [&](const SnapshotReceiver::Update& u) { ++sent[u.id]; };
    for (int t = 0; t < 100; ++t) {
        for (int i = 0; i < 20; ++i) crowd[static_cast<std::size_t>(i)]->setPose(poseAt(xOf(i), static_cast<float>(t) * 0.01f));
        h.step();
    }
    CHECK(sent.size() == 20);  // the far ones are not starved by the near tier
    CHECK(sent[crowd[19]->welcome()->you] >= 95);  // nearest at (nearly) full rate
    CHECK(sent[crowd[19]->welcome()->you] > 3 * sent[crowd[0]->welcome()->you]);
}

TEST_CASE("snapshots are deltas against acknowledged baselines and rebuild exact states", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    std::uint64_t bytesFirst = 0, bytesLater = 0;
    for (int t = 0; t < 60; ++t) {
        b.setPose(poseAt(std::sin(static_cast<float>(t) * 0.1f), static_cast<float>(t) * 0.04f,
                         static_cast<float>(t) * 0.02f));
        const std::uint64_t before = a.stats().bytesIn;
        h.step();
        (t < 1 ? bytesFirst : bytesLater) += a.stats().bytesIn - before;
    }
    CHECK(a.stats().unresolvedEntries == 0);
    // Full entry first, then deltas: a moving avatar costs less than a full entry per tick.
    CHECK(bytesLater / 59 < bytesFirst);
    h.clock.advanceMillis(500);
    const auto seen = a.avatarPose(b.welcome()->you);
    REQUIRE(seen);
    const auto expected = dequantize(quantize(poseAt(std::sin(5.9f), 59 * 0.04f, 59 * 0.02f), VenueBounds{}), VenueBounds{});
    CHECK(seen->head.position.x == Approx(expected.head.position.x).margin(1e-4));
    CHECK(seen->head.position.z == Approx(expected.head.position.z).margin(1e-4));
    // An avatar that stops moving costs nothing once acknowledged.
    for (int t = 0; t < 3; ++t) h.step();
    const std::uint64_t before = a.stats().bytesIn;
    h.step();
    CHECK(a.stats().bytesIn - before == kSnapshotHeaderBytes);
}

TEST_CASE("deltas stay exact when snapshots and acknowledgements are lost", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& viewer = h.join("hall", "Viewer");
    std::vector<Client*> movers;
    for (int i = 0; i < 6; ++i) movers.push_back(&h.join("hall", label("M", i)));
    // The relay loses every 3rd snapshot to the viewer; the viewer loses every
    // 4th pose (and with it the acknowledgements it carried) to the relay.
    // (MemoryTransport numbers peers from 1 in connection order: the viewer
    // joined first, and each client's transport has the relay as peer 1.)
    h.relayNet.loseEveryNthUnreliable(1, 3);
    h.peerOf(viewer).net->loseEveryNthUnreliable(1, 4);
    const auto moverPose = [](int i, int t) {
        const float a = static_cast<float>(t) * 0.07f + static_cast<float>(i);
        return poseAt(3.0f * std::cos(a) + static_cast<float>(i), 3.0f * std::sin(a), a);
    };
    std::uint64_t updates = 0;
    viewer.onAvatarUpdate = [&](const SnapshotReceiver::Update&) { ++updates; };
    for (int t = 0; t < 120; ++t) {
        for (int i = 0; i < 6; ++i) movers[static_cast<std::size_t>(i)]->setPose(moverPose(i, t));
        h.step();
    }
    CHECK(viewer.stats().unresolvedEntries == 0);  // every delta named a baseline the viewer had
    CHECK(updates > 6 * 60);                       // and most ticks got through
    // Stop moving: the last states arrive exactly, and then nothing is resent.
    for (int t = 0; t < 6; ++t) h.step();
    for (int i = 0; i < 6; ++i) {
        const auto seen = viewer.avatarPose(movers[static_cast<std::size_t>(i)]->welcome()->you);
        REQUIRE(seen);
        const auto expected = dequantize(quantize(moverPose(i, 119), VenueBounds{}), VenueBounds{});
        CHECK(seen->head.position.x == Approx(expected.head.position.x).margin(1e-3));
        CHECK(seen->head.position.z == Approx(expected.head.position.z).margin(1e-3));
    }
    const std::uint64_t before = viewer.stats().bytesIn;
    h.step();
    h.step();
    CHECK(viewer.stats().bytesIn - before <= 2 * kSnapshotHeaderBytes);
}

TEST_CASE("shutdown tells every client why", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    h.relay.shutdown("maintenance");
    h.settle();
    REQUIRE(a.disconnectNotice());
    CHECK(a.disconnectNotice()->reason == DisconnectReason::Shutdown);
    CHECK(a.state() == ClientState::Disconnected);
    Client& late = h.join("hall", "Late");
    CHECK(late.refusal()->reason == RefuseReason::ShuttingDown);
}

TEST_CASE("half-open flood: silent connections cannot hold the table against a new client", "[relay][hostile]") {
    // Regression (issue 12, item 10): connections that never say Hello held
    // their slot for 5 s each, so a flood filled the table.
    RelayConfig config = RelayHarness::openConfig();
    config.maxPeers = 40;
    config.reservedPeers = 4;
    config.pendingPerAddress = 5;
    RelayHarness h(config);
    std::vector<std::unique_ptr<MemoryTransport>> flood;
    const auto connectFrom = [&](const std::string& address) {
        auto& net = flood.emplace_back(std::make_unique<MemoryTransport>());
        const PeerId peer = net->connect(h.relayNet, address);
        h.relay.pump();
        return net->connected(peer);
    };
    // One address holds at most 5 unauthenticated connections; beyond, the
    // transport drops its attempts before they take a slot.
    int accepted = 0;
    for (int i = 0; i < 8; ++i) accepted += connectFrom("192.0.2.1") ? 1 : 0;
    CHECK(accepted == 5);
    // 100 more from 20 addresses: the oldest make room, the table never fills.
    for (int i = 0; i < 100; ++i) connectFrom(label("192.0.2.", 10 + i % 20));
    h.relay.tick();
    CHECK(h.relay.metrics().peers <= 36);
    CHECK(count(h.relay, "pending_evicted") >= 69);
    // A visitor still gets in at once, and holds its slot while the flood goes on.
    Client& visitor = h.join("hall", "Ada");
    CHECK(visitor.state() == ClientState::Joined);
    for (int i = 0; i < 100; ++i) connectFrom(label("192.0.2.", 40 + i % 20));
    h.step();
    CHECK(visitor.state() == ClientState::Joined);
    // Silent connections are closed at the hello deadline.
    h.clock.advanceMillis(config.handshakeTimeoutMs + 1);
    h.step();
    CHECK(h.relay.metrics().peers == 1);
    CHECK(count(h.relay, "hello_timeout") > 0);
    // The address is welcome again once its silent connections are gone.
    CHECK(connectFrom("192.0.2.1"));
}

TEST_CASE("a client keeps the latest chat lines and counts all of them", "[relay][client][chat]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& ada = h.join("hall", "Ada");
    REQUIRE(ada.state() == ClientState::Joined);
    const ParticipantId you = ada.welcome()->you;
    // Lines as the relay would deliver them over hours: more than the client keeps.
    const std::size_t lines = Client::kChatKept + 500;
    for (std::size_t i = 0; i < lines; ++i) {
        TransportEvent event{TransportEventKind::Received, ada.peer(), Channel::Reliable,
                             encodeMessage(ChatFrom{static_cast<ParticipantId>(i % 10 == 0 ? you : you + 1),
                                                    "line " + std::to_string(i)})};
        ada.handle(event);
    }
    REQUIRE(ada.chat().size() == Client::kChatKept);
    CHECK(ada.chat().front().text == "line " + std::to_string(lines - Client::kChatKept));  // oldest dropped first
    CHECK(ada.chat().back().text == "line " + std::to_string(lines - 1));
    CHECK(ada.stats().chatIn == lines);
    CHECK(ada.stats().chatFromOthers == lines - lines / 10);
}

// A client's poses keep their own cadence. After a stall the missed slots are
// skipped, not sent in a burst, and the grid stays where the first pose put it:
// a grid restarted at the end of each stall would move every client that
// stalls on the relay's snapshot burst (bots, many per thread) into step with
// the relay's tick.
TEST_CASE("client poses keep their cadence's phase across a stall", "[relay][client]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& ada = h.join("hall", "Ada");
    REQUIRE(ada.state() == ClientState::Joined);
    const std::uint64_t interval = 1'000'000 / ClientConfig{}.poseRateHz;
    REQUIRE(ada.poseDue());
    ada.update();  // the first pose: slot 0 at t0
    const std::uint64_t t0 = h.clock.nowMicros();
    CHECK_FALSE(ada.poseDue());
    h.clock.advanceMicros(interval - 1);
    CHECK_FALSE(ada.poseDue());
    h.clock.advanceMicros(1);
    CHECK(ada.poseDue());
    ada.update();  // slot 1, on time
    CHECK_FALSE(ada.poseDue());
    // Stalled until 12 ms past slot 3: one pose now, and the next at slot 4.
    h.clock.advanceMicros(t0 + 3 * interval + 12'000 - h.clock.nowMicros());
    CHECK(ada.poseDue());
    ada.update();
    CHECK_FALSE(ada.poseDue());
    h.clock.advanceMicros(t0 + 4 * interval - 1 - h.clock.nowMicros());
    CHECK_FALSE(ada.poseDue());
    h.clock.advanceMicros(1);
    CHECK(ada.poseDue());
}
