#include "places/render/frame_views.hpp"

#include <algorithm>
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

FrameViews headsetViews(const std::array<HeadsetEye, 2>& eyes, double nearPlane) {
    auto viewProjection = [](visibility::FovProjection fov, double nearZ, const glm::dvec3& position,
                             const glm::dquat& orientation) {
        fov.nearPlane = nearZ;
        fov.farPlane = 0.0;  // infinite, reverse-Z
        fov.reverseZ = true;
        return visibility::projectionMatrix(fov) * visibility::viewMatrix(position, orientation);
    };
    FrameViews views;
    for (std::uint32_t i = 0; i < 2; ++i) {
        const HeadsetEye& eye = eyes[i];
        const glm::dmat4 matrix = viewProjection(eye.fov, nearPlane, eye.position, eye.orientation);
        views.eyes[i] = {glm::mat4(matrix), glm::vec3(eye.position)};
        views.culling[i] = {eye.position, visibility::frustumFromViewProjection(matrix), 0.0};
    }
    visibility::FovProjection both = eyes[0].fov;
    both.angleLeft = std::min(eyes[0].fov.angleLeft, eyes[1].fov.angleLeft);
    both.angleRight = std::max(eyes[0].fov.angleRight, eyes[1].fov.angleRight);
    both.angleUp = std::max(eyes[0].fov.angleUp, eyes[1].fov.angleUp);
    both.angleDown = std::min(eyes[0].fov.angleDown, eyes[1].fov.angleDown);
    const glm::dvec3 middle = (eyes[0].position + eyes[1].position) * 0.5;
    const double halfIpd = glm::length(eyes[1].position - eyes[0].position) * 0.5;
    const glm::dquat orientation = glm::slerp(eyes[0].orientation, eyes[1].orientation, 0.5);
    // Back far enough for the narrower side to pass the outer eye; the near
    // plane moves back with the apex and stays where the eyes' near planes are.
    const double tanSide = std::min(std::tan(-both.angleLeft), std::tan(both.angleRight));
    const double back = tanSide > 1e-6 ? halfIpd / tanSide : 0.0;
    const glm::dvec3 apex = middle - (orientation * glm::dvec3(0.0, 0.0, -1.0)) * back;
    views.combined = {middle,
                      visibility::frustumFromViewProjection(viewProjection(both, nearPlane + back, apex, orientation)),
                      halfIpd};
    views.count = 2;
    views.verticalFovDeg = glm::degrees(both.angleUp - both.angleDown);
    return views;
}

}  // namespace places::render
