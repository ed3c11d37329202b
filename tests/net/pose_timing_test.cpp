// Poses timed to the relay's tick (protocol 4, Snapshot::poseWait): the relay
// reports how long each client's pose waited for its tick, and a client aims
// its cadence so that wait is a few milliseconds, not up to a whole period.
// Stepped in 250 µs slices with a FakeClock, the relay ticking on its own grid
// as RelayLoop does.
#include <catch2/catch.hpp>

#include <cmath>

#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::poseAt;
using places::net::test::RawPeer;
using places::net::test::RelayHarness;

namespace {

constexpr std::uint64_t kSliceUs = 250;

struct TimedClient {
    Client* client = nullptr;
    std::uint64_t startUs = 0;   // its first pose, on the relay's clock
    std::vector<std::uint16_t> waits;  // poseWait of each snapshot that had one
};

// Runs `ticks` relay ticks `period` apart (the first at `firstTickUs`); each
// client starts its cadence at its startUs and sends when due, as a program's
// frame loop calling update() every slice would.
void run(RelayHarness& h, std::vector<TimedClient>& clients, std::uint64_t firstTickUs, int ticks) {
    const std::uint64_t period = 1'000'000 / h.relay.config().tickRateHz;
    std::uint64_t nextTick = firstTickUs;
    int done = 0;
    while (done < ticks) {
        h.clock.advanceMicros(kSliceUs);
        const std::uint64_t now = h.clock.nowMicros();
        for (auto& c : clients)
            if (now >= c.startUs && c.client->poseDue()) c.client->update();
        h.settle();
        if (now >= nextTick) {
            h.relay.tick();
            nextTick += period;
            ++done;
            h.settle();
            // The wait of this tick's snapshot (none while a client has not
            // started its poses).
            for (auto& c : clients)
                if (c.client->lastPoseWait() != kNoPoseWait) c.waits.push_back(c.client->lastPoseWait());
        }
    }
}

// The relay's grid starts at t0; a client whose poses reach the relay 1 ms
// after a tick waits almost a whole period for the next one.
struct Setup {
    explicit Setup(bool align, std::uint32_t poseRateHz = 30) : h(RelayHarness::openConfig()) {
        for (const char* name : {"Ada", "Bob", "Cem"}) {
            ClientConfig cc;
            cc.venue = "hall";
            cc.name = name;
            cc.alignPosesToTick = align;
            cc.poseRateHz = poseRateHz;
            auto& p = h.peers.emplace_back();
            p.client = std::make_unique<Client>(cc, *p.net, h.clock);
            p.client->start(p.net->connect(h.relayNet));
            h.settle();
            REQUIRE(p.client->state() == ClientState::Joined);
            p.client->setPose(poseAt(static_cast<float>(h.peers.size()), 0.0f));
        }
        t0 = h.clock.nowMicros() + 10'000;
        // Poses 1 ms, 17 ms and 29 ms after the relay's tick: waits of ~32, ~16, ~4 ms.
        const std::uint64_t offsets[] = {1'000, 17'000, 29'000};
        for (std::size_t i = 0; i < h.peers.size(); ++i)
            clients.push_back({h.peers[i].client.get(), t0 + offsets[i], {}});
    }
    RelayHarness h;
    std::uint64_t t0 = 0;
    std::vector<TimedClient> clients;
};

}  // namespace

TEST_CASE("clients aim their poses at the relay's tick by the wait it reports", "[relay][client]") {
    Setup free(false);
    run(free.h, free.clients, free.t0, 40);
    Setup aligned(true);
    run(aligned.h, aligned.clients, aligned.t0, 40);
    for (std::size_t i = 0; i < 3; ++i) {
        const TimedClient& f = free.clients[i];
        const TimedClient& a = aligned.clients[i];
        REQUIRE(f.waits.size() >= 30);
        REQUIRE(a.waits.size() >= 30);
        INFO("client " << i << ": free waits " << f.waits.front() << ".." << f.waits.back() << ", aligned "
                       << a.waits.front() << ".." << a.waits.back() << " (tenths of a ms), target "
                       << a.client->poseWaitTarget() << " us");
        // Free: the wait the first pose found stays (33,333 µs period, 33,333 µs cadence).
        CHECK(f.waits.back() == Approx(f.waits.front()).margin(10));
        // Aligned: the same start, then within a millisecond of the client's target.
        CHECK(a.waits.front() == Approx(f.waits.front()).margin(10));
        const double target = a.client->poseWaitTarget() / 100.0;
        CHECK(target >= Client::kPoseWaitMarginUs / 100.0);
        CHECK(target < (Client::kPoseWaitMarginUs + Client::kPoseWaitSpreadUs) / 100.0);
        for (std::size_t k = a.waits.size() - 10; k < a.waits.size(); ++k) CHECK(a.waits[k] == Approx(target).margin(10));
        // Aiming never costs a pose: one per tick, as the free cadence sends.
        CHECK(a.client->stats().messagesOut == Approx(f.client->stats().messagesOut).margin(2));
    }
    // The first client's poses missed a tick by 1 ms: it moved them earlier by a
    // little (the wait fell through the target's side without a long detour),
    // instead of later by almost a period.
    const auto& first = aligned.clients[0].waits;
    std::size_t aboveTarget = 0;
    for (std::uint16_t w : first)
        if (w > 200) ++aboveTarget;
    CHECK(aboveTarget <= 3);
    // The free cadence starting 1 ms after a tick waited the whole period less 1 ms.
    CHECK(free.clients[0].waits.back() == Approx(323).margin(3));
}

TEST_CASE("the relay stamps each snapshot with its client's own pose wait", "[relay]") {
    RelayHarness h(RelayHarness::openConfig());
    RawPeer raw(h);
    Hello hello;
    hello.venue = "hall";
    hello.name = "Raw";
    raw.send(encodeMessage(hello));
    h.settle();
    REQUIRE_FALSE(raw.received().empty());  // Welcome, roster
    Client& other = h.join("hall", "Other");
    REQUIRE(other.state() == ClientState::Joined);
    const auto snapshotOf = [](const std::vector<Message>& got) -> std::optional<Snapshot> {
        for (const auto& m : got)
            if (const auto* s = std::get_if<Snapshot>(&m)) return *s;
        return std::nullopt;
    };
    PoseUpdate pose;
    pose.seq = 1;
    raw.send(encodeMessage(Message{pose}), Channel::Unreliable);
    h.clock.advanceMicros(12'345);
    h.relay.tick();
    auto s = snapshotOf(raw.received());
    REQUIRE(s);
    CHECK(s->poseWait == 123);  // tenths of a millisecond
    // A tick without a new pose from this client: no wait to report.
    h.clock.advanceMicros(33'333);
    h.relay.tick();
    s = snapshotOf(raw.received());
    REQUIRE(s);
    CHECK(s->poseWait == kNoPoseWait);
    // A pose that waited longer than the field holds saturates below "none".
    pose.seq = 2;
    raw.send(encodeMessage(Message{pose}), Channel::Unreliable);
    h.clock.advanceMicros(6'600'000);  // within the peer timeout
    h.relay.tick();
    s = snapshotOf(raw.received());
    REQUIRE(s);
    CHECK(s->poseWait == kNoPoseWait - 1);
}

TEST_CASE("a headset's 90 Hz poses are aimed too, a rate the tick does not divide runs free", "[relay][client]") {
    // 90 Hz: three poses a tick, the newest counts. Its wait can only be
    // below one pose interval (11.1 ms); the client aims at its target modulo
    // that interval.
    Setup fast(true, 90);
    run(fast.h, fast.clients, fast.t0, 40);
    const double interval = 1'000'000.0 / 90.0;
    for (const TimedClient& c : fast.clients) {
        REQUIRE(c.waits.size() >= 30);
        const double target = std::fmod(double(c.client->poseWaitTarget()), interval) / 100.0;
        INFO("90 Hz waits " << c.waits.front() << ".." << c.waits.back() << " tenths, target " << target);
        for (std::size_t k = c.waits.size() - 10; k < c.waits.size(); ++k) CHECK(c.waits[k] == Approx(target).margin(10));
    }
    // 45 Hz: a pose every 22.2 ms falls on the tick's grid only every second
    // tick; nothing to aim at, so the cadence keeps the phase its first pose set.
    Setup odd(true, 45);
    Setup oddFree(false, 45);
    run(odd.h, odd.clients, odd.t0, 40);
    run(oddFree.h, oddFree.clients, oddFree.t0, 40);
    for (std::size_t i = 0; i < odd.clients.size(); ++i) CHECK(odd.clients[i].waits == oddFree.clients[i].waits);
}
