// Joining a full venue, end to end over ENet on loopback: an in-process relay
// whose one instance holds one avatar. A visitor refused for a full venue
// waits, says so, and tries again until someone leaves; other refusals, and a
// venue that stays full past the retry budget, end the join with the relay's
// reason.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "places/net/venue_host.hpp"
#include "places/runtime/venue_join.hpp"

using namespace places;
using namespace std::chrono_literals;

namespace {

runtime::RenderScene venue() {
    runtime::RenderScene scene;
    scene.venueId = "hall";
    scene.title = "Hall";
    return scene;
}

// A relay with room for one avatar in one instance of each venue.
std::unique_ptr<net::VenueHost> oneSeatRelay() {
    net::RelayConfig config;
    config.avatarCapacity = 1;
    config.maxInstancesPerVenue = 1;
    auto host = net::VenueHost::start(config);
    REQUIRE(host.value);
    return std::move(*host.value);
}

// That relay with its seat taken by Ada, and `join` set up for Bob, who comes next.
struct TakenSeat {
    std::unique_ptr<net::VenueHost> relay = oneSeatRelay();
    runtime::RenderScene scene = venue();
    net::SteadyClock clock;
    runtime::VenueJoinSettings join;
    std::unique_ptr<runtime::VenueClient> ada;

    TakenSeat() {
        join.relay = "127.0.0.1:" + std::to_string(relay->port());
        join.ticket = relay->ticket(scene.venueId, net::Role::Visitor, "Ada");
        auto joined = runtime::joinVenue(join, scene, clock);
        REQUIRE(joined.value);
        ada = std::move(*joined.value);
        join.ticket = relay->ticket(scene.venueId, net::Role::Visitor, "Bob");
    }
};

}  // namespace

TEST_CASE("joining a full venue: the visitor waits, is told so, and gets in once a seat is free",
          "[integration][capacity]") {
    TakenSeat seat;
    runtime::VenueJoinSettings& join = seat.join;

    // Ada leaves 2.5 s after Bob's first try; until then he is refused.
    std::atomic<bool> leave{false};
    std::thread adaThread([&] {
        auto client = std::move(seat.ada);
        const auto until = std::chrono::steady_clock::now() + 2500ms;
        while (std::chrono::steady_clock::now() < until) {
            client->update();
            std::this_thread::sleep_for(5ms);
        }
        client->leave();
        client->update();
        leave = true;
        for (int i = 0; i < 50; ++i) {  // let the Bye go out
            client->update();
            std::this_thread::sleep_for(2ms);
        }
    });
    std::vector<std::string> waits;
    join.onWait = [&](const std::string& text) { waits.push_back(text); };
    const auto start = std::chrono::steady_clock::now();
    auto bob = runtime::joinVenue(join, seat.scene, seat.clock);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    adaThread.join();
    INFO(bob.diagnostics.firstError());
    REQUIRE(bob.value);
    CHECK((*bob.value)->joined());
    CHECK(leave.load());
    CHECK(took >= 2.0);
    REQUIRE_FALSE(waits.empty());
    CHECK(waits.front().find("venue full") != std::string::npos);
    CHECK(waits.front().find("trying again in") != std::string::npos);
}

TEST_CASE("joining a full venue: past the retry budget, or with retries off, the join ends with the reason",
          "[integration][capacity]") {
    TakenSeat seat;
    runtime::VenueJoinSettings& join = seat.join;

    const double budget = GENERATE(0.0, 4.0);
    std::size_t waits = 0;
    join.fullRetrySeconds = budget;
    join.onWait = [&](const std::string&) {
        ++waits;
        seat.ada->update();  // Ada stays
    };
    const auto start = std::chrono::steady_clock::now();
    auto bob = runtime::joinVenue(join, seat.scene, seat.clock);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("budget " << budget);
    CHECK_FALSE(bob.value);
    CHECK(bob.diagnostics.firstError().find("venue full") != std::string::npos);
    if (budget == 0.0) {
        CHECK(waits == 0);
        CHECK(took < 2.0);
    } else {
        CHECK(waits >= 1);  // 2 s (jittered 1.5-2.5), then 4 s would pass the 4 s budget
        CHECK(took <= budget + 1.5);
    }
}
