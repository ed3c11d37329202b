#include "places/render/frame_views.hpp"

#include <cmath>

#include <glm/trigonometric.hpp>

#include "places/visibility/frustum.hpp"

namespace places::render {

namespace {

void setEye(FrameViews& views, std::uint32_t index, const Camera& camera, const glm::dvec3& eye, double aspect) {
    visibility::CameraPose pose = camera.pose;
    pose.position = eye;
    visibility::Projection projection;
    projection.verticalFovDeg = camera.verticalFovDeg;
    projection.aspect = aspect;
    projection.nearPlane = camera.nearPlane;
    projection.farPlane = 0.0;  // infinite, reverse-Z
    const glm::dmat4 viewProjection = visibility::projectionMatrix(projection) * visibility::viewMatrix(pose);
    // The matrices are built in double and rounded once: positions in the
    // local frame stay within a few km, where float keeps millimetres.
    views.eyes[index] = {glm::mat4(viewProjection), glm::vec3(eye)};
    views.culling[index] = {eye, visibility::frustumFromViewProjection(viewProjection)};
}

}  // namespace

FrameViews monoViews(const Camera& camera, double aspect) {
    FrameViews views;
    setEye(views, 0, camera, camera.pose.position, aspect);
    views.eyes[1] = views.eyes[0];
    views.culling[1] = views.culling[0];
    views.count = 1;
    views.verticalFovDeg = camera.verticalFovDeg;
    return views;
}

FrameViews stereoViews(const Camera& camera, double aspect, double ipdM) {
    FrameViews views;
    const double yaw = glm::radians(camera.pose.yawDeg);
    const glm::dvec3 halfIpd = glm::dvec3(std::cos(yaw), 0.0, std::sin(yaw)) * (ipdM * 0.5);
    setEye(views, 0, camera, camera.pose.position - halfIpd, aspect);
    setEye(views, 1, camera, camera.pose.position + halfIpd, aspect);
    views.count = 2;
    views.verticalFovDeg = camera.verticalFovDeg;
    return views;
}

}  // namespace places::render
