#include "places/scenes/scene.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/trigonometric.hpp>

#include "places/core/outline.hpp"

namespace places::scenes {

const char* toString(CitySource::Kind kind) {
    switch (kind) {
        case CitySource::Kind::Pack: return "pack";
        case CitySource::Kind::CityGml: return "CityGML";
        case CitySource::Kind::CityJson: return "CityJSON";
    }
    return "?";
}

const char* toString(ZoneKind kind) {
    switch (kind) {
        case ZoneKind::Stage: return "stage";
        case ZoneKind::Booth: return "booth";
        case ZoneKind::Lounge: return "lounge";
        case ZoneKind::Area: return "area";
    }
    return "?";
}

glm::dmat4 Placement::matrix() const {
    return glm::translate(glm::dmat4(1.0), position) * glm::mat4_cast(rotation) *
           glm::scale(glm::dmat4(1.0), scale);
}

glm::dvec3 Sun::direction() const {
    const double az = glm::radians(azimuthDeg), el = glm::radians(elevationDeg);
    return {std::sin(az) * std::cos(el), std::sin(el), -std::cos(az) * std::cos(el)};
}

bool Zone::contains(const glm::dvec3& p) const {
    if (outline.size() < 3) return false;
    if (!floorOnGround && (p.y < floor || p.y > floor + height)) return false;
    return insideOutline(outline, p.x, p.z);
}

const CameraView* Scene::findView(const std::string& viewName) const {
    for (const CameraView& v : views) {
        if (v.name == viewName) return &v;
    }
    return nullptr;
}

const Zone* Scene::findZone(const std::string& zoneName) const {
    for (const Zone& z : zones) {
        if (z.name == zoneName) return &z;
    }
    return nullptr;
}

const Booth* Scene::findBooth(const std::string& id) const {
    for (const Booth& b : booths)
        if (b.id == id) return &b;
    return nullptr;
}

const Portal* Scene::findPortal(const std::string& portalName) const {
    for (const Portal& p : portals)
        if (p.name == portalName) return &p;
    return nullptr;
}

const Act* StageSchedule::now(std::int64_t t) const {
    for (const Act& a : acts)
        if (a.time.contains(t)) return &a;
    return nullptr;
}

const Act* StageSchedule::next(std::int64_t t) const {
    for (const Act& a : acts)  // sorted by start
        if (a.time.start > t) return &a;
    return nullptr;
}

bool Booth::openAt(std::int64_t t) const {
    if (openHours.empty()) return true;
    return std::any_of(openHours.begin(), openHours.end(), [&](const TimeSpan& s) { return s.contains(t); });
}

}  // namespace places::scenes
