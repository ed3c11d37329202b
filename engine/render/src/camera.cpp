#include "places/render/camera.hpp"

#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

namespace places::render {

glm::vec3 Camera::forward() const {
    const float h = glm::radians(headingDeg);
    const float p = glm::radians(pitchDeg);
    return {std::sin(h) * std::cos(p), std::sin(p), -std::cos(h) * std::cos(p)};
}

glm::vec3 Camera::right() const {
    const float h = glm::radians(headingDeg);
    return {std::cos(h), 0.0f, std::sin(h)};
}

glm::vec3 Camera::up() const { return glm::cross(right(), forward()); }

glm::mat4 reversedInfinitePerspective(float fovYRadians, float aspect, float nearM) {
    const float f = 1.0f / std::tan(fovYRadians * 0.5f);
    glm::mat4 m(0.0f);  // column-major: m[column][row]
    m[0][0] = f / aspect;
    m[1][1] = -f;  // Vulkan clip space has y down
    m[3][2] = nearM;
    m[2][3] = -1.0f;
    return m;
}

namespace {

EyeView makeEye(const Camera& camera, const glm::vec3& eye, float aspect) {
    EyeView v;
    v.eye = eye;
    v.view = glm::lookAtRH(eye, eye + camera.forward(), camera.up());
    v.projection = reversedInfinitePerspective(glm::radians(camera.fovYDeg), aspect, camera.nearM);
    v.viewProjection = v.projection * v.view;
    return v;
}

}  // namespace

FrameViews monoViews(const Camera& camera, float aspect) {
    FrameViews views;
    views.eyes[0] = makeEye(camera, camera.position, aspect);
    views.eyes[1] = views.eyes[0];
    views.count = 1;
    return views;
}

FrameViews stereoViews(const Camera& camera, float aspect, float ipdM) {
    FrameViews views;
    const glm::vec3 half = camera.right() * (ipdM * 0.5f);
    views.eyes[0] = makeEye(camera, camera.position - half, aspect);
    views.eyes[1] = makeEye(camera, camera.position + half, aspect);
    views.count = 2;
    return views;
}

}  // namespace places::render
