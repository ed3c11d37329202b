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
    const double yaw = glm::radians(camera_.pose.yawDeg);
    const glm::dvec3 right(std::cos(yaw), 0.0, std::sin(yaw));
    const glm::dvec3 ahead(std::sin(yaw), 0.0, -std::cos(yaw));
    const double scale = distance_ * 0.002;
    const glm::dvec3 move = (-right * dxPx + ahead * dyPx) * scale;
    target_ += move;
    camera_.pose.position += move;
}

void DesktopCamera::zoom(double steps) {
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
    const glm::dvec3 step = (right * local.x + glm::dvec3(0, 1, 0) * local.y + forward() * local.z) * metres;
    camera_.pose.position += step;
    target_ += step;
}

}  // namespace places::runtime
