// The relay's incoming side under overload: poses that queued on the way in
// (socket, ENet, a relay busy with a tick) are not forwarded oldest-first;
// only each sender's newest is, the others are counted (superseded, stale),
// and a drain of the transport is bounded in time. MemoryTransport and clocks
// the test steps: no sockets, no timing.
#include <catch2/catch.hpp>

#include "places/net/pose_age.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::poseAt;
using places::net::test::RelayHarness;

namespace {

// A PoseUpdate as Bob's client would send it, with a seq the test chooses.
std::vector<std::byte> poseBytes(std::uint16_t seq, float x, const VenueBounds& bounds, std::uint32_t sendTimeMs) {
    PoseUpdate p;
    p.seq = seq;
    p.sendTimeMs = sendTimeMs;
    p.state = quantize(poseAt(x, 0.0f), bounds);
    std::vector<std::byte> bytes;
    encodeMessage(p, bytes);
    return bytes;
}

// Time that moves on by `step` every time it is read: handling each message
// "costs" a few reads, as if the machine were slow.
class SteppingClock final : public Clock {
public:
    explicit SteppingClock(std::uint64_t step) : step_(step) {}
    std::uint64_t nowMicros() const override { return now_ += step_; }
    std::uint64_t unixSeconds() const override { return 1'800'000'000 + now_ / 1'000'000; }

private:
    std::uint64_t step_;
    mutable std::uint64_t now_ = 1'000'000;
};

}  // namespace

TEST_CASE("relay: of the poses queued before a tick only the newest is forwarded, stale ones are dropped", "[relay][inbound]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    a.setPose(poseAt(0.0f, 0.0f));
    b.setPose(poseAt(1.0f, 0.0f));
    for (int i = 0; i < 3; ++i) h.step();
    const ParticipantId bob = b.welcome()->you;
    std::vector<float> bobAt;  // x of each of Bob's states Ada receives
    a.onAvatarUpdate = [&](const SnapshotReceiver::Update& u) {
        if (u.id == bob) bobAt.push_back(dequantize(u.state, a.welcome()->bounds).head.position.x);
    };
    const std::uint64_t supersededBefore = h.relay.metrics().posesSuperseded;
    const auto stale = [&] {
        const auto& d = h.relay.metrics().dropped;
        const auto it = d.find("stale_pose");
        return it == d.end() ? std::uint64_t{0} : it->second;
    };
    const std::uint64_t staleBefore = stale();

    // Four poses reach the relay before its next tick, one of them overtaken on
    // the way (seq 502 after 503), as from a relay that fell behind its socket.
    MemoryTransport& bobNet = *h.peerOf(b).net;
    const VenueBounds& bounds = b.welcome()->bounds;
    const auto now = static_cast<std::uint32_t>(h.clock.nowMicros() / 1000);
    for (const auto& [seq, x] : {std::pair<std::uint16_t, float>{500, 2.0f}, {501, 3.0f}, {503, 5.0f}, {502, 4.0f}})
        bobNet.send(b.peer(), Channel::Unreliable, poseBytes(seq, x, bounds, now));
    h.settle();
    CHECK(bobAt.empty());  // nothing goes out between ticks
    h.clock.advanceMillis(34);
    h.relay.tick();
    h.settle();

    REQUIRE(bobAt.size() == 1);  // one state, the newest: never 2, 3 or 4 first
    CHECK(bobAt[0] == Approx(5.0f).margin(0.01));
    CHECK(h.relay.metrics().posesSuperseded - supersededBefore == 2);  // 500 and 501, never forwarded
    CHECK(stale() - staleBefore == 1);                                  // 502, older than 503
    const std::string text = renderPrometheus(h.relay.metrics());
    CHECK(text.find("places_relay_poses_superseded_total " + std::to_string(h.relay.metrics().posesSuperseded) + "\n") !=
          std::string::npos);
    CHECK(text.find("places_relay_dropped_total{reason=\"stale_pose\"} " + std::to_string(stale()) + "\n") !=
          std::string::npos);

    // A pose that arrives after its tick is forwarded by the next one, as usual.
    bobNet.send(b.peer(), Channel::Unreliable, poseBytes(504, 6.0f, bounds, now + 40));
    h.settle();
    h.clock.advanceMillis(34);
    h.relay.tick();
    h.settle();
    REQUIRE(bobAt.size() == 2);
    CHECK(bobAt[1] == Approx(6.0f).margin(0.01));
}

TEST_CASE("relay: a drain of the transport stops at its time budget and the next one takes the rest", "[relay][inbound]") {
    SteppingClock clock(20);  // every clock read: 20 us later
    RelayConfig config = RelayHarness::openConfig();
    config.limits.poseBurst = 1000;  // the burst below is the test, not a flood to punish
    MemoryTransport relayNet;
    Relay relay(config, relayNet, clock);
    MemoryTransport bobNet;
    ClientConfig cc;
    cc.venue = "hall";
    cc.name = "Bob";
    Client bob(cc, bobNet, clock);
    bob.start(bobNet.connect(relayNet));
    TransportEvent e;
    for (int round = 0; round < 4; ++round) {
        relay.pump();
        while (bobNet.poll(e)) bob.handle(e);
    }
    REQUIRE(bob.state() == ClientState::Joined);
    const VenueBounds& bounds = bob.welcome()->bounds;
    for (std::uint16_t seq = 1; seq <= 400; ++seq)
        bobNet.send(bob.peer(), Channel::Unreliable, poseBytes(seq, 1.0f + 0.01f * seq, bounds, 1000 + seq));

    const std::uint64_t before = relay.metrics().messagesIn;
    CHECK_FALSE(relay.pump(0, 2'000));  // 2 ms of handling at a few clock reads (20 us each) per pose
    const std::uint64_t first = relay.metrics().messagesIn - before;
    CHECK(first >= 16);   // the budget is checked every 16 events
    CHECK(first < 400);   // and it stopped well before the end
    CHECK(relay.metrics().receiveCut == 1);
    CHECK(relay.pump());  // unbounded: everything left
    CHECK(relay.metrics().messagesIn - before == 400);
    CHECK(relay.metrics().receiveCut == 1);
    CHECK(relay.metrics().posesSuperseded == 399);  // one tick's worth: only seq 400 is forwarded
}

TEST_CASE("pose age: delay above the fastest pose of the sender, whatever the clocks' offset", "[inbound]") {
    PoseAgeEstimator age;
    const std::uint32_t offset = 0xFFFF'FF00u;  // the sender's clock near its wrap, far from the relay's
    const auto at = [&](std::uint32_t sentRelayMs, std::uint64_t handledUs) {
        return age.observe(sentRelayMs + offset, handledUs);
    };
    CHECK(at(5000, 5'003'000) == 0);   // the first is the base: 3 ms of path
    CHECK(at(5010, 5'013'000) == 0);   // same path
    CHECK(at(5020, 5'143'000) == 120); // queued 120 ms more than the fastest
    CHECK(at(5030, 5'032'000) == 0);   // faster than the base: the new base (2 ms)
    CHECK(at(5040, 5'052'000) == 10);
    // The base is forgotten after two windows, so a drifting clock does not
    // leave every later pose "late" (here the path got 50 ms slower for good).
    std::uint32_t last = 0;
    for (std::uint64_t t = 6'000'000; t < 6'000'000 + 3 * PoseAgeEstimator::kWindowMicros; t += 100'000)
        last = at(static_cast<std::uint32_t>(t / 1000 - 52), t);
    CHECK(last == 0);
}

TEST_CASE("delay histogram: percentiles of a stretch from two copies", "[inbound]") {
    DelayHistogram h;
    for (std::uint32_t ms = 0; ms < 100; ++ms) h.add(ms);
    const DelayHistogram start = h;
    for (int i = 0; i < 99; ++i) h.add(10);
    h.add(5000);  // past the last bucket: counted there
    const DelayHistogram window = h.since(start);
    CHECK(window.total == 100);
    CHECK(window.percentile(0.5) == 10);
    CHECK(window.percentile(0.99) == 10);
    CHECK(window.percentile(1.0) == DelayHistogram::kBuckets - 1);
    CHECK(h.percentile(0.5) == 10);
    CHECK(DelayHistogram{}.percentile(0.5) == 0);
}

TEST_CASE("relay: the incoming queue is short while shedding and deep again when calm", "[relay][inbound][shed]") {
    std::uint64_t injected = 0;
    RelayConfig config = RelayHarness::openConfig();
    config.shed.smoothing = 1.0;
    config.shed.raiseAfterTicks = 2;
    config.shed.lowerAfterTicks = 3;
    config.injectedTickCostMicros = [&] { return injected; };
    RelayHarness h(config);
    h.join("hall", "Ada");
    for (int i = 0; i < 5; ++i) h.step();
    CHECK(h.relayNet.receiveQueueBytes() == 0);  // calm: the transport's own (deep) queue, never touched
    injected = 2 * 33'333;
    h.step();
    REQUIRE(h.relay.metrics().shedLevel == 1);
    CHECK(h.relayNet.receiveQueueBytes() == config.receiveQueueBytesShedding);
    for (int i = 0; i < 8; ++i) h.step();  // higher levels keep it short
    REQUIRE(h.relay.metrics().shedLevel >= 3);
    CHECK(h.relayNet.receiveQueueBytes() == config.receiveQueueBytesShedding);
    injected = 0;
    for (int i = 0; i < 40 && h.relay.metrics().shedLevel > 0; ++i) h.step();
    REQUIRE(h.relay.metrics().shedLevel == 0);
    CHECK(h.relayNet.receiveQueueBytes() == config.receiveQueueBytes);
}

namespace {

// Bob stops sending poses (stalled, or his link lost them) for `stallTicks`
// ticks while Ada keeps hers; Cem joins during the stall. Returns the ages at
// the relay (snapshot serverTimeMs - poseTimeMs, ms) of the Bob states Cem
// received during the stall, and then after Bob sends again.
struct StallSeen {
    std::vector<int> duringStall, afterResume;
    std::uint64_t withheld = 0;
};

struct Stall {
    std::uint32_t staleAfterMs = 100, farStaleAfterMs = 0;
    int ticks = 20;        // Bob silent this many ticks
    int cemJoinsAt = 6;    // before this silent tick
    float cemX = 1.5f;     // Bob is at x = 1 m
};

StallSeen bobStalls(const Stall& stall) {
    RelayConfig config = RelayHarness::openConfig();
    config.staleAfterMs = stall.staleAfterMs;
    config.farStaleAfterMs = stall.farStaleAfterMs;
    RelayHarness h(config);
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    a.setPose(poseAt(0.0f, 0.0f));
    b.setPose(poseAt(1.0f, 0.0f));
    for (int i = 0; i < 3; ++i) h.step();
    const ParticipantId bob = b.welcome()->you;
    const auto tickWithout = [&](const Client* silent) {  // one tick in which `silent` sends nothing
        h.clock.advanceMillis(34);
        for (auto& p : h.peers)
            if (p.client.get() != silent) p.client->update();
        h.settle();
        h.relay.tick();
        h.settle();
    };
    StallSeen seen;
    std::vector<int>* into = &seen.duringStall;
    Client* cem = nullptr;
    for (int i = 0; i < stall.ticks; ++i) {
        if (i == stall.cemJoinsAt) {
            cem = &h.join("hall", "Cem");
            cem->setPose(poseAt(stall.cemX, 0.5f));
            cem->onAvatarUpdate = [&, cem](const SnapshotReceiver::Update& u) {
                if (u.id == bob)
                    into->push_back(static_cast<std::uint16_t>(cem->snapshotServerTimeMs() - u.poseTimeMs));
            };
        }
        tickWithout(&b);
    }
    seen.withheld = h.relay.metrics().staleWithheld;
    into = &seen.afterResume;
    b.setPose(poseAt(1.2f, 0.0f));
    for (int i = 0; i < 3; ++i) h.step();
    return seen;
}

}  // namespace

TEST_CASE("relay: an avatar whose poses stopped is never sent late, and is sent again once fresh", "[relay][inbound][shed]") {
    const StallSeen seen = bobStalls(Stall{});
    // Cem joined beside Bob 200 ms into Bob's silence and stayed 14 ticks:
    // without the limit he would get Bob's last state as an update 200+ ms old (below).
    CHECK(seen.duringStall.empty());
    CHECK(seen.withheld >= 20 - 3);  // from the 4th silent tick on (> 100 ms), one avatar per tick
    REQUIRE_FALSE(seen.afterResume.empty());
    for (const int age : seen.afterResume) CHECK(age <= 100);

    // The same without the limit: Cem gets Bob's state at once, and late.
    const StallSeen unlimited = bobStalls(Stall{0, 0});
    REQUIRE_FALSE(unlimited.duringStall.empty());
    CHECK(unlimited.duringStall.front() > 200);
    CHECK(unlimited.withheld == 0);
}

TEST_CASE("relay: the far tier does not send a pose older than its own limit, it waits for a fresh one", "[relay][inbound][shed]") {
    // Cem, 24 m from Bob (far tier), joins when Bob has been silent 34 ms; his
    // first tick meets Bob's pose 68 ms old, the next 102 ms (over staleAfterMs).
    Stall stall{100, 60, 3, 1, 25.0f};
    const StallSeen seen = bobStalls(stall);
    CHECK(seen.duringStall.empty());
    REQUIRE_FALSE(seen.afterResume.empty());
    for (const int age : seen.afterResume) CHECK(age <= 60);
    stall.farStaleAfterMs = 0;  // only the general limit: Cem gets Bob 68 ms old
    const StallSeen general = bobStalls(stall);
    REQUIRE(general.duringStall.size() == 1);
    CHECK(general.duringStall.front() >= 68);
    CHECK(general.duringStall.front() <= 100);
}
