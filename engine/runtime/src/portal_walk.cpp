#include "places/runtime/portal_walk.hpp"

#include <filesystem>

#include "places/runtime/render_scene.hpp"
#include "places/runtime/view_start.hpp"

namespace places::runtime {

namespace {

// Inside the zone or within `margin` of it horizontally (sampled at the four
// compass points): the hysteresis band a head must leave to re-arm.
bool near(const scenes::Zone& z, const glm::dvec3& p, double margin) {
    if (z.contains(p)) return true;
    for (const glm::dvec3 d : {glm::dvec3(margin, 0, 0), glm::dvec3(-margin, 0, 0), glm::dvec3(0, 0, margin),
                               glm::dvec3(0, 0, -margin)})
        if (z.contains(p + d)) return true;
    return false;
}

}  // namespace

void PortalWalk::setScene(const std::string& sceneFile, const std::vector<scenes::Zone>& zones,
                          const std::vector<scenes::Portal>& portals) {
    sceneFile_ = sceneFile;
    portals_.clear();
    for (const scenes::Portal& p : portals)
        for (const scenes::Zone& z : zones)
            if (z.name == p.zone) portals_.push_back({p, z});
    armed_ = false;
    inside_ = -1;
    fired_ = false;
}

std::optional<std::string> PortalWalk::step(const glm::dvec3& head, double seconds) {
    int inside = -1;
    bool nearAny = false;
    for (std::size_t i = 0; i < portals_.size(); ++i) {
        if (inside < 0 && portals_[i].zone.contains(head)) inside = static_cast<int>(i);
        if (near(portals_[i].zone, head, kRearmMetres)) nearAny = true;
    }
    if (!nearAny) armed_ = true;
    if (inside != inside_) {
        inside_ = inside;
        enteredAt_ = seconds;
        if (inside >= 0 && !armed_) fired_ = true;  // arrived inside: wait until outside
        else fired_ = false;
    }
    if (inside_ < 0 || fired_ || !armed_ || seconds - enteredAt_ < kDwellSeconds) return std::nullopt;
    fired_ = true;
    armed_ = false;
    return portals_[static_cast<std::size_t>(inside_)].portal.name;
}

std::string PortalWalk::sceneFor(const std::string& venue) const {
    for (const Gate& g : portals_)
        if (g.portal.venue == venue && !g.portal.scene.empty()) return g.portal.scene;
    if (sceneFile_.empty() || venue.empty()) return {};
    // Confined to the scene's own folder: a venue id is a name, never a path.
    if (venue.find('/') != std::string::npos || venue.find('\\') != std::string::npos || venue == "." || venue == "..")
        return {};
    return (std::filesystem::path(sceneFile_).parent_path() / (venue + ".json")).string();
}

Result<RenderScene> loadArrival(const PortalArrival& arrival, render::AvatarModels& models) {
    Result<RenderScene> out;
    if (arrival.scene.empty()) {
        std::string why = "the relay moved you to venue '";
        why += arrival.venue;
        why += "', whose scene file this client does not know";
        out.diagnostics.error({arrival.venue}, why);
        return out;
    }
    out = loadRenderScene(arrival.scene);
    if (out.value && out.value->venueId != arrival.venue) {
        std::string why = "is venue '";
        why += out.value->venueId;
        why += "', but the relay moved you to '";
        why += arrival.venue;
        why += "'";
        out.diagnostics.error({arrival.scene}, why);
        out.value.reset();
    }
    if (out.value) models = render::addAvatarModels(out.value->geometry);
    return out;
}

render::Camera spawnCamera(const RenderScene& scene, const std::string& spawn) {
    render::Camera c = visitorStart(scene, "");
    for (const scenes::SpawnPoint& s : scene.spawns)
        if (s.name == spawn) {
            c.pose.position.x = s.position.x;
            c.pose.position.z = s.position.z;
            c.pose.yawDeg = s.yawDeg;
        }
    return c;
}

}  // namespace places::runtime
