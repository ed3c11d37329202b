// Portals end to end (issue #10): `places relay --scene a.json --scene
// b.json` on loopback, a visitor's VenueLayer (headless, no GPU needed) walks
// into A's portal zone, the relay moves the session, the layer's arrival
// names B's scene, which loads; the visitor stands at B's spawn with the same
// participant id (so name, role and colour), on the same connection, and a
// visitor already in B sees the arrival and the avatar at the spawn.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "places/net/presence.hpp"
#include "portal_fixture.hpp"
#include "places/runtime/portal_walk.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/venue_layer.hpp"

using namespace places;
using namespace std::chrono_literals;

TEST_CASE("walking into a portal takes the visitor to the other scene, same id, and the other venue sees it",
          "[integration][portal]") {
    std::string folder = "places-portal-";
    folder += std::to_string(getpid());
    const auto dir = std::filesystem::temp_directory_path() / folder;
    std::filesystem::create_directories(dir);
    places::test::writePortalScenes(dir);
    {
        places::test::RelayProcess relay({"relay", "--open", "--port", "0", "--scene", (dir / "a.json").string(), "--scene",
                            (dir / "b.json").string()},
                           dir / "relay.log");
        REQUIRE(relay.port > 0);

        auto a = runtime::loadRenderScene((dir / "a.json").string());
        REQUIRE(a.value);
        auto b = runtime::loadRenderScene((dir / "b.json").string());
        REQUIRE(b.value);
        runtime::RenderScene sceneA = std::move(*a.value);
        const render::AvatarModels modelsA = render::addAvatarModels(sceneA.geometry);
        REQUIRE(sceneA.portals.size() == 1);

        const net::SteadyClock clock;
        runtime::VenueJoinSettings join;
        join.relay = "127.0.0.1:" + std::to_string(relay.port);
        join.name = "Bea";
        auto beaJoined = runtime::joinVenue(join, *b.value, clock);
        REQUIRE(beaJoined.value);
        runtime::VenueClient& bea = **beaJoined.value;
        join.name = "Walker";
        auto walkerJoined = runtime::joinVenue(join, sceneA, clock);
        REQUIRE(walkerJoined.value);
        runtime::VenueClient& walker = **walkerJoined.value;
        const net::ParticipantId walkerId = walker.client().welcome()->you;
        const net::PeerId peer = walker.client().peer();

        runtime::VenueLayer layer(walker, modelsA, nullptr);
        layer.setPortals((dir / "a.json").string(), sceneA);
        const auto at = [](double x, double z) {
            net::AvatarPose p;
            p.head.position = {float(x), 1.7f, float(z)};
            p.leftHand.position = {float(x) - 0.3f, 1.0f, float(z)};
            p.rightHand.position = {float(x) + 0.3f, 1.0f, float(z)};
            return p;
        };

        // Stand at the start, then walk into the gate until the relay moves us.
        std::optional<runtime::PortalArrival> arrival;
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        for (int i = 0; !arrival && std::chrono::steady_clock::now() < deadline; ++i) {
            layer.update(i < 50 ? at(0, 0) : at(10, 0));
            bea.update();
            arrival = layer.takeArrival();
            std::this_thread::sleep_for(5ms);
        }
        REQUIRE(arrival);
        CHECK(layer.portalsEntered() == 1);
        CHECK(arrival->venue == "b");
        CHECK(arrival->spawn == "arrival");
        CHECK(std::filesystem::equivalent(arrival->scene, dir / "b.json"));

        // The client loads B in place of A and stands at its spawn.
        render::AvatarModels modelsB;
        auto next = runtime::loadArrival(*arrival, modelsB);
        REQUIRE(next.value);
        runtime::RenderScene sceneB = std::move(*next.value);
        layer.arrive(arrival->scene, sceneB, modelsB);
        const render::Camera spot = runtime::spawnCamera(sceneB, arrival->spawn);
        CHECK(spot.pose.position.x == Approx(50.0));
        CHECK(spot.pose.position.z == Approx(-50.0));  // 50 m north
        CHECK(walker.venueId() == "b");
        CHECK(walker.panelModel("", "").venue == "Plaza B");
        CHECK(walker.fairPanel(0).where == "You are at: Plaza B");

        // Same session, same participant (name, role and colour follow the id).
        CHECK(walker.joined());
        CHECK(walker.client().peer() == peer);
        CHECK(walker.client().welcome()->you == walkerId);
        CHECK(walker.client().welcome()->role == net::Role::Visitor);

        // Bea, in B, sees Walker arrive and stand at the spawn.
        bool seen = false;
        const auto until = std::chrono::steady_clock::now() + 20s;
        while (!seen && std::chrono::steady_clock::now() < until) {
            layer.update(at(spot.pose.position.x, spot.pose.position.z));
            bea.update();
            const auto pose = bea.findAvatar("Walker");
            seen = pose && std::abs(pose->head.position.x - 50.0f) < 0.5f &&
                   std::abs(pose->head.position.z + 50.0f) < 0.5f;
            std::this_thread::sleep_for(5ms);
        }
        CHECK(seen);
        const auto& people = bea.client().participants();
        const auto w = people.find(walkerId);
        REQUIRE(w != people.end());
        CHECK(w->second.name == "Walker");
        CHECK(w->second.role == net::Role::Visitor);
        CHECK(net::participantColour(w->first) == net::participantColour(walkerId));
        // Nobody is sent straight back: B's spawn is not in B's portal zone and Walker stays.
        CHECK(layer.portalsEntered() == 1);
        walker.leave();
        bea.leave();
    }
    std::filesystem::remove_all(dir);
}
