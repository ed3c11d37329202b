#include "places/runtime/desktop_camera.hpp"

#include <algorithm>
#include <cmath>

#include <glm/trigonometric.hpp>

namespace places::runtime {

glm::dvec3 DesktopCamera::forward() const {
    return visibility::forwardFromYawPitch(camera_.pose.yawDeg, camera_.pose.pitchDeg);
}

void DesktopCamera::jumpTo(const render::Camera& c) {
    camera_ = c;
    distance_ = std::max(20.0, camera_.pose.position.y * 1.5);
    target_ = camera_.pose.position + forward() * distance_;
}

void DesktopCamera::rotate(double dxPx, double dyPx) {
    camera_.pose.yawDeg = std::fmod(camera_.pose.yawDeg + dxPx * 0.25 + 360.0, 360.0);
    camera_.pose.pitchDeg = std::clamp(camera_.pose.pitchDeg - dyPx * 0.25, -89.0, 89.0);
    if (!fly_) camera_.pose.position = target_ - forward() * distance_;
}

void DesktopCamera::pan(double dxPx, double dyPx) {
    if (walking_) return;
    const double yaw = glm::radians(camera_.pose.yawDeg);
    const glm::dvec3 right(std::cos(yaw), 0.0, std::sin(yaw));
    const glm::dvec3 ahead(std::sin(yaw), 0.0, -std::cos(yaw));
    const double scale = distance_ * 0.002;
    const glm::dvec3 move = (-right * dxPx + ahead * dyPx) * scale;
    target_ += move;
    camera_.pose.position += move;
}

void DesktopCamera::zoom(double steps) {
    if (walking_) return;
    if (fly_) {
        camera_.pose.position += forward() * steps * 5.0;
        return;
    }
    distance_ = std::clamp(distance_ * std::pow(0.85, steps), 2.0, 20000.0);
    camera_.pose.position = target_ - forward() * distance_;
}

void DesktopCamera::move(const glm::dvec3& local, double metres) {
    const double yaw = glm::radians(camera_.pose.yawDeg);
    const glm::dvec3 right(std::cos(yaw), 0.0, std::sin(yaw));
    if (walking_) {
        // Along the ground whatever the pitch: W walks ahead, not into the floor.
        const glm::dvec3 ahead(std::sin(yaw), 0.0, -std::cos(yaw));
        const glm::dvec3 step = (right * local.x + ahead * local.z) * metres;
        if (ground_) {
            // Too steep a rise on the terrain stops the visitor. Stepping onto
            // the terrain from off it (the flat plane of a venue outside the
            // derived ground) is allowed: its edge is no wall.
            const glm::dvec3 next = camera_.pose.position + step;
            const std::optional<double> under = ground_(next.x, next.z);
            const double allowed = walk_.maxStepM + walk_.maxSlope * glm::length(step);
            if (under && onTerrain_ && *under - feetY_ > allowed) {
                ++stepsBlocked_;
                return;
            }
        }
        // In pieces no longer than half a body's width, so that a wall
        // between this frame's position and the next is met, not stepped over.
        const double length = glm::length(step);
        const int pieces = std::clamp(static_cast<int>(std::ceil(length / kWalkPieceM)), 1, kMaxWalkPieces);
        const glm::dvec3 piece = step / static_cast<double>(pieces);
        std::optional<bool> stuck;  // whether the visitor stands in an obstacle where they are now
        for (int i = 0; i < pieces; ++i) {
            if (stepBy(piece, stuck)) continue;
            ++stepsBlocked_;
            // Along the wall: what is left of the step on one axis, then the
            // other (a diagonal walk into a wall slides along it).
            if (!(piece.x != 0.0 && piece.z != 0.0 &&
                  (stepBy({piece.x, 0.0, 0.0}, stuck) || stepBy({0.0, 0.0, piece.z}, stuck))))
                break;
        }
        target_ = camera_.pose.position + forward() * distance_;
        return;
    }
    const glm::dvec3 step = (right * local.x + glm::dvec3(0, 1, 0) * local.y + forward() * local.z) * metres;
    camera_.pose.position += step;
    target_ += step;
}

bool DesktopCamera::stepBy(const glm::dvec3& step, std::optional<bool>& stuck) {
    const glm::dvec3 here = camera_.pose.position, next = here + step;
    const std::optional<double> under = ground_ ? ground_(next.x, next.z) : std::nullopt;
    const double feet = under.value_or(feetY_);  // off the terrain: level
    // A visitor who stands in an obstacle already (a spawn inside a prop, a
    // scene that changed around them) may walk anywhere, so as to walk out.
    // Asked once per position: a refused step and its two slides start from the same spot.
    if (obstructed_ && obstructed_({next.x, feet, next.z})) {
        if (!stuck) stuck = obstructed_({here.x, feetY_, here.z});
        if (!*stuck) return false;
    }
    stuck.reset();  // moved: ask again from the new spot
    onTerrain_ = under.has_value();
    feetY_ = feet;
    eyeY_ = feet + walk_.eyeHeightM;
    camera_.pose.position.x = next.x;
    camera_.pose.position.z = next.z;
    // Without a terrain the eye is at its height at once (nothing to settle).
    if (!ground_) camera_.pose.position.y = eyeY_;
    return true;
}

void DesktopCamera::walkOnGround(GroundAt ground, const WalkSettings& settings) {
    walk_ = settings;
    ground_ = std::move(ground);
    const glm::dvec3 p = camera_.pose.position;
    const std::optional<double> under = ground_ ? ground_(p.x, p.z) : std::nullopt;
    onTerrain_ = under.has_value();
    feetY_ = under.value_or(p.y - walk_.eyeHeightM);
    walk(feetY_ + walk_.eyeHeightM);
}

void DesktopCamera::settle(double seconds) {
    if (!walking_ || !ground_) return;
    double& y = camera_.pose.position.y;
    const double gap = eyeY_ - y;
    // Exponential easing: smooth over the terrain's triangle edges; a large
    // change (a jump, a start) is taken at once.
    if (std::abs(gap) > walk_.snapM || walk_.settleSeconds <= 0.0) y = eyeY_;
    else y += gap * (1.0 - std::exp(-std::max(seconds, 0.0) / walk_.settleSeconds));
    target_ = camera_.pose.position + forward() * distance_;
}

}  // namespace places::runtime
