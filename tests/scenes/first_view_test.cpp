// What a visitor sees on arrival. `places view` and `places xr` put a joining
// visitor at the scene's first spawn, at eye height, facing its yaw: from
// there the venue's reason to come (the booths of a fair, the stage of a
// festival) must be in view and not hidden behind the venue's own props. The
// career fair's first spawn once stood outside, behind the back wall of the
// talk stage, with every booth hidden.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <glm/geometric.hpp>

#include "places/scenes/booth_props.hpp"
#include "places/scenes/scene_assets.hpp"
#include "shipped_scene.hpp"

using namespace places::scenes;
using places::scenes::test::loadShipped;

namespace {

constexpr double kEyeHeightM = 1.7;        // as the runtime's visitor
constexpr double kHalfFieldOfViewDeg = 40; // a desktop window's horizontal half angle, about

struct Triangle {
    glm::dvec3 a, b, c;
};

// A prop as the visitor's eye meets it: its triangles, placed in the local
// frame, and the box around them (a quick first test).
struct Prop {
    glm::dvec3 min{std::numeric_limits<double>::max()}, max{std::numeric_limits<double>::lowest()};
    std::string name;
    std::vector<Triangle> triangles;
};

std::vector<Prop> props(const Scene& scene) {
    places::Result<SceneAssets> assets = loadSceneAssets(scene);
    INFO(assets.diagnostics.firstError());
    REQUIRE(assets.ok());
    std::vector<Prop> out;
    for (std::size_t i = 0; i < scene.venues.size(); ++i) {
        const places::assets::AssetModel& model = assets->models[static_cast<std::size_t>(assets->venueModel[i])];
        const glm::dmat4 placed = scene.venues[i].placement.matrix();
        Prop prop;
        prop.name = scene.venues[i].name;
        for (const places::assets::MeshInstance& instance : model.instances) {
            const places::assets::Mesh& mesh = model.meshes[instance.mesh];
            const glm::dmat4 m = placed * glm::dmat4(instance.transform);
            std::vector<glm::dvec3> p(mesh.positions.size());
            for (std::size_t v = 0; v < p.size(); ++v) {
                p[v] = glm::dvec3(m * glm::dvec4(glm::dvec3(mesh.positions[v]), 1.0));
                prop.min = glm::min(prop.min, p[v]);
                prop.max = glm::max(prop.max, p[v]);
            }
            for (std::size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
                prop.triangles.push_back({p[mesh.indices[t]], p[mesh.indices[t + 1]], p[mesh.indices[t + 2]]});
        }
        out.push_back(std::move(prop));
    }
    return out;
}

// Möller-Trumbore: does the segment a -> b pass through the triangle?
bool crosses(const Triangle& t, glm::dvec3 a, glm::dvec3 b) {
    const glm::dvec3 d = b - a, e1 = t.b - t.a, e2 = t.c - t.a;
    const glm::dvec3 p = glm::cross(d, e2);
    const double det = glm::dot(e1, p);
    if (std::abs(det) < 1e-12) return false;
    const glm::dvec3 s = a - t.a;
    const double u = glm::dot(s, p) / det;
    if (u < 0.0 || u > 1.0) return false;
    const glm::dvec3 q = glm::cross(s, e1);
    const double v = glm::dot(d, q) / det;
    if (v < 0.0 || u + v > 1.0) return false;
    const double along = glm::dot(e2, q) / det;
    return along > 0.0 && along < 1.0;
}

// Slab test: does the segment a -> b pass through the prop's box?
bool crossesBox(const Prop& box, glm::dvec3 a, glm::dvec3 b) {
    double t0 = 0.0, t1 = 1.0;
    for (int k = 0; k < 3; ++k) {
        const double d = b[k] - a[k];
        if (std::abs(d) < 1e-12) {
            if (a[k] < box.min[k] || a[k] > box.max[k]) return false;
            continue;
        }
        double lo = (box.min[k] - a[k]) / d, hi = (box.max[k] - a[k]) / d;
        if (lo > hi) std::swap(lo, hi);
        t0 = std::max(t0, lo);
        t1 = std::min(t1, hi);
        if (t0 > t1) return false;
    }
    return true;
}

glm::dvec2 centre(const Zone& zone) {
    glm::dvec2 sum(0.0);
    for (const glm::dvec2& p : zone.outline) sum += p;
    return sum / double(zone.outline.size());
}

// Whether the point `target` is in the first spawn's view and in sight:
// within the horizontal field of view and no prop between, other than the
// zone's own (a booth's counter, a stage's deck) and the flat ones a visitor
// looks over (floors, carpets, roads: under 0.3 m high).
bool inSight(const Scene& scene, const std::vector<Prop>& sceneProps, const Zone& zone, glm::dvec3 target,
             std::string& why) {
    const SpawnPoint& spawn = scene.spawns.front();
    const glm::dvec3 eye = spawn.position + glm::dvec3(0.0, kEyeHeightM, 0.0);
    const double yaw = glm::radians(spawn.yawDeg);
    const glm::dvec2 forward(std::sin(yaw), -std::cos(yaw));  // compass yaw: 0 north (-z), 90 east (+x)
    const glm::dvec2 to = glm::normalize(glm::dvec2(target.x - eye.x, target.z - eye.z));
    if (glm::dot(forward, to) < std::cos(glm::radians(kHalfFieldOfViewDeg))) {
        why = "outside the field of view";
        return false;
    }
    for (const Prop& prop : sceneProps) {
        if (prop.max.y - prop.min.y < 0.3) continue;
        const glm::dvec3 middle = (prop.min + prop.max) * 0.5;
        if (zone.contains(glm::dvec3(middle.x, zone.floor + 0.1, middle.z))) continue;
        if (!crossesBox(prop, eye, target)) continue;
        for (const Triangle& t : prop.triangles)
            if (crosses(t, eye, target)) {
                why = "hidden behind " + prop.name;
                return false;
            }
    }
    return true;
}

// A zone is seen when any of its sample points is in sight: its middle and
// the points halfway to each corner, at 1.5 and 3 m above its floor (a
// person at a counter, a performer on a deck). `why` says what hid the middle.
bool seenOnArrival(const Scene& scene, const std::vector<Prop>& sceneProps, const Zone& zone, std::string& why) {
    const glm::dvec2 c = centre(zone);
    std::vector<glm::dvec2> points{c};
    for (const glm::dvec2& corner : zone.outline) points.push_back((c + corner) * 0.5);
    bool first = true;
    for (double height : {1.5, 3.0})
        for (const glm::dvec2& p : points) {
            std::string hidden;
            if (inSight(scene, sceneProps, zone, glm::dvec3(p.x, zone.floor + height, p.y), hidden)) return true;
            if (first) why = hidden;
            first = false;
        }
    return false;
}

}  // namespace

TEST_CASE("a visitor arriving at the career fair sees its booths", "[scene][arrival]") {
    Scene scene = loadShipped("career-fair.json");
    addBoothProps(scene);
    const std::vector<Prop> all = props(scene);
    int booths = 0, seen = 0;
    for (const Zone& zone : scene.zones) {
        if (zone.kind != ZoneKind::Booth) continue;
        ++booths;
        std::string why;
        const bool visible = seenOnArrival(scene, all, zone, why);
        UNSCOPED_INFO(zone.name << (visible ? ": seen" : ": " + why));
        seen += visible ? 1 : 0;
    }
    REQUIRE(booths == 8);
    CHECK(seen >= booths / 2);
}

TEST_CASE("a visitor arriving at the festival sees its stage", "[scene][arrival]") {
    Scene scene = loadShipped("gelsenkirchen-festival.json");
    const std::vector<Prop> all = props(scene);
    int stages = 0;
    for (const Zone& zone : scene.zones) {
        if (zone.kind != ZoneKind::Stage) continue;
        ++stages;
        std::string why;
        const bool visible = seenOnArrival(scene, all, zone, why);
        INFO(zone.name << ": " << why);
        CHECK(visible);
    }
    CHECK(stages == 1);
}

TEST_CASE("the line of sight is blocked by a wall between the spawn and a booth", "[scene][arrival]") {
    // The check itself: the fair's booths, seen from its spawn, then with a
    // wall put right in front of the visitor.
    Scene scene = loadShipped("career-fair.json");
    addBoothProps(scene);
    std::vector<Prop> all = props(scene);
    const SpawnPoint& spawn = scene.spawns.front();
    const double yaw = glm::radians(spawn.yawDeg);
    const glm::dvec3 ahead = spawn.position + 2.0 * glm::dvec3(std::sin(yaw), 0.0, -std::cos(yaw));
    // A 40 m wide, 4 m high wall across the view, 2 m ahead: two triangles.
    const glm::dvec3 across(std::cos(yaw) * 20.0, 0.0, std::sin(yaw) * 20.0);
    const glm::dvec3 up(0.0, 4.0, 0.0);
    Prop wall;
    wall.name = "test wall";
    wall.min = glm::min(ahead - across, ahead + across);
    wall.max = glm::max(ahead - across, ahead + across) + up;
    wall.triangles = {{ahead - across, ahead + across, ahead + across + up}, {ahead - across, ahead + across + up, ahead - across + up}};
    all.push_back(wall);
    for (const Zone& zone : scene.zones) {
        if (zone.kind != ZoneKind::Booth) continue;
        std::string why;
        CHECK_FALSE(seenOnArrival(scene, all, zone, why));
        CHECK((why == "hidden behind test wall" || why == "outside the field of view"));
    }
}
