// Admission at the relay's capacity (load_shedder.hpp, level 4): the recent
// age of relayed poses decides whether one more visitor comes in. The window
// of ages on its own, the shedder's rule, then the relay over MemoryTransport
// with a FakeClock, its poses made late by ticking long after they arrived.
#include <catch2/catch.hpp>

#include <string>

#include "places/net/load_shedder.hpp"
#include "places/net/pose_age.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::poseAt;
using places::net::test::RelayHarness;
using places::net::test::ticketFor;

namespace {

constexpr std::uint64_t kFarFuture = 4'000'000'000ull;

ShedLevel raiseTo(LoadShedder& shedder, ShedLevel level) {
    for (int i = 0; i < 100 && shedder.level() < level; ++i) shedder.observe(2000);
    return shedder.level();
}

}  // namespace

TEST_CASE("recent delays: p99 over the last two halves, older halves forgotten", "[inbound][shed]") {
    RecentDelays recent(2);  // halves of two ticks
    recent.endTick();
    CHECK(recent.p99() == 0);  // nothing seen yet
    for (int i = 0; i < 99; ++i) recent.add(10);
    recent.add(80);
    recent.endTick();  // half A ends
    CHECK(recent.p99() == 10);  // 1 in 100 above: the 99th rank is still 10
    for (int i = 0; i < 5; ++i) recent.add(300);  // over the range: counted in the last bucket
    recent.endTick();
    CHECK(recent.p99() == RecentDelays::kBuckets - 1);  // A and the new half together
    recent.endTick();  // half B ends: A is dropped
    for (int i = 0; i < 100; ++i) recent.add(20);
    recent.endTick();
    CHECK(recent.p99() == RecentDelays::kBuckets - 1);  // B's late five still count
    recent.endTick();  // half C ends: B is dropped
    recent.endTick();
    CHECK(recent.p99() == 20);
    recent.endTick();  // an empty half D ends: C is dropped
    recent.endTick();
    CHECK(recent.p99() == 0);
}

TEST_CASE("load shedder: at level 4 a visitor comes in only while relayed poses are on time, a few a tick",
          "[shed]") {
    ShedParams p;
    p.smoothing = 1.0;
    p.raiseAfterTicks = 1;
    p.lowerAfterTicks = 1000;
    p.admitAgeMs = 40;
    p.admitPerTick = 2;
    LoadShedder shedder(p, 1000);
    // Below level 4 every visitor comes in, however late the poses.
    for (int i = 0; i < 10; ++i) CHECK(shedder.admitVisitor(500));
    REQUIRE(raiseTo(shedder, ShedLevel::SmallerNear) == ShedLevel::SmallerNear);
    CHECK(shedder.admitVisitor(500));
    REQUIRE(raiseTo(shedder, ShedLevel::RefuseJoins) == ShedLevel::RefuseJoins);
    CHECK_FALSE(shedder.admitVisitor(40));  // at the limit: no
    CHECK_FALSE(shedder.admitVisitor(500));
    CHECK(shedder.admitVisitor(39));
    CHECK(shedder.admitVisitor(0));
    CHECK_FALSE(shedder.admitVisitor(0));  // two this tick already
    shedder.observe(2000);                 // the next tick
    CHECK(shedder.admitVisitor(10));
}

TEST_CASE("relay at capacity: visitors and spectators refused while poses are late, staff let in, visitors again "
          "once on time",
          "[relay][shed]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config = RelayHarness::openConfig();
    config.ticketKey = keys.publicKey;
    config.open = true;  // tickets optional: staff bring one, visitors come without
    std::uint64_t injected = 0;
    config.shed.smoothing = 1.0;
    config.shed.raiseAfterTicks = 2;
    config.shed.lowerAfterTicks = 100'000;  // stays at level 4 throughout
    config.shed.admitAgeMs = 40;
    config.injectedTickCostMicros = [&injected] { return injected; };
    RelayHarness h(config);
    Client& ada = h.join("hall", "Ada");
    REQUIRE(ada.state() == ClientState::Joined);
    injected = 2 * 33'333;
    float x = 0.0f;
    // Poses handled `lateMs` after they arrived (the tick waits): their age at
    // send is that wait, as when a relay that is short of CPU runs its ticks late.
    const auto run = [&](int ticks, std::uint64_t lateMs) {
        for (int i = 0; i < ticks; ++i) {
            x += 0.05f;
            ada.setPose(poseAt(x, 0.0f));
            h.clock.advanceMillis(34);
            for (auto& p : h.peers) p.client->update();
            h.settle();
            h.clock.advanceMillis(lateMs);
            h.relay.tick();
            h.settle();
        }
    };
    run(20, 5);
    REQUIRE(h.relay.metrics().shedLevel == 4);
    CHECK(h.relay.metrics().relayedPoseAgeP99Ms < 40);
    Client& ben = h.join("hall", "Ben");  // on time: admitted, in the overflow instance
    REQUIRE(ben.state() == ClientState::Joined);
    CHECK(ben.welcome()->instance == 1);

    run(30, 70);
    CHECK(h.relay.metrics().relayedPoseAgeP99Ms >= 70);
    Client& cem = h.join("hall", "Cem");
    REQUIRE(cem.state() == ClientState::Refused);
    CHECK(cem.refusal()->reason == RefuseReason::VenueFull);
    CHECK(cem.refusal()->text.find("capacity") != std::string::npos);
    Client& spectator = h.join("hall", "Sam", {}, true);
    CHECK(spectator.state() == ClientState::Refused);
    CHECK(h.relay.metrics().joinsRefusedAtCapacity == 2);
    // The staff who run the event are let in at any load.
    Client& host = h.join("", "", ticketFor(keys, Role::Host, "Hana", kFarFuture));
    CHECK(host.state() == ClientState::Joined);
    Client& exhibitor = h.join("", "", ticketFor(keys, Role::Exhibitor, "Eva", kFarFuture));
    CHECK(exhibitor.state() == ClientState::Joined);

    // A second of poses on time: the late ones have left the window.
    run(31, 5);
    CHECK(h.relay.metrics().relayedPoseAgeP99Ms < 40);
    Client& dora = h.join("hall", "Dora");
    CHECK(dora.state() == ClientState::Joined);
    CHECK(h.relay.metrics().joinsRefusedAtCapacity == 2);
    const std::string text = renderPrometheus(h.relay.metrics());
    CHECK(text.find("places_relay_joins_refused_capacity_total 2\n") != std::string::npos);
    CHECK(text.find("places_relay_relayed_pose_age_p99_milliseconds ") != std::string::npos);
}

TEST_CASE("relay at capacity: a client with a bent clock cannot make everyone's poses look late and close admission",
          "[relay][shed]") {
    RelayConfig config = RelayHarness::openConfig();
    std::uint64_t injected = 0;
    config.shed.smoothing = 1.0;
    config.shed.raiseAfterTicks = 2;
    config.shed.lowerAfterTicks = 100'000;
    config.shed.admitAgeMs = 40;
    config.injectedTickCostMicros = [&injected] { return injected; };
    RelayHarness h(config);
    std::vector<Client*> honest;  // twenty honest clients and one liar: fewer than one sender in twenty lies
    for (int i = 0; i < 20; ++i) honest.push_back(&h.join("hall", "Visitor " + std::to_string(i)));
    Client& liar = h.join("hall", "Lia");
    REQUIRE(liar.state() == ClientState::Joined);
    injected = 2 * 33'333;
    const VenueBounds& bounds = liar.welcome()->bounds;
    MemoryTransport& liarNet = *h.peerOf(liar).net;
    std::uint16_t seq = 1;
    const auto lie = [&](std::int64_t aheadMs) {
        PoseUpdate p;
        p.seq = seq++;
        p.sendTimeMs = static_cast<std::uint32_t>(static_cast<std::int64_t>(h.clock.nowMicros() / 1000) + aheadMs);
        p.state = quantize(poseAt(3.0f, 0.0f), bounds);
        std::vector<std::byte> bytes;
        encodeMessage(p, bytes);
        liarNet.send(liar.peer(), Channel::Unreliable, bytes);
    };
    lie(10'000);  // once "10 s ahead": from then on every honest-looking stamp reads as 10 s late
    float x = 0.0f;
    for (int i = 0; i < 40; ++i) {
        x += 0.05f;
        for (std::size_t c = 0; c < honest.size(); ++c) honest[c]->setPose(poseAt(x, float(c)));
        lie(0);
        h.step();
    }
    REQUIRE(h.relay.metrics().shedLevel == 4);
    // Its own poses do look 10 s late (the inbound histogram says so, per sender)...
    CHECK(h.relay.metrics().poseInboundDelay.percentile(0.99) == DelayHistogram::kBuckets - 1);  // 2 s or more
    // ...but admission sees the senders' 95th percentile: one sender in 21 lying is not the queue.
    CHECK(h.relay.metrics().relayedPoseAgeP99Ms < 40);
    Client& newcomer = h.join("hall", "Zoe");
    CHECK(newcomer.state() == ClientState::Joined);
    CHECK(h.relay.metrics().joinsRefusedAtCapacity == 0);
}
