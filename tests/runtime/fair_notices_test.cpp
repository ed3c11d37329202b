// The fair's notices as a visitor's panel shows them (issue #10): a relay
// on loopback (in process), an exhibitor and two visitors as VenueClients
// (what `places view` and `places xr` run), each panel built by
// VenueClient::panelModel. "You are next at ..." appears when the relay
// says position 1, never while the visitor is second; "The exhibitor of ...
// called you" appears when the exhibitor calls that visitor, never before.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "fair_fixture.hpp"
#include "loopback_harness.hpp"
#include "portal_fixture.hpp"
#include "venue_test_clients.hpp"

using namespace places;
using namespace std::chrono_literals;

namespace {

bool shows(const runtime::VenueClient& c, const std::string& text) {
    const auto notices = c.panelModel("", "").notices;
    return std::any_of(notices.begin(), notices.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

const std::string kNext = "You are next at Ruhr Robotics GmbH";
const std::string kCalled = "The exhibitor of Ruhr Robotics GmbH called you";

}  // namespace

TEST_CASE("a visitor's panel: you are next when first in the queue, called when the exhibitor calls, not before",
          "[integration][fair]") {
    std::string folder = "places-fair-notices-";
    folder += std::to_string(getpid());
    const auto dir = std::filesystem::temp_directory_path() / folder;
    std::filesystem::create_directories(dir);
    places::test::writePortalScenes(dir);
    // The scene's booth B1 (no zone: no props) with its description for the directory.
    std::string a = places::test::readFile(dir / "a.json");
    a.insert(a.rfind('}'), R"(, "booths": [{"id": "B1", "company": "Ruhr Robotics GmbH",
                                           "description": "Ausbildung Mechatroniker/in", "staff": ["Eva"]}])");
    places::test::writeFile(dir / "a.json", a);
    auto scene = runtime::loadRenderScene((dir / "a.json").string());
    REQUIRE(scene.value);
    {
        const net::KeyPair keys = net::generateKeyPair();
        net::RelayConfig config;
        config.open = true;
        config.ticketKey = keys.publicKey;
        config.fair.venues = {net::test::boothVenue("a")};
        net::test::LoopbackRelay relay(config);

        const net::SteadyClock clock;
        runtime::VenueJoinSettings join;
        join.relay = "127.0.0.1:" + std::to_string(relay.transport->port());
        join.ticket = net::test::exhibitorTicket(keys, "Eva", "a");
        const auto evaJoined = places::test::joinAs(join, "", *scene.value, clock);
        join.ticket.clear();
        const auto adaJoined = places::test::joinAs(join, "Ada", *scene.value, clock);
        const auto benJoined = places::test::joinAs(join, "Ben", *scene.value, clock);
        runtime::VenueClient &eva = *evaJoined, &ada = *adaJoined, &ben = *benJoined;

        const auto until = [&](const std::function<bool()>& done) {
            const auto end = std::chrono::steady_clock::now() + 20s;
            while (std::chrono::steady_clock::now() < end) {
                for (runtime::VenueClient* c : {&eva, &ada, &ben}) c->update();
                if (done()) return true;
                std::this_thread::sleep_for(2ms);
            }
            return false;
        };
        const auto position = [](const runtime::VenueClient& c) -> std::uint16_t {
            const auto it = c.client().fair().queues.find("B1");
            return it == c.client().fair().queues.end() ? 0 : it->second.position;
        };
        // The directory first (the toast names the company from it).
        REQUIRE(until([&] { return ada.client().fair().booths.count("B1") == 1 && ben.client().fair().booths.count("B1") == 1; }));

        REQUIRE(ada.client().joinQueue("B1"));
        REQUIRE(until([&] { return position(ada) == 1; }));
        REQUIRE(ben.client().joinQueue("B1"));
        REQUIRE(until([&] { return position(ben) == 2; }));
        // The directory shows the scene's description of B1.
        const auto directory = ada.fairPanel(0).booths;
        REQUIRE(directory.size() == 1);
        CHECK(directory[0].description == "Ausbildung Mechatroniker/in");
        // Ada is first: told she is next. Ben, second: told nothing yet.
        CHECK(shows(ada, kNext));
        CHECK_FALSE(shows(ada, kCalled));
        CHECK_FALSE(shows(ben, kNext));
        CHECK_FALSE(shows(ben, kCalled));

        // Eva calls Ada: Ada is told she was called; Ben moves up and is told he is next, not called.
        REQUIRE(eva.client().callNext("B1"));
        REQUIRE(until([&] { return ada.client().fair().talk != 0 && position(ben) == 1; }));
        CHECK(shows(ada, kCalled));
        CHECK(shows(ben, kNext));
        CHECK_FALSE(shows(ben, kCalled));

        // Eva calls Ben (a second talk slot is free): now he is told.
        REQUIRE(eva.client().callNext("B1"));
        REQUIRE(until([&] { return ben.client().fair().talk != 0; }));
        CHECK(shows(ben, kCalled));
        for (runtime::VenueClient* c : {&eva, &ada, &ben}) c->leave();
    }
    std::filesystem::remove_all(dir);
}
