// `places bots --fair` against a real relay on loopback (issue #10): exhibitor
// bots (tickets naming them in a booth's staff) call queuing visitor bots into
// private talks and end them; the bots' counts must agree with the relay's own
// per-booth statistics (the metrics behind `places fair report`).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

#include <nlohmann/json.hpp>

#include "fair_fixture.hpp"
#include "loopback_harness.hpp"
#include "places/net/booth_walk.hpp"
#include "places/net/bots.hpp"
#include "places/net/ticket.hpp"

using namespace places::net;
using namespace places::net::test;

namespace {

}  // namespace

TEST_CASE("fair bots queue, get called, talk, and agree with the relay's booth statistics", "[integration]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config;
    config.open = true;
    config.ticketKey = keys.publicKey;
    FairVenue hall;
    hall.venue = "hall";
    hall.booths.push_back({"B1", "Ruhr Robotics GmbH", {"Eva"}, {}});
    hall.booths.push_back({"B2", "Emscher Pflege", {"Finn"}, {}});
    config.fair.venues = {hall};
    config.fair.fixedTime = 1'783'000'800;
    LoopbackRelay relay(config);

    BotConfig bots;
    bots.port = relay.transport->port();
    bots.venue = "hall";
    bots.count = 12;  // 2 exhibitors, 10 visitors of whom every 2nd queues
    bots.durationSeconds = 7.0;
    bots.poseRateHz = 10;
    bots.fair = true;
    bots.fairQueueEvery = 2;
    bots.fairTalkSeconds = 1.0;
    bots.fairAwayChance = 0.0;  // away is covered by fair_loopback_test; here talks must flow
    bots.exhibitorTickets = {exhibitorTicket(keys, "Eva"), exhibitorTicket(keys, "Finn")};
    // Booths stand 3 m either side of the crowd's 4 m square: queuers walk there first.
    FairZone b1, b2;
    b1.outline = {{2, -1}, {2, 1}, {4, 1}, {4, -1}};
    b2.outline = {{-4, -1}, {-4, 1}, {-2, 1}, {-2, -1}};
    bots.fairBoothZones = {{"B1", b1}, {"B2", b2}};
    bots.areaMetres = 4.0f;
    const BotReport report = runBots(bots);
    REQUIRE(report.connected == 12);
    REQUIRE(report.fairActive);
    const BotFairReport& f = report.fair;
    CHECK(f.exhibitors == 2);
    CHECK(f.queuers == 5);
    CHECK(f.queued > 0);
    CHECK(f.called > 0);
    CHECK(f.talksEnded > 0);
    CHECK(f.talkChatSent > 0);
    CHECK(f.talkChatReceived >= f.talkChatSent);  // both members receive the talk's chat
    CHECK(f.refused == 0);
    CHECK(f.refusedWhy.empty());  // counted by reason too: none
    CHECK(f.called <= f.queued);
    CHECK(f.talksEnded <= f.called);
    const std::string json = report.toJson();
    CHECK(json.find("\"fair\": {\"exhibitors\": 2") != std::string::npos);
    CHECK(json.find("\"refused_why\": {}}}") != std::string::npos);
    // Queuers walked to their booths: every one queued or talking at the end
    // stood in its booth's zone (the pose the others saw last).
    CHECK(f.walks >= f.queued);
    std::size_t queuedSpots = 0;
    for (const BotBoothSpot& spot : f.spots) {
        if (!spot.queued) continue;
        ++queuedSpots;
        INFO(spot.booth << " at " << spot.head.x << ", " << spot.head.y << ", " << spot.head.z);
        CHECK(bots.fairBoothZones.at(spot.booth).contains(glm::dvec3(spot.head)));
    }
    CHECK(queuedSpots > 0);

    // The walks as they happened: every walk begun either got to its spot or
    // was still on its way at the end; every arrival is the first pose from a
    // spot inside the booth's zone, no sooner than walking pace allows, and
    // the queue was joined from there (the relay counted those joins below).
    CHECK(f.walks == f.walksArrived + f.walkingAtEnd);
    REQUIRE(f.arrivals.size() == f.walksArrived);
    REQUIRE(f.walksArrived > 0);
    CHECK(f.queued == f.walksArrived);
    std::uint64_t inZone = 0;
    std::vector<double> seconds;
    for (const BotBoothWalk& w : f.arrivals) {
        INFO(w.booth << " from " << w.from.x << ", " << w.from.y << " to " << w.head.x << ", " << w.head.z << " in "
                     << w.seconds << " s");
        const bool inside = bots.fairBoothZones.at(w.booth).contains(glm::dvec3(w.head));
        CHECK(inside);
        CHECK(w.inZone == inside);
        if (inside) ++inZone;
        const double metres = std::hypot(double(w.head.x - w.from.x), double(w.head.z - w.from.y));
        CHECK(w.seconds >= metres / double(BoothWalk::kSpeedMetresPerSecond) - 1e-3);
        seconds.push_back(w.seconds);
    }
    CHECK(f.arrivedInZone == inZone);
    std::sort(seconds.begin(), seconds.end());
    CHECK(f.walkP50Seconds == seconds[seconds.size() / 2]);
    CHECK(f.walkMaxSeconds == seconds.back());
    CHECK(f.walkMaxSeconds > 0);
    const auto parsed = nlohmann::json::parse(json);
    const auto& fj = parsed.at("fair");
    CHECK(fj.at("walks").get<std::uint64_t>() == f.walks);
    CHECK(fj.at("walks_arrived").get<std::uint64_t>() == f.walksArrived);
    CHECK(fj.at("arrived_in_zone").get<std::uint64_t>() == f.arrivedInZone);
    CHECK(fj.at("walking_at_end").get<std::uint64_t>() == f.walkingAtEnd);
    CHECK(fj.at("walk_s").at("p50").get<double>() == Approx(f.walkP50Seconds).margin(0.006));
    CHECK(fj.at("walk_s").at("max").get<double>() == Approx(f.walkMaxSeconds).margin(0.006));

    // The relay refreshes its booth statistics once a second: wait for that, then stop it.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    relay.halt();
    const auto& rows = relay.relay->metrics().booths;
    REQUIRE(rows.size() == 2);
    std::uint64_t queued = 0, talks = 0;
    for (const auto& row : rows) {
        queued += row.queued;
        talks += row.talks;
        CHECK(row.talks > 0);  // both exhibitors held talks
    }
    // Every Called a visitor bot received is a talk the relay counted, and every JoinQueue it accepted one queued.
    CHECK(talks == f.called);
    CHECK(queued == f.queued);
}
