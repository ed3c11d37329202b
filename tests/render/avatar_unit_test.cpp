// Avatars as plain data: the shared body models, per-frame instances (culling,
// levels, the dot budget, fading name tags) and the dynamic batching. No GPU.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>

#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>

#include "places/render/avatar_instances.hpp"
#include "places/render/avatar_model.hpp"
#include "places/render/dynamic_batches.hpp"

using namespace places::render;

namespace {

// At 1.6 m, looking north (-z), 1280x720 at 60 degrees.
FrameViews northViews() {
    Camera c;
    c.pose.position = {0.0, 1.6, 0.0};
    return monoViews(c, 1280.0 / 720.0);
}

AvatarState avatarAt(std::uint32_t id, glm::vec3 head, AvatarRole role = AvatarRole::Visitor) {
    AvatarState a;
    a.id = id;
    a.head.position = head;
    a.leftHand.position = head + glm::vec3(-0.3f, -0.5f, -0.2f);
    a.rightHand.position = head + glm::vec3(0.3f, -0.5f, -0.2f);
    a.role = role;
    a.name = "Avatar " + std::to_string(id);
    return a;
}

std::uint64_t levelTriangles(const SceneGeometry& g, std::uint32_t model, std::size_t level) {
    std::uint64_t n = 0;
    for (std::uint32_t s : g.models[model].levels[level]) n += g.submeshes[s].triangles();
    return n;
}

}  // namespace

TEST_CASE("avatar models: head with a visor in front, capsule torso below, coarser levels with errors",
          "[render][avatar]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    REQUIRE(m.levels == 3);
    for (std::uint32_t part : {m.head, m.hand, m.torso}) {
        const Model& model = g.models[part];
        REQUIRE(model.levels.size() == 3);
        CHECK(model.levelErrors[0] == 0.0f);
        CHECK(model.levelErrors[1] > 0.0f);
        CHECK(model.levelErrors[2] > model.levelErrors[1]);
        CHECK(levelTriangles(g, part, 1) < levelTriangles(g, part, 0));
        CHECK(levelTriangles(g, part, 2) < levelTriangles(g, part, 1));
    }
    REQUIRE(m.levelErrors.size() == 3);
    CHECK(m.levelErrors[2] == g.models[m.torso].levelErrors[2]);

    // The visor: dark vertices, all on the face's side (-z) of the head; the rest white (tinted per avatar).
    const Submesh& head = g.submeshes[g.models[m.head].levels[0][0]];
    std::size_t dark = 0;
    for (std::uint32_t i = 0; i < head.indexCount; ++i) {
        const Vertex& v = g.vertices[std::size_t(head.vertexOffset) + g.indices[head.firstIndex + i]];
        if (v.colour == packRgba8(255, 255, 255)) continue;
        ++dark;
        CHECK(v.position.z < -0.04f);
    }
    CHECK(dark > 0);
    CHECK(g.models[m.head].boundsMin.z < -kAvatarHeadRadiusM);  // the visor stands out of the sphere

    // Torso: from the neck (origin) down its length.
    CHECK(g.models[m.torso].boundsMax.y == Approx(0.0f).margin(1e-5));
    CHECK(g.models[m.torso].boundsMin.y == Approx(-kAvatarTorsoLengthM).margin(1e-5));

    // Badges: three distinct colours and shapes, in front of the chest.
    std::set<std::uint32_t> colours;
    std::set<std::vector<float>> shapes;
    for (std::uint32_t b : m.badges) {
        const Submesh& s = g.submeshes[g.models[b].levels[0][0]];
        colours.insert(g.vertices[std::size_t(s.vertexOffset)].colour);
        std::vector<float> xs;
        for (std::uint32_t i = 0; i < s.indexCount; ++i)
            xs.push_back(g.vertices[std::size_t(s.vertexOffset) + g.indices[s.firstIndex + i]].position.x);
        shapes.insert(xs);
        CHECK(g.models[b].boundsMax.z < -kAvatarTorsoRadiusM * 0.75f);
    }
    CHECK(colours.size() == 3);
    CHECK(shapes.size() == 3);
    CHECK(levelTriangles(g, m.dot, 0) == 8);
    CHECK(badgeModel(m, AvatarRole::Visitor) == ~0u);
    CHECK(badgeModel(m, AvatarRole::Host) == m.badges[0]);
}

TEST_CASE("the torso follows the head's yaw, never its pitch or roll", "[render][avatar]") {
    const float yaw = glm::radians(40.0f);
    const glm::quat head = glm::angleAxis(yaw, glm::vec3(0, 1, 0)) * glm::angleAxis(glm::radians(-35.0f), glm::vec3(1, 0, 0)) *
                           glm::angleAxis(glm::radians(20.0f), glm::vec3(0, 0, 1));
    const glm::quat torso = torsoOrientation(head);
    const glm::vec3 up = torso * glm::vec3(0, 1, 0);
    CHECK(up.y == Approx(1.0f).margin(1e-5));
    const glm::vec3 forward = torso * glm::vec3(0, 0, -1);
    CHECK(forward.x == Approx(-std::sin(yaw)).margin(1e-5));
    CHECK(forward.z == Approx(-std::cos(yaw)).margin(1e-5));
    // Looking straight down: the body faces where the top of the head points.
    const glm::quat down = glm::angleAxis(yaw, glm::vec3(0, 1, 0)) * glm::angleAxis(glm::radians(-90.0f), glm::vec3(1, 0, 0));
    const glm::vec3 f2 = torsoOrientation(down) * glm::vec3(0, 0, -1);
    CHECK(f2.x == Approx(-std::sin(yaw)).margin(1e-4));
    CHECK(f2.z == Approx(-std::cos(yaw)).margin(1e-4));
}

TEST_CASE("name tags: one mostly covered by a nearer tag is left out, side by side all stay", "[render][avatar]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    // A queue straight ahead, one behind the other: from the camera their
    // tags stack on the same spot (each farther one a little lower and smaller).
    std::vector<AvatarState> queue;
    for (std::uint32_t i = 0; i < 4; ++i) queue.push_back(avatarAt(i + 1, {0.0f, 1.6f, -4.0f - 0.75f * float(i)}));
    const AvatarFrame stacked = buildAvatarInstances(queue, m, northViews());
    CHECK(stacked.counts.full + stacked.counts.coarse == 4);  // every body is drawn
    REQUIRE(stacked.nameTags.size() == 1);                    // the nearest one's tag
    CHECK(stacked.nameTags[0].text == "Avatar 1");
    CHECK(stacked.counts.tagsHidden == 3);
    // Far enough behind, a tag shows below the nearest one's and is kept.
    queue.push_back(avatarAt(5, {0.0f, 1.6f, -12.0f}));
    CHECK(buildAvatarInstances(queue, m, northViews()).nameTags.size() == 2);

    // A row across the view, 3 m apart at 8 m: no tag covers another.
    std::vector<AvatarState> row;
    for (std::uint32_t i = 0; i < 5; ++i) row.push_back(avatarAt(i + 1, {-6.0f + 3.0f * float(i), 1.6f, -8.0f}));
    const AvatarFrame spread = buildAvatarInstances(row, m, northViews());
    CHECK(spread.nameTags.size() == 5);
    CHECK(spread.counts.tagsHidden == 0);

    // Turned off (a share of 1 or more): every tag is drawn, as before.
    AvatarBudget all;
    all.tagMaxCoveredShare = 1.0;
    const AvatarFrame everyTag = buildAvatarInstances(queue, m, northViews(), all);
    CHECK(everyTag.nameTags.size() == 5);
    CHECK(everyTag.counts.tagsHidden == 0);
    // Each kept tag's text is still its own (views into the frame's strings).
    for (std::size_t i = 0; i < everyTag.nameTags.size(); ++i)
        CHECK(everyTag.nameTags[i].text == "Avatar " + std::to_string(i + 1));
}

TEST_CASE("avatar instances: culled, hidden, bodies, dots and badges are all counted", "[render][avatar]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    std::vector<AvatarState> avatars{
        avatarAt(1, {0.0f, 1.6f, -5.0f}, AvatarRole::Host),  // ahead: a body with a badge
        avatarAt(2, {0.0f, 1.6f, 5.0f}),                     // behind the camera: culled
        avatarAt(3, {0.0f, 1.6f, -120.0f}),                  // beyond the dot distance
        avatarAt(4, {1.0f, 1.6f, -6.0f}, AvatarRole::Spectator),  // no avatar
        avatarAt(5, {-1.0f, 1.6f, -6.0f}),
    };
    avatars[4].alpha = 0.0f;  // faded out completely
    const AvatarFrame frame = buildAvatarInstances(avatars, m, northViews());
    CHECK(frame.counts.full + frame.counts.coarse == 1);
    CHECK(frame.counts.culled == 1);
    CHECK(frame.counts.asDots == 1);
    CHECK(frame.counts.hidden == 2);
    // Body: head, two hands, torso, badge; dot: one.
    REQUIRE(frame.instances.size() == 6);
    std::size_t badges = 0, dots = 0;
    for (const DynamicInstance& i : frame.instances) {
        badges += i.model == m.badges[0];
        dots += i.model == m.dot;
    }
    CHECK(badges == 1);
    CHECK(dots == 1);
    REQUIRE(frame.nameTags.size() == 1);  // the dot is 120 m away: no tag
    CHECK(frame.nameTags[0].text == "Host\nAvatar 1");
    CHECK(frame.nameTags[0].anchor.y > 1.6f);
}

TEST_CASE("avatar instances: a speaking avatar has a ring above its head, a silent one none", "[render][avatar]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    CHECK(levelTriangles(g, m.speaking, 0) == 24 * 6 * 2);
    std::vector<AvatarState> avatars{avatarAt(1, {0.0f, 1.6f, -5.0f}), avatarAt(2, {1.0f, 1.6f, -5.0f}),
                                     avatarAt(3, {0.0f, 1.6f, -120.0f})};  // a dot: too far for a ring
    avatars[0].speaking = true;
    avatars[2].speaking = true;
    const AvatarFrame frame = buildAvatarInstances(avatars, m, northViews());
    std::vector<glm::vec3> rings;
    for (const DynamicInstance& i : frame.instances)
        if (i.model == m.speaking) rings.emplace_back(i.transform[3]);
    REQUIRE(rings.size() == 1);
    CHECK(rings[0].x == Approx(0.0f));
    CHECK(rings[0].y == Approx(1.6f + kAvatarSpeakingRingAboveM));
    CHECK(rings[0].z == Approx(-5.0f));
}

TEST_CASE("avatar instances: the count budget keeps the nearest as bodies", "[render][avatar]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    std::vector<AvatarState> avatars;
    for (std::uint32_t i = 0; i < 10; ++i) avatars.push_back(avatarAt(i, {0.0f, 1.6f, -3.0f - float(9 - i)}));
    AvatarBudget budget;
    budget.maxBodies = 4;
    const AvatarFrame frame = buildAvatarInstances(avatars, m, northViews(), budget);
    CHECK(frame.counts.full + frame.counts.coarse == 4);
    CHECK(frame.counts.asDots == 6);
    // The bodies are the four nearest: avatars 6..9 (z = -6 .. -3).
    for (const DynamicInstance& i : frame.instances)
        if (i.model == m.head) CHECK(i.transform[3].z >= -6.0f);
    CHECK(frame.instances.size() == 4 * 4 + 6);
}

TEST_CASE("avatar instances: one level per avatar by screen-space error", "[render][avatar]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    AvatarBudget budget;
    budget.maxScreenSpaceErrorPx = 1.0;
    budget.viewportHeightPx = 720.0;
    const std::vector<AvatarState> avatars{avatarAt(1, {0.0f, 1.6f, -3.0f}), avatarAt(2, {0.0f, 1.6f, -60.0f})};
    const AvatarFrame frame = buildAvatarInstances(avatars, m, northViews(), budget);
    CHECK(frame.counts.full == 1);
    CHECK(frame.counts.coarse == 1);
    for (const DynamicInstance& i : frame.instances) {
        if (i.model == m.dot || i.model == m.badges[0]) continue;
        // Near: level 0 for every part; far: the same coarse level for every part.
        if (i.transform[3].z > -10.0f) CHECK(i.level == 0);
        else CHECK(i.level == 2);
    }
}

TEST_CASE("name tags fade from 25 to 30 m, fading avatars fade their instances", "[render][avatar][text]") {
    const AvatarBudget budget;
    CHECK(tagAlpha(10.0, budget) == 1.0f);
    CHECK(tagAlpha(25.0, budget) == 1.0f);
    CHECK(tagAlpha(27.5, budget) == Approx(0.5f));
    CHECK(tagAlpha(30.0, budget) == 0.0f);
    CHECK(tagAlpha(40.0, budget) == 0.0f);

    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    std::vector<AvatarState> avatars{avatarAt(1, {0.0f, 1.6f, -27.5f}), avatarAt(2, {0.0f, 1.6f, -35.0f}),
                                     avatarAt(3, {0.0f, 1.6f, -10.0f})};
    avatars[2].alpha = 0.4f;
    const AvatarFrame frame = buildAvatarInstances(avatars, m, northViews());
    REQUIRE(frame.nameTags.size() == 2);  // 35 m: none
    for (const WorldText& t : frame.nameTags) {
        if (t.text == "Avatar 1") CHECK(t.colour.a == Approx(0.5f).margin(1e-3));
        else CHECK(t.colour.a == Approx(0.4f));
    }
    for (const DynamicInstance& i : frame.instances)
        if (i.transform[3].z > -11.0f && i.transform[3].z < -9.0f) CHECK(i.colour.a == Approx(0.4f));
}

TEST_CASE("dynamic batching: one instanced command per model, level and submesh", "[render][dynamic]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    std::vector<AvatarState> avatars;
    for (std::uint32_t i = 0; i < 200; ++i)
        avatars.push_back(avatarAt(i, {float(i % 20) - 10.0f, 1.6f, -4.0f - float(i / 20) * 3.0f},
                                   i % 7 == 0 ? AvatarRole::Moderator : AvatarRole::Visitor));
    const FrameViews views = northViews();
    const AvatarFrame frame = buildAvatarInstances(avatars, m, views);
    std::vector<DynamicInstance> instances = frame.instances;
    instances.push_back({999u, glm::mat4(1.0f), glm::vec4(1.0f), kChooseLevel});  // no such model
    DynamicInstance behind{m.head, glm::mat4(1.0f), glm::vec4(1.0f), kChooseLevel};
    behind.transform[3] = glm::vec4(0.0f, 1.6f, 10.0f, 1.0f);
    instances.push_back(behind);

    DynamicBatcher batcher;
    const places::visibility::SelectionOptions lod{16.0, 720.0, views.verticalFovDeg};
    const DynamicBatchStats stats = batcher.build(g.models, g.submeshes, std::uint32_t(g.materials.size()), instances,
                                                  views.selectionViews(), lod);
    CHECK(stats.rejected == 1);
    CHECK(stats.culled >= 1);
    CHECK(stats.drawn + stats.culled + stats.rejected == instances.size());
    // Distinct (model, level) pairs among the drawn: one command each (every avatar model has one submesh).
    std::set<std::pair<std::uint32_t, std::uint32_t>> groups;
    for (const DynamicInstance& i : frame.instances) groups.insert({i.model, i.level});
    CHECK(stats.commands <= groups.size());
    CHECK(stats.commands >= 3);
    REQUIRE(batcher.buckets().size() == g.materials.size());
    std::uint64_t instancesInCommands = 0;
    for (const auto& c : batcher.buckets()[0]) {
        instancesInCommands += c.instanceCount;
        CHECK(c.firstInstance + c.instanceCount <= batcher.instanceData().size());
    }
    CHECK(instancesInCommands == stats.drawn);
    CHECK(batcher.instanceData().size() == stats.drawn);

    // A second build of the same frame gives the same commands (storage reused).
    const DynamicBatchStats again = batcher.build(g.models, g.submeshes, std::uint32_t(g.materials.size()),
                                                  instances, views.selectionViews(), lod);
    CHECK(again.commands == stats.commands);
    CHECK(again.triangles == stats.triangles);
}

TEST_CASE("avatar instances: non-finite poses are counted, never drawn, storage is reused", "[render][avatar]") {
    SceneGeometry g;
    const AvatarModels m = addAvatarModels(g);
    std::vector<AvatarState> avatars{avatarAt(1, {0.0f, 1.6f, -5.0f}), avatarAt(2, {0.0f, 1.6f, -6.0f}),
                                     avatarAt(3, {1.0f, 1.6f, -6.0f})};
    avatars[1].head.position.x = std::numeric_limits<float>::quiet_NaN();
    avatars[2].rightHand.orientation = glm::quat(0.0f, 0.0f, 0.0f, 0.0f);
    AvatarFrame frame;
    buildAvatarInstances(avatars, m, northViews(), {}, frame);
    CHECK(frame.counts.invalid == 2);
    CHECK(frame.counts.full + frame.counts.coarse == 1);
    CHECK(frame.instances.size() == 4);
    // A second frame into the same storage: the same result, nothing left over.
    const auto* data = frame.instances.data();
    buildAvatarInstances(avatars, m, northViews(), {}, frame);
    CHECK(frame.counts.invalid == 2);
    CHECK(frame.instances.size() == 4);
    CHECK(frame.nameTags.size() == 1);
    CHECK(frame.instances.data() == data);
    CHECK(frame.nameTags[0].text == "Avatar 1");
}
