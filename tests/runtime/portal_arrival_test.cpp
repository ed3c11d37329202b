// The front ends' one arrival path (runtime::followArrival) on lavapipe with
// validation, against `places relay` on loopback with two venues linked by
// portals. The client's copy of B's scene is broken: walking into A's gate,
// the relay moves the session, B does not load, so the visitor is taken back
// (ReturnPortal) and stays in A, A still drawn, the panel's notice naming
// the file and the reason; a visitor in A sees the walker back, a visitor in
// B sees them gone. With B's scene repaired, the next walk-in draws B with
// the visitor at B's arrival spawn.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "gpu_fixture.hpp"
#include "places/render/headless.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/venue_arrival.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/venue_layer.hpp"
#include "portal_fixture.hpp"
#include "venue_test_clients.hpp"

using namespace places;
using namespace std::chrono_literals;

namespace {

net::AvatarPose at(double x, double z) { return places::test::standingAt(x, z); }

bool present(const runtime::VenueClient& c, const std::string& name) { return c.findAvatar(name).has_value(); }

}  // namespace

TEST_CASE("a portal's scene that fails to load leaves the visitor in the old venue, and a good one is drawn",
          "[integration][portal][gpu]") {
    const auto dir = std::filesystem::temp_directory_path() / ("places-arrival-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir / "relay");
    std::filesystem::create_directories(dir / "client");
    places::test::writePortalScenes(dir / "relay");
    places::test::writePortalScenes(dir / "client");
    // The client's portal names only the venue (a named scene is checked when
    // A loads): B's scene is "b.json" beside A, found broken on arrival.
    std::string clientA = places::test::readFile(dir / "client" / "a.json");
    const std::string named = R"("scene": "b.json")";
    clientA.replace(clientA.find(named), named.size(), R"("venue": "b")");
    places::test::writeFile(dir / "client" / "a.json", clientA);
    places::test::writeFile(dir / "client" / "b.json", "{\"version\": 2, \"name\": \"Plaza B\",\n  \"spawns\": [oops]}\n");
    {
        places::test::RelayProcess relay({"relay", "--open", "--port", "0", "--scene", (dir / "relay/a.json").string(),
                                          "--scene", (dir / "relay/b.json").string()},
                                         dir / "relay.log");
        REQUIRE(relay.port > 0);
        render::test::GpuFixture f;
        std::string sceneFile = (dir / "client/a.json").string();
        auto a = runtime::loadRenderScene(sceneFile);
        REQUIRE(a.value);
        runtime::RenderScene scene = std::move(*a.value);
        render::AvatarModels models = render::addAvatarModels(scene.geometry);
        auto b = runtime::loadRenderScene((dir / "relay/b.json").string());
        REQUIRE(b.value);

        const net::SteadyClock clock;
        runtime::VenueJoinSettings join;
        join.relay = "127.0.0.1:" + std::to_string(relay.port);
        const auto annJoined = places::test::joinAs(join, "Ann", scene, clock);
        const auto beaJoined = places::test::joinAs(join, "Bea", *b.value, clock);
        const auto walkerJoined = places::test::joinAs(join, "Walker", scene, clock);
        runtime::VenueClient &ann = *annJoined, &bea = *beaJoined, &walker = *walkerJoined;

        render::HeadlessCreateInfo info;
        info.width = 160;
        info.height = 90;
        render::HeadlessRenderer renderer(*f.gpu, info);
        std::optional<render::GpuScene> gpuScene;
        gpuScene.emplace(*f.gpu, scene.geometry, renderer.materialLayout(), render::GpuSceneOptions{});
        std::optional<runtime::FrameLoop> loop;
        loop.emplace(scene, *gpuScene);
        runtime::VenueStage stage{sceneFile, scene, models, gpuScene, loop, *f.gpu, renderer.materialLayout(),
                                  render::GpuSceneOptions{}, {}, {}, false};
        runtime::VenueLayer layer(walker, models, nullptr);
        layer.setPortals(sceneFile, scene);
        runtime::HeadlessTarget target(renderer, {info.width, info.height}, runtime::HeadlessTarget::Mode::ReadBack);
        runtime::FixedCamera source(runtime::spawnCamera(scene, "start"));

        // Walks from the start into the gate (and back out when `out`) until followArrival says something.
        const auto walk = [&](bool throughGate) {
            std::optional<runtime::ArrivalOutcome> outcome;
            const auto deadline = std::chrono::steady_clock::now() + 20s;
            for (int i = 0; !outcome && std::chrono::steady_clock::now() < deadline; ++i) {
                layer.update(throughGate && i >= 30 ? at(10, 0) : at(0, 0));
                ann.update();
                bea.update();
                outcome = runtime::followArrival(layer, stage, "test");
                std::this_thread::sleep_for(5ms);
            }
            return outcome;
        };

        // B's scene is broken here: the visitor stays in A, the notice names the file.
        const auto failed = walk(true);
        REQUIRE(failed);
        CHECK(failed->kind == runtime::ArrivalOutcome::Kind::Failed);
        CHECK(failed->notice.find("client/b.json:2:") != std::string::npos);
        CHECK(failed->notice.find("you stay in Hall A") != std::string::npos);
        const auto notices = walker.panelModel("", "").notices;
        CHECK(std::find(notices.begin(), notices.end(), failed->notice) != notices.end());
        CHECK(stage.scene.venueId == "a");
        // The relay takes the visitor back: one more Moved, to A, nothing reloaded.
        const auto back = walk(false);
        REQUIRE(back);
        CHECK(back->kind == runtime::ArrivalOutcome::Kind::Returned);
        CHECK(walker.venueId() == "a");
        CHECK(stage.scene.venueId == "a");
        // Ann (in A) sees the walker again, Bea (in B) does not see them.
        const auto until = std::chrono::steady_clock::now() + 20s;
        while ((!present(ann, "Walker") || present(bea, "Walker")) && std::chrono::steady_clock::now() < until) {
            layer.update(at(0, 0));
            ann.update();
            bea.update();
            std::this_thread::sleep_for(5ms);
        }
        CHECK(present(ann, "Walker"));
        CHECK_FALSE(present(bea, "Walker"));
        REQUIRE(loop->frame(source, target, {}));

        // Repaired: the next walk-in (after stepping out of the gate) draws B at its arrival spawn.
        places::test::writePortalScenes(dir / "client");
        const auto arrived = walk(true);
        REQUIRE(arrived);
        CHECK(arrived->kind == runtime::ArrivalOutcome::Kind::Arrived);
        CHECK(stage.scene.venueId == "b");
        CHECK(std::filesystem::equivalent(sceneFile, dir / "client/b.json"));
        CHECK(walker.venueId() == "b");
        CHECK(arrived->camera.pose.position.x == Approx(50.0));
        CHECK(arrived->camera.pose.position.z == Approx(-50.0));
        source.setCamera(arrived->camera);
        REQUIRE(loop->frame(source, target, {}));
        CHECK(layer.portalsEntered() == 2);
        walker.leave();
        ann.leave();
        bea.leave();
        f.gpu->queue.waitIdle();
        f.requireNoValidationMessages();
    }
    std::filesystem::remove_all(dir);
}
