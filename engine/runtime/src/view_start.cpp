#include "places/runtime/view_start.hpp"

#include "places/runtime/avatar_presenter.hpp"
#include "places/runtime/standing_room.hpp"

#include <cmath>
#include <cstdio>

#include <glm/gtc/constants.hpp>
#include <glm/trigonometric.hpp>

namespace places::runtime {

std::optional<render::Camera> startCamera(const RenderScene& scene, const std::string& name) {
    if (name.empty()) return scene.views.front().camera;
    const NamedView* v = findView(scene, name);
    if (!v) return std::nullopt;
    return v->camera;
}

double groundHeight(const RenderScene& scene) {
    // Spawn points stand on the venue's ground (a deck, or the terrain when
    // written "ground"); without them the sky pass's ground plane is the floor.
    if (!scene.spawns.empty()) return scene.spawns.front().position.y;
    return double(scene.lighting.groundHeightM);
}

render::Camera visitorStart(const RenderScene& scene, const std::string& viewName) {
    render::Camera c = startCamera(scene, viewName).value_or(scene.views.front().camera);
    if (!scene.spawns.empty() && viewName.empty()) {
        const scenes::SpawnPoint& s = scene.spawns.front();
        c.pose.position = s.position;
        c.pose.yawDeg = s.yawDeg;
    }
    c.pose.position.y = groundHeight(scene) + kEyeHeightM;
    c.pose.pitchDeg = 0.0;
    return c;
}

namespace {

// Spot `k` of participant `participant`'s candidates: k = 0 is its own place;
// the others turn by sixteenths of a circle, then move 1.5 m further out.
render::Camera ringSpot(const RenderScene& scene, const render::Camera& start, std::uint32_t participant,
                        std::uint32_t k) {
    render::Camera c = start;
    // A sunflower (Vogel) spiral: the golden angle turns each next spot far
    // from the last, and a radius growing with the square root gives every
    // spot the same room, at least 1.36 m from all others of the 400. Rings
    // of a fixed radius (the earlier layout) put participants 144 apart 4 cm
    // from each other: multiples of the golden angle by a Fibonacci number
    // come back almost to where they started.
    const std::uint32_t n = participant % kArrivalSpots;
    const double angle = double(n) * 2.399963229728653 + double(k % 16) * (glm::pi<double>() / 8.0);
    const double radius = 2.0 + 0.75 * std::sqrt(double(n)) + 1.5 * double(k / 16);
    c.pose.position.x += radius * std::sin(angle);
    c.pose.position.z -= radius * std::cos(angle);
    // Facing the centre: the compass heading from the spot back to it.
    c.pose.yawDeg = std::fmod(glm::degrees(angle) + 180.0, 360.0);
    // A start on the terrain (within 0.5 m of it) puts the ring on the
    // terrain too, so arrivals on a slope neither float nor sink; a start on
    // a deck keeps the deck's height.
    if (scene.ground) {
        const glm::dvec3 centre = start.pose.position;
        const auto under = scene.ground->heightAt(centre.x, centre.z);
        const auto here = scene.ground->heightAt(c.pose.position.x, c.pose.position.z);
        if (under && here && std::abs(centre.y - kEyeHeightM - *under) <= 0.5) c.pose.position.y = *here + kEyeHeightM;
    }
    return c;
}

}  // namespace

render::Camera arrivalSpot(const RenderScene& scene, const std::string& viewName, std::uint32_t participant) {
    const render::Camera start = visitorStart(scene, viewName);
    // The first spot with room to stand: spots around a spawn among seats,
    // booths or lamp posts would otherwise put some visitors inside them.
    constexpr std::uint32_t kCandidates = 16 * 6;
    for (std::uint32_t k = 0; k < kCandidates; ++k) {
        render::Camera c = ringSpot(scene, start, participant, k);
        if (!obstructionAt(scene.geometry, c.pose.position - glm::dvec3(0.0, kEyeHeightM, 0.0))) return c;
    }
    // Nowhere clear around its own spot (a crowded deck, a scene without
    // room): the participant's own spot.
    return ringSpot(scene, start, participant, 0);
}

const NamedView* namedViewOrReport(const RenderScene& scene, const std::string& name, const std::string& sceneFile,
                                   const char* who) {
    const NamedView* named = name.empty() ? &scene.views.front() : findView(scene, name);
    if (!named)
        std::fprintf(stderr, "%s: no view '%s' in %s; views: %s\n", who, name.c_str(), sceneFile.c_str(),
                     viewNames(scene).c_str());
    return named;
}

}  // namespace places::runtime
