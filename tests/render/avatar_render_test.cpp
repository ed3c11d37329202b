// Avatars and name tags on lavapipe with the validation layer on: avatar
// pixels at every avatar's projected head, name tags above the heads, a
// crowd of 200 in a handful of draw calls, and a golden image.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include <glm/trigonometric.hpp>

#include "golden.hpp"
#include "gpu_fixture.hpp"
#include "places/render/avatar_instances.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"

using namespace places::render;
using places::render::test::GpuFixture;

namespace {

constexpr std::uint32_t kAvatarWidth = 480, kAvatarHeight = 270;

Camera viewer() {
    Camera c;
    c.pose.position = {0.0, 1.7, -2.0};  // 4-6 m from the few avatars: tags ~13 px per em
    c.pose.pitchDeg = -4.0;
    return c;
}

std::shared_ptr<const FontAtlas> font() {
    auto atlas = loadFontAtlas(PLACES_ASSETS_DIR "/fonts/DejaVuSans.ttf");
    REQUIRE(atlas.ok());
    return std::make_shared<const FontAtlas>(std::move(*atlas.value));
}

AvatarState avatar(std::uint32_t id, glm::vec3 head, glm::vec3 colour, AvatarRole role, std::string name) {
    AvatarState a;
    a.id = id;
    a.head.position = head;
    // Turned a little towards the camera, so the visor shows.
    a.head.orientation = glm::angleAxis(glm::radians(float(id) * 25.0f - 50.0f + 180.0f), glm::vec3(0, 1, 0));
    a.leftHand.position = head + glm::vec3(-0.28f, -0.55f, 0.1f);
    a.rightHand.position = head + glm::vec3(0.28f, -0.55f, 0.1f);
    a.colour = colour;
    a.role = role;
    a.name = std::move(name);
    return a;
}

std::vector<AvatarState> fewAvatars() {
    return {avatar(0, {-2.4f, 1.65f, -6.0f}, {0.8f, 0.1f, 0.1f}, AvatarRole::Visitor, "Anna"),
            avatar(1, {-0.8f, 1.7f, -7.0f}, {0.1f, 0.5f, 0.9f}, AvatarRole::Host, "B\xc3\xa4rbel"),
            avatar(2, {0.8f, 1.6f, -6.5f}, {0.9f, 0.6f, 0.1f}, AvatarRole::Moderator, "J\xc3\xbcrgen"),
            avatar(3, {2.4f, 1.75f, -8.0f}, {0.2f, 0.7f, 0.3f}, AvatarRole::Exhibitor, "Stra\xc3\x9f" "e")};
}

glm::ivec2 pixelOf(const FrameViews& views, glm::vec3 p) {
    const glm::vec4 clip = views.eyes[0].viewProjection * glm::vec4(p, 1.0f);
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    return {int((ndc.x * 0.5f + 0.5f) * float(kAvatarWidth)), int((ndc.y * 0.5f + 0.5f) * float(kAvatarHeight))};
}

// Pixels within `radius` of `centre` whose colour differs by more than 24 in any channel.
int differing(const RgbaImage& a, const RgbaImage& b, glm::ivec2 centre, glm::ivec2 radius) {
    int n = 0;
    for (int y = centre.y - radius.y; y <= centre.y + radius.y; ++y)
        for (int x = centre.x - radius.x; x <= centre.x + radius.x; ++x) {
            if (x < 0 || y < 0 || x >= int(kAvatarWidth) || y >= int(kAvatarHeight)) continue;
            const std::size_t i = (std::size_t(y) * kAvatarWidth + std::size_t(x)) * 4;
            for (int c = 0; c < 3; ++c)
                if (std::abs(int(a.pixels[i + std::size_t(c)]) - int(b.pixels[i + std::size_t(c)])) > 24) {
                    ++n;
                    break;
                }
        }
    return n;
}

// The avatar models alone (sky and ground around them), uploaded, and a
// headless renderer with the bundled font looking at them.
struct AvatarStage {
    AvatarStage(GpuFixture& f, Msaa msaa, bool shadows = true)
        : models(addAvatarModels(geometry)),
          headless(*f.gpu, {kAvatarWidth, kAvatarHeight, 1, msaa, 16.0, font(), nullptr, shadows}),
          scene(*f.gpu, geometry, headless.materialLayout()),
          views(monoViews(viewer(), double(kAvatarWidth) / kAvatarHeight)) {
        budget.viewportHeightPx = kAvatarHeight;
    }
    SceneGeometry geometry;
    AvatarModels models;
    HeadlessRenderer headless;
    GpuScene scene;
    FrameViews views;
    AvatarBudget budget;
};

}  // namespace

TEST_CASE("avatars appear at their heads, name tags above them, like the golden image", "[render][avatar][golden]") {
    GpuFixture f;
    {
        AvatarStage stage(f, Msaa::X4);
        const AvatarModels& models = stage.models;
        HeadlessRenderer& headless = stage.headless;
        const GpuScene& scene = stage.scene;
        const FrameViews& views = stage.views;
        AvatarBudget& budget = stage.budget;
        const Lighting light = Lighting::fromSun(40.0f, 160.0f);
        const std::vector<AvatarState> avatars = fewAvatars();
        const AvatarFrame frame = buildAvatarInstances(avatars, models, views, budget);
        REQUIRE(frame.counts.full + frame.counts.coarse == avatars.size());
        REQUIRE(frame.nameTags.size() == avatars.size());

        const auto empty = headless.render({.scene = scene, .views = views, .lighting = light});
        const auto bodies = headless.render(
            {.scene = scene, .views = views, .lighting = light, .dynamic = frame.instances, .avatars = frame.counts});
        const auto tagged = headless.render({.scene = scene, .views = views, .lighting = light,
                                             .dynamic = frame.instances, .text = frame.nameTags,
                                             .avatars = frame.counts});
        CHECK(bodies.stats.dynamicInstances == frame.instances.size());
        CHECK(bodies.stats.avatars.full + bodies.stats.avatars.coarse == avatars.size());
        CHECK(tagged.stats.texts == avatars.size());
        CHECK(tagged.stats.missingGlyphs == 0);
        CHECK(tagged.stats.textDrawCalls == 1);

        for (const AvatarState& a : avatars) {
            INFO("avatar " << a.name);
            // The head covers its projected centre's neighbourhood.
            const glm::ivec2 head = pixelOf(views, a.head.position);
            CHECK(differing(empty.image, bodies.image, head, {2, 2}) >= 20);
            // The torso hangs below the head.
            const glm::ivec2 chest = pixelOf(views, a.head.position - glm::vec3(0.0f, 0.5f, 0.0f));
            CHECK(differing(empty.image, bodies.image, chest, {2, 2}) >= 20);
            // The tag: pixels above the head change when tags are drawn, none at the head.
            const glm::ivec2 tag = pixelOf(views, a.head.position + glm::vec3(0.0f, 0.2f + 0.12f, 0.0f));
            CHECK(differing(bodies.image, tagged.image, tag, {12, 3}) >= 8);
            CHECK(differing(bodies.image, tagged.image, head, {2, 2}) == 0);
        }
        test::requireMatchesGolden(tagged.image, "avatars");
    }
    f.gpu.reset();
    f.requireNoValidationMessages();
}

TEST_CASE("200 avatars cost a handful of draw calls", "[render][avatar][stats]") {
    GpuFixture f;
    {
        AvatarStage stage(f, Msaa::X4);
        const AvatarModels& models = stage.models;
        HeadlessRenderer& headless = stage.headless;
        const GpuScene& scene = stage.scene;
        const FrameViews& views = stage.views;
        AvatarBudget& budget = stage.budget;
        std::vector<AvatarState> crowd;
        for (std::uint32_t i = 0; i < 200; ++i) {
            const float x = float(i % 20) * 1.2f - 12.0f, z = -4.0f - float(i / 20) * 4.0f;
            const auto role = static_cast<AvatarRole>(i % 4);  // visitors, hosts, moderators, exhibitors
            crowd.push_back(avatar(i, {x, 1.7f, z}, {0.5f, 0.5f, 0.9f}, role, std::to_string(i)));
        }
        budget.maxBodies = 150;  // the 50 farthest become dots
        const AvatarFrame frame = buildAvatarInstances(crowd, models, views, budget);
        CHECK(frame.counts.full + frame.counts.coarse == 150);
        CHECK(frame.counts.asDots > 0);
        CHECK(frame.counts.full + frame.counts.coarse + frame.counts.asDots + frame.counts.culled == 200);

        const Lighting light;
        const FrameStats none = headless.render({.scene = scene, .views = views, .lighting = light}).stats;
        const FrameStats all = headless
                                   .render({.scene = scene, .views = views, .lighting = light,
                                            .dynamic = frame.instances, .text = frame.nameTags,
                                            .avatars = frame.counts})
                                   .stats;
        CHECK(all.dynamicInstances > 600);
        CHECK(all.avatars.asDots == frame.counts.asDots);
        // One material: one multi-draw for every avatar part and level, one for the tags.
        if (f.gpu->device.capabilities().multiDrawIndirect) CHECK(all.dynamicDrawCalls == 1);
        CHECK(all.drawCalls - none.drawCalls <= 4);
        CHECK(all.dynamicCommands <= 3 * 3 + 3 + 1);  // head/hand/torso x levels, badges, dot
        CHECK(all.dynamicTriangles > 0);
        CHECK(all.triangles == none.triangles + all.dynamicTriangles);
    }
    f.gpu.reset();
    f.requireNoValidationMessages();
}

TEST_CASE("a fading avatar is dithered: fewer pixels, the same depth order", "[render][avatar]") {
    GpuFixture f;
    {
        // Shadows off: only the avatar's own pixels are counted here (its
        // shadow's share is the next test's).
        AvatarStage stage(f, Msaa::Off, false);
        const AvatarModels& models = stage.models;
        HeadlessRenderer& headless = stage.headless;
        const GpuScene& scene = stage.scene;
        const FrameViews& views = stage.views;
        std::vector<AvatarState> one{avatar(0, {0.0f, 1.7f, -3.0f}, {0.9f, 0.1f, 0.1f}, AvatarRole::Visitor, "")};
        const Lighting light;
        const auto empty = headless.render({.scene = scene, .views = views, .lighting = light});
        auto drawn = [&](float alpha) {
            one[0].alpha = alpha;
            const AvatarFrame frame = buildAvatarInstances(one, models, views);
            const auto r = headless.render({.scene = scene, .views = views, .lighting = light, .dynamic = frame.instances});
            return differing(empty.image, r.image, pixelOf(views, one[0].head.position), {20, 20});
        };
        const int full = drawn(1.0f), half = drawn(0.5f), faint = drawn(0.1f);
        CHECK(full > 150);
        CHECK(half == Approx(full * 0.5).epsilon(0.2));
        CHECK(faint < full / 5);
    }
    f.gpu.reset();
    f.requireNoValidationMessages();
}

TEST_CASE("name tags hide behind buildings, avatars and tags render in multiview stereo", "[render][avatar][text]") {
    GpuFixture f;
    {
        // A wall 3 m ahead covering the right half of the view; one avatar
        // behind it, one in the open on the left.
        SceneGeometry geometry;
        const AvatarModels models = addAvatarModels(geometry);
        const std::uint32_t wall = addBoxModel(geometry, {3.0f, 3.0f, 0.1f}, packRgba8(200, 190, 170));
        ModelInstance placed{wall, glm::mat4(1.0f)};
        placed.transform[3] = glm::vec4(3.2f, 1.5f, -5.0f, 1.0f);
        geometry.instances.push_back(placed);
        HeadlessRenderer mono(*f.gpu, {kAvatarWidth, kAvatarHeight, 1, Msaa::X4, 16.0, font()});
        const GpuScene scene(*f.gpu, geometry, mono.materialLayout());
        const FrameViews views = monoViews(viewer(), double(kAvatarWidth) / kAvatarHeight);
        const std::vector<AvatarState> avatars{
            avatar(0, {-1.5f, 1.7f, -7.0f}, {0.8f, 0.2f, 0.2f}, AvatarRole::Visitor, "Open"),
            avatar(1, {1.6f, 1.7f, -7.0f}, {0.2f, 0.2f, 0.8f}, AvatarRole::Visitor, "Hidden")};
        AvatarBudget budget;
        budget.viewportHeightPx = kAvatarHeight;
        const AvatarFrame frame = buildAvatarInstances(avatars, models, views, budget);
        const Lighting light;
        const auto bodies = mono.render({.scene = scene, .views = views, .lighting = light, .dynamic = frame.instances});
        const auto tagged = mono.render(
            {.scene = scene, .views = views, .lighting = light, .dynamic = frame.instances, .text = frame.nameTags});
        CHECK(tagged.stats.texts == 2);  // both drawn: the depth test, not culling, hides one
        const glm::vec3 lift(0.0f, 0.2f + 0.12f, 0.0f);
        CHECK(differing(bodies.image, tagged.image, pixelOf(views, avatars[0].head.position + lift), {12, 3}) >= 8);
        CHECK(differing(bodies.image, tagged.image, pixelOf(views, avatars[1].head.position + lift), {12, 3}) == 0);

        // Stereo: the dynamic and text pipelines with a view mask; both eyes see the avatar.
        HeadlessRenderer stereo(*f.gpu, {kAvatarWidth, kAvatarHeight, 2, Msaa::X4, 16.0, font()});
        const GpuScene stereoScene(*f.gpu, geometry, stereo.materialLayout());
        const FrameViews pair = stereoViews(viewer(), double(kAvatarWidth) / kAvatarHeight);
        const AvatarFrame both = buildAvatarInstances(avatars, models, pair, budget);
        const auto plain = stereo.render({.scene = stereoScene, .views = pair, .lighting = light});
        const auto crowd = stereo.render({.scene = stereoScene, .views = pair, .lighting = light,
                                          .dynamic = both.instances, .text = both.nameTags});
        REQUIRE(crowd.image.layers == 2);
        CHECK(crowd.stats.dynamicInstances == both.instances.size());
        for (std::uint32_t layer = 0; layer < 2; ++layer) {
            auto eye = [&](const RgbaImage& stereoImage) {
                const auto px = stereoImage.layer(layer);
                return RgbaImage{kAvatarWidth, kAvatarHeight, 1, {px.begin(), px.end()}};
            };
            INFO("layer " << layer);
            CHECK(differing(eye(plain.image), eye(crowd.image), pixelOf(views, avatars[0].head.position), {3, 3}) >= 20);
        }
    }
    f.gpu.reset();
    f.requireNoValidationMessages();
}

TEST_CASE("a fading avatar casts a share of its shadow, not all of it", "[render][avatar][shadow]") {
    GpuFixture f;
    {
        AvatarStage stage(f, Msaa::Off);
        const FrameViews& views = stage.views;
        std::vector<AvatarState> one{avatar(0, {0.0f, 1.7f, -6.0f}, {0.9f, 0.1f, 0.1f}, AvatarRole::Visitor, "")};
        // A low sun from the east: the shadow lies on the ground to the
        // avatar's west, beside its own pixels.
        const Lighting light = Lighting::fromSun(35.0f, 90.0f);
        const auto empty = stage.headless.render({.scene = stage.scene, .views = views, .lighting = light});
        const glm::ivec2 centre = pixelOf(views, {-1.3f, 0.0f, -6.0f});
        auto darkening = [&](float alpha) {
            one[0].alpha = alpha;
            const AvatarFrame frame = buildAvatarInstances(one, stage.models, views);
            const auto r = stage.headless.render(
                {.scene = stage.scene, .views = views, .lighting = light, .dynamic = frame.instances});
            double sum = 0.0;  // brightness lost to the shadow around `centre`
            for (int y = centre.y - 4; y <= centre.y + 4; ++y)
                for (int x = centre.x - 12; x <= centre.x + 12; ++x) {
                    const std::size_t i = (std::size_t(y) * kAvatarWidth + std::size_t(x)) * 4;
                    for (std::size_t c = 0; c < 3; ++c) sum += double(empty.image.pixels[i + c]) - double(r.image.pixels[i + c]);
                }
            return sum;
        };
        const double full = darkening(1.0f), half = darkening(0.5f), faint = darkening(0.1f);
        INFO("darkening full " << full << ", half " << half << ", faint " << faint);
        CHECK(full > 2000);
        CHECK(half < full * 0.8);
        CHECK(half > full * 0.2);
        CHECK(faint < full * 0.3);
    }
    f.gpu.reset();
    f.requireNoValidationMessages();
}
