// The overload controller on its own (a tick cost sequence gives a level
// sequence), then what the relay does at each level, over MemoryTransport with
// a FakeClock and an injected tick cost: no timing, no sockets.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>

#include "places/net/load_shedder.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::poseAt;
using places::net::test::RelayHarness;

namespace {

std::vector<int> levelsFor(LoadShedder& shedder, const std::vector<std::uint64_t>& costs) {
    std::vector<int> levels;
    for (const std::uint64_t c : costs) {
        shedder.observe(c);
        levels.push_back(static_cast<int>(shedder.level()));
    }
    return levels;
}

std::vector<std::uint64_t> repeat(std::uint64_t cost, std::size_t n) { return std::vector<std::uint64_t>(n, cost); }

// A relay whose level follows the injected cost without smoothing: one raise
// per two ticks above the threshold, one lower per `lowerAfterTicks` calm ones.
RelayConfig steppedShedConfig(const std::uint64_t& injected, std::uint32_t lowerAfterTicks) {
    RelayConfig config = RelayHarness::openConfig();
    config.shed.smoothing = 1.0;
    config.shed.raiseAfterTicks = 2;
    config.shed.lowerAfterTicks = lowerAfterTicks;
    config.injectedTickCostMicros = [&injected] { return injected; };
    return config;
}

struct RecordingLog final : RelayLog {
    void record(const RelayLogRecord& r) override { records.push_back(r); }
    std::vector<RelayLogRecord> records;
};

}  // namespace

TEST_CASE("load shedder: one level per hold while overloaded, back one per calm spell", "[shed]") {
    ShedParams p;
    p.smoothing = 1.0;  // no averaging: each level follows from the costs alone
    p.raiseAfterTicks = 2;
    p.lowerAfterTicks = 3;
    LoadShedder shedder(p, 1000);
    std::vector<std::uint64_t> costs = repeat(100, 2);
    for (const auto& part : {repeat(900, 10), repeat(600, 4), repeat(400, 15)}) costs.insert(costs.end(), part.begin(), part.end());
    const std::vector<int> expected = {0, 0,                             // calm
                                       1, 1, 2, 2, 3, 3, 4, 4, 4, 4,     // overloaded: up every 2 ticks, stops at 4
                                       4, 4, 4, 4,                       // between the thresholds: holds
                                       4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0, 0};  // calm: down every 3 ticks
    CHECK(levelsFor(shedder, costs) == expected);
    CHECK(shedder.load() == Approx(0.4));
}

TEST_CASE("load shedder: costs between the thresholds never change the level (hysteresis)", "[shed]") {
    ShedParams p;
    p.smoothing = 1.0;
    p.raiseAfterTicks = 1;
    p.lowerAfterTicks = 1;
    LoadShedder shedder(p, 1000);
    levelsFor(shedder, repeat(950, 2));
    REQUIRE(shedder.level() == ShedLevel::SlowerFar);
    std::vector<std::uint64_t> wobble;
    for (int i = 0; i < 50; ++i) wobble.push_back(i % 2 ? 790 : 510);
    CHECK(levelsFor(shedder, wobble) == std::vector<int>(50, 2));
}

TEST_CASE("load shedder: a single slow tick is averaged away, and disabled, it never degrades", "[shed]") {
    LoadShedder shedder(ShedParams{}, 1000);  // defaults: smoothing 0.2
    std::vector<std::uint64_t> costs = repeat(300, 30);
    costs.push_back(2000);  // one tick twice the period
    costs.insert(costs.end(), 20, 300);
    CHECK(levelsFor(shedder, costs) == std::vector<int>(costs.size(), 0));
    ShedParams off;
    off.enabled = false;
    LoadShedder disabled(off, 1000);
    CHECK(levelsFor(disabled, repeat(5000, 200)) == std::vector<int>(200, 0));
    CHECK(disabled.load() == Approx(5.0));
}

TEST_CASE("relay under an injected tick cost: far updates rarer, joins diverted, then recovery", "[relay][shed]") {
    std::uint64_t injected = 0;
    const RelayConfig config = steppedShedConfig(injected, 5);
    RecordingLog log;
    RelayHarness h(config, &log);
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    const ParticipantId bobId = b.welcome()->you;
    std::size_t bobUpdates = 0;
    a.onAvatarUpdate = [&](const SnapshotReceiver::Update& u) { bobUpdates += u.id == bobId ? 1 : 0; };
    a.setPose(poseAt(-10.0f, 0.0f));
    float x = 10.0f;
    const auto run = [&](int ticks) {  // Bob walks (20 m from Ada: far tier) and the relay ticks
        bobUpdates = 0;
        for (int i = 0; i < ticks; ++i) {
            x += 0.05f;
            b.setPose(poseAt(x, 0.0f));
            h.step();
        }
        return bobUpdates;
    };
    const std::size_t calm = run(30);
    CHECK(calm >= 28);  // every tick, but for the first acknowledgement
    CHECK(h.relay.metrics().shedLevel == 0);

    injected = 2 * 33'333;  // twice the period
    run(10);
    REQUIRE(h.relay.metrics().shedLevel == 4);
    CHECK(h.relay.metrics().shedRaises == 4);
    const std::size_t overloaded = run(30);
    CHECK(overloaded <= 11);  // every third tick
    CHECK(overloaded >= 9);
    CHECK(h.relay.metrics().farTierSkipped > 0);

    Client& c = h.join("hall", "Cem");
    REQUIRE(c.state() == ClientState::Joined);
    CHECK(c.welcome()->instance == 1);  // instance 0 refuses joins at level 4
    CHECK(h.relay.metrics().joinsDiverted == 1);
    CHECK(h.relay.instanceCount("hall") == 2);

    injected = 0;
    run(4 * 5 + 4);
    CHECK(h.relay.metrics().shedLevel == 0);
    CHECK(h.relay.metrics().shedLowers == 4);
    CHECK(run(30) >= 28);
    Client& d = h.join("hall", "Dora");
    CHECK(d.welcome()->instance == 0);  // open again
    CHECK(h.relay.metrics().shedTicks[4] >= 30);

    // One operator log line per level change, saying which way and why.
    std::vector<std::string> shed;
    for (const auto& r : log.records)
        if (r.kind == RelayLogKind::Shed) shed.push_back(r.reason);
    REQUIRE(shed.size() == 8);
    CHECK(shed[0].rfind("level 1 fewer_far (was 0 normal)", 0) == 0);
    CHECK(shed[3].rfind("level 4 refuse_joins (was 3 smaller_near)", 0) == 0);
    CHECK(shed[7].rfind("level 0 normal (was 1 fewer_far)", 0) == 0);
    const std::string text = renderPrometheus(h.relay.metrics());
    CHECK(text.find("places_relay_shed_level 0\n") != std::string::npos);
    CHECK(text.find("places_relay_shed_level_changes_total{direction=\"up\"} 4\n") != std::string::npos);
    CHECK(text.find("places_relay_joins_diverted_total 1\n") != std::string::npos);
}

TEST_CASE("relay: no snapshot is queued behind a backlog, the newest goes once it drains", "[relay][shed]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& a = h.join("hall", "Ada");
    Client& b = h.join("hall", "Bob");
    a.setPose(poseAt(0.0f, 0.0f));
    b.setPose(poseAt(2.0f, 0.0f));
    for (int i = 0; i < 5; ++i) h.step();
    const PeerId adaOnRelay = 1;  // the relay's transport numbers its connections from 1
    const std::uint64_t before = a.stats().snapshots;
    h.relayNet.reportBacklog(adaOnRelay, h.relay.config().maxQueuedBytesPerPeer + 1);
    for (int i = 0; i < 10; ++i) {
        b.setPose(poseAt(2.0f + 0.1f * static_cast<float>(i), 0.0f));
        h.step();
    }
    CHECK(a.stats().snapshots == before);
    CHECK(h.relay.metrics().dropped.at("snapshot_backlog") == 10);
    CHECK(b.stats().snapshots >= 15);  // others are not held back
    h.relayNet.reportBacklog(adaOnRelay, 0);
    h.step();
    CHECK(a.stats().snapshots == before + 1);
    h.clock.advanceMillis(200);  // past the interpolation delay
    const auto seen = a.avatarPose(b.welcome()->you);
    REQUIRE(seen);
    CHECK(seen->head.position.x == Approx(2.9f).margin(0.01));  // the newest pose, not a queued one
}

namespace {

// Holds a harness relay at `level`: twice the period until it gets there, then
// a cost between the thresholds (0.65 of the period), where it stays.
void holdAt(RelayHarness& h, std::uint64_t& injected, std::uint64_t level, const std::function<void()>& beforeStep) {
    injected = 2 * 33'333;
    for (int i = 0; i < 40 && h.relay.metrics().shedLevel < level; ++i) {
        beforeStep();
        h.step();
    }
    injected = 21'666;
    REQUIRE(h.relay.metrics().shedLevel == level);
}

}  // namespace

TEST_CASE("relay: at the highest shed level a join is admitted, even a Hello resent after the calm deadline",
          "[relay][shed]") {
    // While shedding the relay's socket drops datagrams, Hellos among them; ENet
    // resends a lost one seconds later. Cem's Hello arrives 5 s after his
    // connection (past the 3 s calm deadline): at level 4 he joins (in the
    // overflow instance); calm, the same late Hello finds the connection closed.
    std::uint64_t injected = 0;
    const RelayConfig config = steppedShedConfig(injected, 1000);
    const bool shedding = GENERATE(true, false);
    RelayHarness h(config);
    Client& a = h.join("hall", "Ada");
    a.setPose(poseAt(0.0f, 0.0f));
    if (shedding) holdAt(h, injected, 4, [] {});
    auto& cem = h.peers.emplace_back();
    ClientConfig cc;
    cc.venue = "hall";
    cc.name = "Cem";
    cem.client = std::make_unique<Client>(cc, *cem.net, h.clock);
    const PeerId peer = cem.net->connect(h.relayNet);
    h.settle();
    for (int i = 0; i < 150; ++i) h.step();  // 5.1 s without his Hello
    cem.client->start(peer);
    h.settle();
    h.step();
    const auto helloTimeouts = [&] {
        const auto it = h.relay.metrics().dropped.find("hello_timeout");
        return it == h.relay.metrics().dropped.end() ? std::uint64_t{0} : it->second;
    };
    INFO("shedding " << shedding);
    if (shedding) {
        REQUIRE(h.relay.metrics().shedLevel == 4);
        REQUIRE(cem.client->state() == ClientState::Joined);
        CHECK(cem.client->welcome()->instance == 1);  // instance 0 refuses joins at level 4: overflow
        CHECK(helloTimeouts() == 0);
    } else {
        CHECK(cem.client->state() != ClientState::Joined);
        CHECK(helloTimeouts() == 1);
    }
}

TEST_CASE("relay: the nearest avatars are sent every tick at every shed level", "[relay][shed]") {
    // Ada stands among five avatars within 3 m (her near tier, at most 6 at
    // level 3) and thirty 20-40 m away (the far tier, which levels 1-3 cut);
    // everyone walks, so every tick has a new state of each.
    std::uint64_t injected = 0;
    const RelayConfig config = steppedShedConfig(injected, 1000);
    RelayHarness h(config);
    Client& a = h.join("hall", "Ada");
    a.setPose(poseAt(0.0f, 0.0f));
    std::vector<Client*> near, far;
    for (int i = 0; i < 5; ++i) near.push_back(&h.join("hall", "near" + std::to_string(i)));
    for (int i = 0; i < 30; ++i) far.push_back(&h.join("hall", "far" + std::to_string(i)));
    std::vector<ParticipantId> nearIds;
    for (Client* c : near) nearIds.push_back(c->welcome()->you);
    std::map<ParticipantId, int> updates;
    a.onAvatarUpdate = [&](const SnapshotReceiver::Update& u) { ++updates[u.id]; };
    float t = 0.0f;
    const auto walk = [&] {
        t += 0.02f;
        for (std::size_t i = 0; i < near.size(); ++i) near[i]->setPose(poseAt(1.0f + 0.4f * static_cast<float>(i) + t, 1.0f));
        for (std::size_t i = 0; i < far.size(); ++i) far[i]->setPose(poseAt(20.0f + 0.6f * static_cast<float>(i), t));
    };
    for (int i = 0; i < 10; ++i) {  // everyone seen and acknowledged once
        walk();
        h.step();
    }
    for (std::uint64_t level = 0; level <= 4; ++level) {
        if (level > 0) holdAt(h, injected, level, walk);
        updates.clear();
        constexpr int kTicks = 12;
        for (int i = 0; i < kTicks; ++i) {
            walk();
            h.step();
        }
        INFO("level " << level);
        REQUIRE(h.relay.metrics().shedLevel == level);
        for (const ParticipantId id : nearIds) CHECK(updates[id] == kTicks);
        std::size_t farUpdates = 0;
        for (Client* c : far) farUpdates += static_cast<std::size_t>(updates[c->welcome()->you]);
        if (level == 0) CHECK(farUpdates > 0);
    }
}
