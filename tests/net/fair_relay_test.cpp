// The fair's rules on the relay, over MemoryTransport with a FakeClock (issue
// #10): a queue entry outlives its visitor for ten minutes of the relay's clock
// and no longer; a resume of the visitor or of the exhibitor keeps the queue
// and the position; the estimated wait follows the position and the talks
// held; a visitor cannot call, skip or reorder (each refused and counted);
// spectators get counts, never names. Deterministic: no sockets, no waiting.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "places/net/relay_metrics.hpp"
#include "fair_fixture.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using namespace places::net::test;

namespace {

constexpr std::uint64_t kFarFuture = 4'000'000'000ull;

// Venue "hall" with booth B1, staffed by Eva; always open.
RelayConfig fairConfig(const KeyPair& keys) {
    RelayConfig c = RelayHarness::openConfig();
    c.ticketKey = keys.publicKey;
    FairVenue hall;
    hall.venue = "hall";
    hall.booths.push_back({"B1", "Ruhr Robotics GmbH", {"Eva"}, {}});
    c.fair.venues = {hall};
    c.fair.fixedTime = 1'783'000'800;
    return c;
}

std::uint16_t positionAt(const Client& c, const std::string& booth = "B1") {
    const auto it = c.fair().queues.find(booth);
    return it == c.fair().queues.end() ? 0 : it->second.position;
}

std::uint32_t waitAt(const Client& c, const std::string& booth = "B1") {
    const auto it = c.fair().queues.find(booth);
    return it == c.fair().queues.end() ? 0 : it->second.estimatedWaitS;
}

std::vector<std::string> staffList(const Client& eva) {
    const auto it = eva.fair().exhibitorQueues.find("B1");
    return it == eva.fair().exhibitorQueues.end() ? std::vector<std::string>{} : it->second;
}

std::uint64_t dropped(RelayHarness& h, std::string_view reason) {
    const auto& d = h.relay.metrics().dropped;
    const auto it = d.find(reason);
    return it == d.end() ? 0 : it->second;
}

std::size_t refusals(const Client& c, FairOp op) {
    return static_cast<std::size_t>(std::count_if(c.fair().refusals.begin(), c.fair().refusals.end(), [&](const FairNotice& n) {
        return n.a == static_cast<std::uint16_t>(op);
    }));
}

// Venues "hall" (portal "gate" to the plaza) and "plaza", open; `avatars`
// per instance, at most `instances` instances per venue.
RelayConfig portalConfig(std::uint32_t avatars, std::uint32_t instances) {
    RelayConfig c = RelayHarness::openConfig();
    c.avatarCapacity = avatars;
    c.maxInstancesPerVenue = instances;
    FairVenue hall;
    hall.venue = "hall";
    hall.portals.push_back(gatePortal("plaza"));
    FairVenue plaza;
    plaza.venue = "plaza";
    c.fair.venues = {hall, plaza};
    c.fair.fixedTime = 1'783'000'800;
    return c;
}

// Steps the relay's clock `seconds` in one-second ticks (every live client keeps sending).
void run(RelayHarness& h, int seconds) {
    for (int i = 0; i < seconds; ++i) h.step(1000);
}

}  // namespace

TEST_CASE("fair: a queue entry waits ten minutes for its visitor on the relay's clock, then times out",
          "[fair][relay]") {
    const KeyPair keys = generateKeyPair();
    RelayHarness h(fairConfig(keys));
    Client& eva = h.join("", "", ticketFor(keys, Role::Exhibitor, "Eva", kFarFuture));
    Client* ada = &h.join("hall", "Ada");
    Client& ben = h.join("hall", "Ben");
    REQUIRE(ada->joinQueue("B1"));
    h.step();
    REQUIRE(ben.joinQueue("B1"));
    h.step();
    REQUIRE(positionAt(*ada) == 1);
    REQUIRE(positionAt(ben) == 2);

    // Ada's connection is cut. The relay notices after its peer timeout (10 s),
    // keeps the session 30 s for a resume, then removes it; the queue keeps her place.
    h.peerOf(*ada).net->cut(ada->peer());
    run(h, 590);
    CHECK(staffList(eva) == std::vector<std::string>{"Ada", "Ben"});
    CHECK(positionAt(ben) == 2);
    CHECK(h.relay.metrics().timeouts == 1);

    SECTION("back within ten minutes: the place is hers again") {
        Client& back = h.join("hall", "Ada");  // anonymous: known by venue and name
        h.step();
        CHECK(positionAt(back) == 1);
        REQUIRE(eva.callNext("B1"));
        h.step();
        CHECK(back.fair().talk != 0);
        CHECK(ben.fair().talk == 0);
        CHECK(positionAt(ben) == 1);
    }
    SECTION("ten minutes without her: the entry times out, counted per booth") {
        run(h, 25);  // absent since the relay noticed (10-11 s after the cut): now past 600 s
        CHECK(staffList(eva) == std::vector<std::string>{"Ben"});
        CHECK(positionAt(ben) == 1);
        run(h, 2);  // the booth statistics are refreshed once a second
        REQUIRE(h.relay.metrics().booths.size() == 1);
        const BoothReportRow& row = h.relay.metrics().booths[0];
        CHECK(row.timedOut == 1);
        CHECK(row.queued == 2);
        CHECK(row.queueLength == 1);
        CHECK_THAT(renderPrometheus(h.relay.metrics()),
                   Catch::Contains("places_fair_booth_timed_out_total{venue=\"hall\",booth=\"B1\"} 1"));
        // Coming back now is a new join at the end.
        Client& back = h.join("hall", "Ada");
        REQUIRE(back.joinQueue("B1"));
        h.step();
        CHECK(positionAt(back) == 2);
    }
}

TEST_CASE("fair: a resume of the visitor or of the exhibitor keeps the queue and the position", "[fair][relay]") {
    const KeyPair keys = generateKeyPair();
    RelayHarness h(fairConfig(keys));
    Client& eva = h.join("", "", ticketFor(keys, Role::Exhibitor, "Eva", kFarFuture));
    Client& ada = h.join("", "", ticketFor(keys, Role::Visitor, "Ada", kFarFuture));
    Client& ben = h.join("", "", ticketFor(keys, Role::Visitor, "Ben", kFarFuture));
    Client& cem = h.join("", "", ticketFor(keys, Role::Visitor, "Cem", kFarFuture));
    for (Client* v : {&ada, &ben, &cem}) {
        REQUIRE(v->joinQueue("B1"));
        h.step();
    }
    REQUIRE(positionAt(cem) == 3);

    // The visitor's link drops; the relay detaches her session (resumable).
    auto& adaNet = *h.peerOf(ada).net;
    adaNet.cut(ada.peer());
    run(h, 12);
    REQUIRE(h.relay.metrics().timeouts == 1);
    // Absent: the exhibitor's call takes the next present visitor, her place stays first.
    REQUIRE(eva.callNext("B1"));
    h.step();
    CHECK(ben.fair().talk != 0);
    CHECK(staffList(eva) == std::vector<std::string>{"Ada", "Cem"});
    ada.start(adaNet.connect(h.relayNet));
    h.settle();
    REQUIRE(ada.state() == ClientState::Joined);
    CHECK((ada.welcome()->flags & kWelcomeResumed) != 0);
    h.step();
    CHECK(positionAt(ada) == 1);
    CHECK(positionAt(cem) == 2);

    // The exhibitor's link drops and resumes: the queue, its order and the talk she holds stay.
    const std::uint16_t talk = eva.fair().talk;
    REQUIRE(talk != 0);
    auto& evaNet = *h.peerOf(eva).net;
    evaNet.cut(eva.peer());
    run(h, 12);
    REQUIRE(h.relay.metrics().timeouts == 2);
    CHECK(positionAt(ada) == 1);
    CHECK(positionAt(cem) == 2);
    eva.start(evaNet.connect(h.relayNet));
    h.settle();
    REQUIRE(eva.state() == ClientState::Joined);
    CHECK((eva.welcome()->flags & kWelcomeResumed) != 0);
    h.step();
    CHECK(staffList(eva) == std::vector<std::string>{"Ada", "Cem"});
    CHECK(ben.fair().talk == talk);
    CHECK(positionAt(ada) == 1);
    // And she calls the next: Ada, who kept her place through both cuts.
    REQUIRE(eva.callNext("B1"));
    h.step();
    CHECK(ada.fair().talk != 0);
    CHECK(positionAt(cem) == 1);
    CHECK(h.relay.metrics().resumes == 2);
}

TEST_CASE("fair: the estimated wait follows the position and the talks held", "[fair][relay]") {
    const KeyPair keys = generateKeyPair();
    RelayHarness h(fairConfig(keys));
    Client& eva = h.join("", "", ticketFor(keys, Role::Exhibitor, "Eva", kFarFuture));
    std::vector<Client*> v;
    for (int i = 0; i < 6; ++i) {
        std::string name = "v";
        name += std::to_string(i);
        v.push_back(&h.join("hall", name));
        REQUIRE(v.back()->joinQueue("B1"));
        h.step();
    }
    // One exhibitor holds 4 talks at once; before any talk the default length (300 s) is assumed.
    CHECK(waitAt(*v[0]) == 300);
    CHECK(waitAt(*v[3]) == 300);
    CHECK(waitAt(*v[4]) == 600);
    CHECK(waitAt(*v[5]) == 600);
    // A talk of 120 s held: the median talk length replaces the default.
    REQUIRE(eva.callNext("B1"));
    h.step();
    run(h, 120);
    REQUIRE(eva.endTalk(eva.fair().talk));
    h.step();
    REQUIRE(eva.callNext("B1"));  // the queue moves: every position is told again
    h.step();
    CHECK(positionAt(*v[2]) == 1);
    CHECK(waitAt(*v[2]) == 120);
    CHECK(positionAt(*v[5]) == 4);
    CHECK(waitAt(*v[5]) == 120);
}

TEST_CASE("fair: a visitor cannot call, skip or reorder, each refused and counted, and spectators see counts",
          "[fair][relay]") {
    const KeyPair keys = generateKeyPair();
    RelayHarness h(fairConfig(keys));
    Client& eva = h.join("", "", ticketFor(keys, Role::Exhibitor, "Eva", kFarFuture));
    Client& ada = h.join("hall", "Ada");
    Client& ben = h.join("hall", "Ben");
    Client& cem = h.join("hall", "Cem");
    Client& spectator = h.join("hall", "Sam", {}, true);
    for (Client* c : {&ada, &ben, &cem}) {
        REQUIRE(c->joinQueue("B1"));
        h.step();
    }
    const auto order = std::vector<std::string>{"Ada", "Ben", "Cem"};
    REQUIRE(staffList(eva) == order);

    const std::uint64_t before = dropped(h, "fair_not_permitted");
    REQUIRE(cem.callNext("B1"));
    REQUIRE(cem.sendFair(FairOp::Skip, "B1", ada.welcome()->you));
    REQUIRE(cem.setAway("B1", true));
    h.step();
    CHECK(refusals(cem, FairOp::CallNext) == 1);
    CHECK(refusals(cem, FairOp::Skip) == 1);
    CHECK(refusals(cem, FairOp::SetAway) == 1);
    CHECK(dropped(h, "fair_not_permitted") == before + 3);
    // Reordering: joining again does not move a visitor forward, leaving and
    // joining again puts them at the end; the protocol has no "move" operation,
    // and an operation outside it is a malformed message, counted as such.
    REQUIRE(cem.joinQueue("B1"));
    h.step();
    CHECK(positionAt(cem) == 3);
    REQUIRE(ada.leaveQueue("B1"));
    REQUIRE(ada.joinQueue("B1"));
    h.step();
    CHECK(positionAt(ada) == 3);
    CHECK(positionAt(ben) == 1);
    const std::uint64_t badEnum = dropped(h, "bad_enum");
    REQUIRE(ben.sendFair(static_cast<FairOp>(kFairOpCount + 1), "B1", 1));
    h.step();
    CHECK(dropped(h, "bad_enum") == badEnum + 1);
    CHECK(staffList(eva) == std::vector<std::string>{"Ben", "Cem", "Ada"});
    CHECK(eva.fair().talks.empty());
    CHECK(ada.fair().talk == 0);

    // Spectators: the queue length and the booth's state, never the names or positions.
    run(h, 2);  // booth status goes out at most once a second
    REQUIRE(spectator.fair().booths.count("B1") == 1);
    CHECK(spectator.fair().booths.at("B1").queueLength == 3);
    CHECK(spectator.fair().exhibitorQueues.empty());
    CHECK(spectator.fair().queues.empty());
    REQUIRE(spectator.joinQueue("B1"));
    h.step();
    CHECK(refusals(spectator, FairOp::JoinQueue) == 1);
}

TEST_CASE("fair: booth status broadcasts are spread over the ticks, every booth within its interval",
          "[fair][relay]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config = fairConfig(keys);
    FairVenue& hall = config.fair.venues[0];
    for (int i = 2; i <= 30; ++i) {
        std::string id = "B";
        id += std::to_string(i);
        hall.booths.push_back({id, "Company " + id, {}, {}});
    }
    const std::vector<FairBooth> booths = hall.booths;
    RelayHarness h(config);  // 30 Hz ticks, a booth's status at most once a second
    Client& watcher = h.join("hall", "Wim");
    std::vector<Client*> visitors;
    for (int i = 0; i < 4; ++i) visitors.push_back(&h.join("hall", "v" + std::to_string(i)));
    std::size_t statuses = 0;
    std::map<std::string, int> toldAt;
    int tick = 0;
    watcher.onFairNotice = [&](const FairNotice& n) {
        if (n.kind != FairNoticeKind::BoothStatus) return;
        ++statuses;
        toldAt[n.key] = tick;
    };
    // Ticks one at a time; the most booth statuses the watcher got in one tick.
    const auto ticks = [&](int count) {
        std::size_t most = 0;
        for (int i = 0; i < count; ++i) {
            ++tick;
            statuses = 0;
            h.step(1000 / 30);
            most = std::max(most, statuses);
        }
        return most;
    };
    // All 30 booths are new (changed) at the first tick: each tick carries its
    // share, ceil(30 booths x 1/30 s / 1 s) = 1, and every booth is told within the second.
    CHECK(ticks(31) == 1);
    CHECK(toldAt.size() == booths.size());
    // Every booth changes in the same tick (a visitor joins each queue): spread again.
    for (std::size_t i = 0; i < booths.size(); ++i) REQUIRE(visitors[i % 4]->joinQueue(booths[i].id));
    const int changedAt = tick + 1;
    toldAt.clear();
    CHECK(ticks(62) == 1);
    REQUIRE(toldAt.size() == booths.size());
    for (const auto& [booth, at] : toldAt) {
        INFO(booth);
        CHECK(at >= changedAt);
        CHECK(at <= changedAt + 61);  // at most one interval late
    }
}

TEST_CASE("fair: a portal into a full venue is refused with a reason and the visitor stays, a full instance overflows",
          "[fair][relay][portal]") {
    const auto intoGate = [](RelayHarness& h, Client& c) {
        AvatarPose pose;
        pose.head.position = {10.0f, 1.6f, 10.0f};
        c.setPose(pose);
        h.step();
        h.step();
    };

    SECTION("the plaza is full: refused, the walker stays in the hall, then goes once there is room") {
        RelayHarness h(portalConfig(1, 1));
        Client& pia = h.join("plaza", "Pia");
        Client& walker = h.join("hall", "Walker");
        Client& hallWatcher = h.join("hall", "Hanna", {}, true);  // a spectator: no avatar slot
        Client& plazaWatcher = h.join("plaza", "Paul", {}, true);
        REQUIRE(pia.welcome());
        REQUIRE(walker.welcome());
        const ParticipantId id = walker.welcome()->you;
        intoGate(h, walker);
        REQUIRE(hallWatcher.participants().count(id) == 1);

        REQUIRE(walker.enterPortal("gate"));
        h.step();
        REQUIRE(refusals(walker, FairOp::EnterPortal) == 1);
        CHECK(walker.fair().refusals.back().text == "the venue 'plaza' is full");
        CHECK(walker.fair().moves == 0);  // no Moved naming a venue the walker is not in
        CHECK(walker.fair().venue.empty());
        run(h, 1);
        CHECK(hallWatcher.participants().count(id) == 1);  // still in the hall, never left
        CHECK(plazaWatcher.participants().count(id) == 0);
        CHECK(walker.participants().count(hallWatcher.welcome()->you) == 1);

        pia.leave();
        run(h, 1);
        REQUIRE(walker.enterPortal("gate"));
        h.step();
        CHECK(walker.fair().moves == 1);
        CHECK(walker.fair().venue == "plaza");
        run(h, 1);
        CHECK(plazaWatcher.participants().count(id) == 1);
        CHECK(hallWatcher.participants().count(id) == 0);
    }
    SECTION("the plaza's instance is full but another may open: the walker goes to instance 1, and Moved says so") {
        RelayHarness h(portalConfig(1, 2));
        Client& pia = h.join("plaza", "Pia");
        Client& walker = h.join("hall", "Walker");
        REQUIRE(pia.welcome());
        intoGate(h, walker);
        REQUIRE(walker.enterPortal("gate"));
        h.step();
        CHECK(refusals(walker, FairOp::EnterPortal) == 0);
        CHECK(walker.fair().venue == "plaza");
        CHECK(walker.fair().instance == 1);
        CHECK(walker.welcome()->instance == 1);
    }
}

TEST_CASE("fair: a visitor who goes through a portal and comes back standing still is drawn again by the old venue",
          "[fair][relay][portal]") {
    // The same id returns to the same avatar slot. The watcher's client
    // dropped the walker's baselines on the Leave; the relay's writer must
    // too, or it sends deltas the watcher cannot resolve, then "unchanged".
    RelayHarness h(portalConfig(1000, 65'536));
    Client& walker = h.join("hall", "Walker");
    Client& watcher = h.join("hall", "Wanda", {}, true);
    REQUIRE(walker.welcome());
    const ParticipantId id = walker.welcome()->you;
    AvatarPose pose;
    pose.head.position = {10.0f, 1.6f, 10.0f};
    walker.setPose(pose);
    run(h, 1);
    REQUIRE(watcher.avatarPose(id));

    REQUIRE(walker.enterPortal("gate"));
    run(h, 1);
    REQUIRE(walker.fair().venue == "plaza");
    CHECK_FALSE(watcher.avatarPose(id));
    REQUIRE(walker.returnThroughPortal());
    run(h, 1);
    REQUIRE(walker.fair().venue == "hall");
    REQUIRE(watcher.participants().count(id) == 1);
    run(h, 2);  // the walker stands still: only an absolute entry can show them
    const auto seen = watcher.avatarPose(id);
    REQUIRE(seen);
    CHECK(seen->head.position.x == Approx(10.0f).margin(0.05f));
    CHECK(seen->head.position.z == Approx(10.0f).margin(0.05f));
}
