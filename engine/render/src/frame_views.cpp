#include "places/render/frame_views.hpp"

#include <cmath>

#include <glm/trigonometric.hpp>

#include "places/visibility/frustum.hpp"

namespace places::render {

namespace {

glm::dmat4 viewProjection(const Camera& camera, const glm::dvec3& eye, double aspect, double nearPlane) {
    visibility::CameraPose pose = camera.pose;
    pose.position = eye;
    visibility::Projection projection;
    projection.verticalFovDeg = camera.verticalFovDeg;
    projection.aspect = aspect;
    projection.nearPlane = nearPlane;
    projection.farPlane = 0.0;  // infinite, reverse-Z
    return visibility::projectionMatrix(projection) * visibility::viewMatrix(pose);
}

void setEye(FrameViews& views, std::uint32_t index, const Camera& camera, const glm::dvec3& eye, double aspect) {
    const glm::dmat4 matrix = viewProjection(camera, eye, aspect, camera.nearPlane);
    // The matrices are built in double and rounded once: positions in the
    // local frame stay within a few km, where float keeps millimetres.
    views.eyes[index] = {glm::mat4(matrix), glm::vec3(eye)};
    views.culling[index] = {eye, visibility::frustumFromViewProjection(matrix), 0.0};
}

}  // namespace

FrameViews monoViews(const Camera& camera, double aspect) {
    FrameViews views;
    setEye(views, 0, camera, camera.pose.position, aspect);
    views.eyes[1] = views.eyes[0];
    views.culling[1] = views.culling[0];
    views.combined = views.culling[0];
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
    // Same orientation and field of view, apex moved back along the view axis
    // until its side planes pass through the outer eyes: d = (ipd/2) / tan(fovX/2).
    // The near plane moves back with it and stays where the eyes' near planes are.
    const double tanHalfX = std::tan(glm::radians(camera.verticalFovDeg) * 0.5) * aspect;
    const double back = ipdM * 0.5 / tanHalfX;
    const glm::dvec3 apex =
        camera.pose.position - visibility::forwardFromYawPitch(camera.pose.yawDeg, camera.pose.pitchDeg) * back;
    views.combined = {camera.pose.position,
                      visibility::frustumFromViewProjection(viewProjection(camera, apex, aspect, camera.nearPlane + back)),
                      ipdM * 0.5};
    views.count = 2;
    views.verticalFovDeg = camera.verticalFovDeg;
    return views;
}

}  // namespace places::render
