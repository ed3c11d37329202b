#include "places/visibility/camera.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "places/city/local_frame.hpp"

namespace places::visibility {

glm::dvec3 forwardFromYawPitch(double yawDeg, double pitchDeg) {
    const double yaw = glm::radians(yawDeg);
    const double pitch = glm::radians(std::clamp(pitchDeg, -90.0, 90.0));
    // North is -z, east is +x.
    return {std::sin(yaw) * std::cos(pitch), std::sin(pitch), -std::cos(yaw) * std::cos(pitch)};
}

YawPitch yawPitchFromDirection(const glm::dvec3& direction) {
    const glm::dvec3 d = glm::normalize(direction);
    const double horizontal = std::hypot(d.x, d.z);
    YawPitch out;
    out.pitchDeg = glm::degrees(std::atan2(d.y, horizontal));
    if (horizontal > 1e-12) {
        out.yawDeg = glm::degrees(std::atan2(d.x, -d.z));
        if (out.yawDeg < 0.0) out.yawDeg += 360.0;
    }
    return out;
}

glm::dvec3 localFromCrs(const glm::dvec3& enh, const city::GeoReference& geo) {
    return city::toLocal(enh, geo.origin);
}

glm::dvec3 crsFromLocal(const glm::dvec3& local, const city::GeoReference& geo) {
    return city::toCrs(local, geo.origin);
}

glm::dmat4 viewMatrix(const CameraPose& pose) {
    const glm::dvec3 f = forwardFromYawPitch(pose.yawDeg, pose.pitchDeg);
    // Right from the heading alone, so looking straight up or down stays defined.
    const double yaw = glm::radians(pose.yawDeg);
    const glm::dvec3 level{std::cos(yaw), 0.0, std::sin(yaw)};
    const glm::dvec3 levelUp = glm::cross(level, f);
    // Roll turns right and up about f (right-handed about f: up tilts right).
    const double roll = glm::radians(pose.rollDeg);
    const glm::dvec3 r = level * std::cos(roll) - levelUp * std::sin(roll);
    const glm::dvec3 u = levelUp * std::cos(roll) + level * std::sin(roll);
    glm::dmat4 view(1.0);
    for (int c = 0; c < 3; ++c) {
        view[c][0] = r[c];
        view[c][1] = u[c];
        view[c][2] = -f[c];
    }
    view[3][0] = -glm::dot(r, pose.position);
    view[3][1] = -glm::dot(u, pose.position);
    view[3][2] = glm::dot(f, pose.position);
    return view;
}

glm::dmat4 viewMatrix(const glm::dvec3& position, const glm::dquat& orientation) {
    // The inverse of translate(position) * rotate(orientation).
    const glm::dmat3 toView = glm::transpose(glm::mat3_cast(glm::normalize(orientation)));
    glm::dmat4 view(toView);
    view[3] = glm::dvec4(-(toView * position), 1.0);
    return view;
}

namespace {

// Depth rows shared by both projections (see the header comment).
void setDepth(glm::dmat4& m, double n, double far, bool reverseZ) {
    m[2][3] = -1.0;  // w = -z_view
    if (!reverseZ) {  // depth 0 at near, 1 at far
        m[2][2] = far / (n - far);
        m[3][2] = n * far / (n - far);
    } else if (far <= 0.0) {  // depth = near / distance: 1 at near, -> 0 at infinity
        m[2][2] = 0.0;
        m[3][2] = n;
    } else {  // depth 1 at near, 0 at far
        m[2][2] = n / (far - n);
        m[3][2] = n * far / (far - n);
    }
}

}  // namespace

glm::dmat4 projectionMatrix(const FovProjection& p) {
    assert(p.nearPlane > 0.0);
    assert(p.reverseZ || p.farPlane > p.nearPlane);
    assert(p.angleLeft < p.angleRight && p.angleDown < p.angleUp);
    assert(std::abs(p.angleLeft) < glm::half_pi<double>() && std::abs(p.angleRight) < glm::half_pi<double>() &&
           std::abs(p.angleUp) < glm::half_pi<double>() && std::abs(p.angleDown) < glm::half_pi<double>());
    const double l = std::tan(p.angleLeft), r = std::tan(p.angleRight);
    const double u = std::tan(p.angleUp), d = std::tan(p.angleDown);
    glm::dmat4 m(0.0);
    // x_ndc = (2 x/-z - (r + l)) / (r - l); y flipped for Vulkan (up -> -1).
    m[0][0] = 2.0 / (r - l);
    m[2][0] = (r + l) / (r - l);
    m[1][1] = -2.0 / (u - d);
    m[2][1] = -(u + d) / (u - d);
    setDepth(m, p.nearPlane, p.farPlane, p.reverseZ);
    return m;
}

glm::dmat4 projectionMatrix(const Projection& p) {
    assert(p.nearPlane > 0.0 && p.aspect > 0.0);
    assert(p.reverseZ || p.farPlane > p.nearPlane);
    const double f = 1.0 / std::tan(glm::radians(p.verticalFovDeg) * 0.5);
    const double n = p.nearPlane, far = p.farPlane;
    glm::dmat4 m(0.0);
    m[0][0] = f / p.aspect;
    m[1][1] = -f;   // Vulkan: clip +y is down
    setDepth(m, n, far, p.reverseZ);
    return m;
}

}  // namespace places::visibility
