// People in the frame, end to end: a relay with bots over real ENet on
// loopback, a headless spectator (places_runtime's VenueClient and
// VenueLayer), frames rendered on lavapipe with the validation layer. The
// scene holds no city, so nothing but the crowd can cover the avatars.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <glm/gtc/quaternion.hpp>

#include "golden.hpp"
#include "gpu_fixture.hpp"
#include "places/net/crowd.hpp"
#include "places/net/venue_host.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/headless.hpp"
#include "places/runtime/avatar_presenter.hpp"
#include "places/runtime/fixed_camera.hpp"
#include "places/runtime/headless_target.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/venue_layer.hpp"

using namespace places;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t kWidth = 640, kHeight = 360;

// A venue without a city: the sky pass's ground plane and the avatar models.
runtime::RenderScene emptyVenue(render::AvatarModels& models) {
    runtime::RenderScene scene;
    models = render::addAvatarModels(scene.geometry);
    render::Camera camera;
    // South of the crowd, looking north and down: every bot within 25 m, so
    // every name tag is drawn at full strength.
    camera.pose.position = {0.0, 8.0, 13.0};
    camera.pose.yawDeg = 0.0;
    camera.pose.pitchDeg = -28.0;
    scene.views.push_back({"crowd", camera});
    scene.venueId = "test-venue";
    scene.title = "Test venue";
    return scene;
}

std::shared_ptr<const render::FontAtlas> font() {
    auto atlas = render::defaultFontAtlas();
    REQUIRE(atlas.value);
    return std::make_shared<const render::FontAtlas>(std::move(*atlas.value));
}

// Pixel of a local-frame point in a mono frame; false when behind the eye or off screen.
bool project(const render::FrameViews& views, const glm::vec3& p, int& x, int& y) {
    const glm::vec4 clip = views.eyes[0].viewProjection * glm::vec4(p, 1.0f);
    if (clip.w <= 0.0f) return false;
    const float nx = clip.x / clip.w, ny = clip.y / clip.w;
    x = int((nx * 0.5f + 0.5f) * float(kWidth));
    y = int((ny * 0.5f + 0.5f) * float(kHeight));
    return x >= 3 && y >= 3 && x < int(kWidth) - 3 && y < int(kHeight) - 3;
}

// Pixels in the 7x7 square around (x, y) that differ between two frames.
int differing(const render::RgbaImage& a, const render::RgbaImage& b, int x, int y) {
    int n = 0;
    for (int dy = -3; dy <= 3; ++dy)
        for (int dx = -3; dx <= 3; ++dx) {
            const std::size_t i = (std::size_t(y + dy) * kWidth + std::size_t(x + dx)) * 4;
            for (int c = 0; c < 3; ++c)
                if (std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])) > 12) {
                    ++n;
                    break;
                }
        }
    return n;
}

}  // namespace

TEST_CASE("a headless spectator sees 30 bots: roster, avatar pixels at every head, name tags, a leaver goes",
          "[integration][presence]") {
    render::test::GpuFixture f;
    {
        render::AvatarModels models;
        const runtime::RenderScene scene = emptyVenue(models);
        auto host = net::VenueHost::start();
        REQUIRE(host.value);
        net::VenueHost& relay = **host.value;
        net::BotGroup bots;
        bots.venue = scene.venueId;
        bots.count = 30;
        bots.seed = 3;
        bots.areaMetres = 12.0f;
        relay.addBots(bots);
        REQUIRE(relay.waitForParticipants(30, 20.0));

        const net::SteadyClock clock;
        runtime::VenueJoinSettings join;
        join.relay = "127.0.0.1:" + std::to_string(relay.port());
        join.ticket = relay.ticket(scene.venueId, net::Role::Spectator, "Camera");
        auto spectator = runtime::joinVenue(join, scene, clock);
        REQUIRE(spectator.value);
        runtime::VenueClient& client = **spectator.value;
        CHECK_FALSE(client.hasAvatar());
        join.ticket = relay.ticket(scene.venueId, net::Role::Visitor, "Leaver");
        auto leaver = runtime::joinVenue(join, scene, clock);
        REQUIRE(leaver.value);

        render::HeadlessCreateInfo info;
        info.width = kWidth;
        info.height = kHeight;
        info.msaa = render::Msaa::Off;
        info.font = font();
        render::HeadlessRenderer renderer(*f.gpu, info);
        const render::GpuScene gpuScene(*f.gpu, scene.geometry, renderer.materialLayout());
        runtime::VenueLayer layer(client, models, nullptr);
        const render::Camera camera = scene.views.front().camera;
        const render::FrameViews views = render::monoViews(camera, double(kWidth) / kHeight);

        // Walk the leaver into view, then wait until everyone is drawn.
        const auto deadline = std::chrono::steady_clock::now() + 15s;
        runtime::FrameContent content;
        std::size_t drawn = 0;
        while (std::chrono::steady_clock::now() < deadline) {
            render::Camera leaverAt = camera;
            leaverAt.pose.position = {4.0, 1.65, 4.0};
            (*leaver.value)->setPose(runtime::desktopVisitorPose(leaverAt, 0.0));
            (*leaver.value)->update();
            layer.update(camera, 0.0);
            content.clear();
            layer.addContent(views, {kWidth, kHeight}, 1.0 / 30, "", "", false, content);
            drawn = layer.avatarsDrawn();
            if (client.presence().avatarCount() == 31 && drawn == 31) break;
            std::this_thread::sleep_for(30ms);
        }
        // Every bot (and the leaver) is in the roster and drawn.
        REQUIRE(client.client().participants().size() >= 32);  // 30 bots, the leaver, this spectator
        REQUIRE(client.presence().avatarCount() == 31);
        REQUIRE(drawn == 31);

        const render::Lighting lighting;
        const auto with = renderer.render({.scene = gpuScene, .views = views, .lighting = lighting,
                                           .dynamic = content.dynamic, .text = content.text,
                                           .avatars = content.avatars});
        const auto without = renderer.render({.scene = gpuScene, .views = views, .lighting = lighting});
        CHECK(with.stats.dynamicInstances >= 31 * 4);  // head, two hands, torso each
        CHECK(with.stats.dynamicDrawCalls <= 10);      // instanced: a handful for the whole crowd
        // Every one within 25 m has a name tag, but for those whose tag a nearer
        // avatar's tag mostly covers (left out so that a crowd stays legible).
        CHECK(with.stats.texts + with.stats.avatars.tagsHidden == 31);
        CHECK(with.stats.avatars.tagsHidden <= 6);
        CHECK(with.stats.glyphs > 100);
        CHECK(with.stats.missingGlyphs == 0);
        int covered = 0, visible = 0, tagged = 0;
        for (const net::PresenceAvatar& a : client.presence().avatars()) {
            int x = 0, y = 0;
            if (!project(views, a.pose.head.position, x, y)) continue;
            ++visible;
            covered += differing(with.image, without.image, x, y) >= 5 ? 1 : 0;
            int tx = 0, ty = 0;  // the tag sits above the head
            if (project(views, a.pose.head.position + glm::vec3(0, 0.45f, 0), tx, ty))
                tagged += differing(with.image, without.image, tx, ty) >= 3 ? 1 : 0;
        }
        INFO("visible " << visible << ", with avatar pixels " << covered << ", with tag pixels " << tagged);
        CHECK(visible >= 28);
        CHECK(covered == visible);
        CHECK(tagged >= visible * 8 / 10);  // tags of close neighbours may overlap

        // The leaver says Bye: gone from the roster and the picture, well within the timeout.
        const net::ParticipantId gone = (*leaver.value)->client().welcome()->you;
        (*leaver.value)->leave();
        const auto leaveDeadline = std::chrono::steady_clock::now() + 3s;
        while (std::chrono::steady_clock::now() < leaveDeadline && client.client().participants().count(gone)) {
            layer.update(camera, 0.0);
            std::this_thread::sleep_for(20ms);
        }
        CHECK_FALSE(client.client().participants().count(gone));
        content.clear();
        layer.addContent(views, {kWidth, kHeight}, 1.0 / 30, "", "", false, content);
        CHECK(layer.avatarsDrawn() == 30);
        bool leaverNoticed = false;
        for (const auto& n : client.presence().notices()) leaverNoticed |= n.text.find("Leaver") != std::string::npos;
        CHECK(leaverNoticed);
        relay.stop();
    }
    f.requireNoValidationMessages();
}

TEST_CASE("chat typed into the panel reaches the bots, and theirs reaches the panel", "[integration][presence]") {
    render::AvatarModels models;
    const runtime::RenderScene scene = emptyVenue(models);
    auto host = net::VenueHost::start();
    REQUIRE(host.value);
    net::VenueHost& relay = **host.value;
    net::BotGroup bots;
    bots.venue = scene.venueId;
    bots.count = 5;
    bots.chat = true;
    bots.chatText = "Guten Abend aus der Menge";
    relay.addBots(bots);
    REQUIRE(relay.waitForParticipants(5, 20.0));
    const net::SteadyClock clock;
    runtime::VenueJoinSettings join;
    join.relay = "127.0.0.1:" + std::to_string(relay.port());
    join.ticket = relay.ticket(scene.venueId, net::Role::Visitor, "Jörg");
    auto joined = runtime::joinVenue(join, scene, clock);
    REQUIRE(joined.value);
    runtime::VenueClient& client = **joined.value;
    ui::Panel panel;
    runtime::VenueLayer layer(client, models, &panel);
    panel.typeChat("Grüße von der Bühne");
    const render::Camera camera = scene.views.front().camera;
    const render::FrameViews views = render::monoViews(camera, 16.0 / 9.0);
    bool heard = false;
    const auto deadline = std::chrono::steady_clock::now() + 25s;  // bots speak about every 10 s
    while (std::chrono::steady_clock::now() < deadline && !heard) {
        layer.update(camera, 0.0);
        runtime::FrameContent content;
        layer.addContent(views, {1280, 720}, 1.0 / 30, "", "", true, content);
        for (const auto& line : client.panelModel("", "").chat)
            heard |= line.text == "Guten Abend aus der Menge";
        std::this_thread::sleep_for(30ms);
    }
    CHECK(heard);
    CHECK(client.summary().chatReceived > 0);
    const net::VenueHostSummary summary = relay.stop();
    REQUIRE(summary.reports.size() == 1);
    const auto& texts = summary.reports.front().chatTexts;
    const auto it = texts.find("Grüße von der Bühne");
    REQUIRE(it != texts.end());
    CHECK(it->second == 5);  // every bot received it once
}

TEST_CASE("a scripted crowd at the festival stage matches its golden image", "[integration][golden]") {
    render::test::GpuFixture f;
    {
        auto loaded = runtime::loadRenderScene(PLACES_SOURCE_DIR "/scenes/gelsenkirchen-festival.json");
        REQUIRE(loaded.value);
        runtime::RenderScene& scene = *loaded.value;
        const render::AvatarModels models = render::addAvatarModels(scene.geometry);
        // At the crowd's west edge, looking east into it, the stage behind.
        render::Camera camera;
        camera.pose.position = {-6.0, 2.4, 3.0};
        camera.pose.yawDeg = 85.0;
        camera.pose.pitchDeg = -7.0;
        // 40 visitors of seed 7 in the crowd area (zone "Crowd", centre 15 m east of the origin), 6 s into their walk.
        net::CrowdConfig crowd;
        crowd.seed = 7;
        crowd.centre = {15.0f, 0.0f};
        crowd.areaMetres = 28.0f;
        const std::vector<net::AvatarPose> poses = net::scriptedCrowd(crowd, 40, 6.0);
        std::vector<render::AvatarState> avatars;
        for (std::size_t i = 0; i < poses.size(); ++i) {
            render::AvatarState s = runtime::toAvatarState(poses[i]);
            s.id = std::uint32_t(i + 1);
            s.colour = net::participantColour(net::ParticipantId(i + 1));
            s.name = "Gast " + std::to_string(i + 1);
            s.role = i == 0 ? render::AvatarRole::Host : (i == 1 ? render::AvatarRole::Moderator : render::AvatarRole::Visitor);
            avatars.push_back(std::move(s));
        }
        render::HeadlessCreateInfo info;
        info.width = 640;
        info.height = 360;
        info.msaa = render::Msaa::X4;
        info.font = font();
        render::HeadlessRenderer renderer(*f.gpu, info);
        const render::GpuScene gpuScene(*f.gpu, scene.geometry, renderer.materialLayout());
        runtime::FixedCamera source(camera);
        runtime::HeadlessTarget target(renderer, {640, 360}, runtime::HeadlessTarget::Mode::ReadBack);
        runtime::FrameLoop loop(scene, gpuScene);
        runtime::AvatarPresenter presenter(models);
        std::size_t drawn = 0;
        const auto report = loop.frame(source, target, [&](const runtime::FrameContext& ctx, runtime::FrameContent& c) {
            drawn = presenter.present(avatars, *ctx.views, double(ctx.extent.height), c);
        });
        REQUIRE(report);
        CHECK(drawn >= 30);
        CHECK(report->delivery.stats.texts >= 5);  // those within 25 m of the stage
        render::test::requireMatchesGolden(target.image(), "festival-crowd-scripted", {8, 0.01});
    }
    f.requireNoValidationMessages();
}
