#include "places/runtime/view_start.hpp"

#include "places/runtime/avatar_presenter.hpp"

#include <cmath>
#include <cstdio>

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

render::Camera arrivalSpot(const RenderScene& scene, const std::string& viewName, std::uint32_t participant) {
    render::Camera c = visitorStart(scene, viewName);
    const double angle = double(participant) * 2.399963229728653;  // golden angle, radians
    const double radius = 2.0 + 1.5 * double(participant / 8 % 6);
    c.pose.position.x += radius * std::sin(angle);
    c.pose.position.z -= radius * std::cos(angle);
    // Facing the centre: the compass heading from the spot back to it.
    c.pose.yawDeg = std::fmod(glm::degrees(angle) + 180.0, 360.0);
    // A start on the terrain (within 0.5 m of it) puts the ring on the
    // terrain too, so arrivals on a slope neither float nor sink; a start on
    // a deck keeps the deck's height.
    if (scene.ground) {
        const glm::dvec3 start = visitorStart(scene, viewName).pose.position;
        const auto under = scene.ground->heightAt(start.x, start.z);
        const auto here = scene.ground->heightAt(c.pose.position.x, c.pose.position.z);
        if (under && here && std::abs(start.y - kEyeHeightM - *under) <= 0.5) c.pose.position.y = *here + kEyeHeightM;
    }
    return c;
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
