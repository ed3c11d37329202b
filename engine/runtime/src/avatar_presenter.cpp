#include "places/runtime/avatar_presenter.hpp"

#include <cmath>

#include <glm/gtc/quaternion.hpp>
#include <glm/trigonometric.hpp>

namespace places::runtime {

std::size_t AvatarPresenter::present(const std::vector<render::AvatarState>& avatars, const render::FrameViews& views,
                                     double viewportHeightPx, FrameContent& content) {
    budget_.viewportHeightPx = viewportHeightPx;
    frame_ = render::buildAvatarInstances(avatars, models_, views, budget_);
    content.dynamic.insert(content.dynamic.end(), frame_.instances.begin(), frame_.instances.end());
    content.text.insert(content.text.end(), frame_.nameTags.begin(), frame_.nameTags.end());
    content.avatars = frame_.counts;
    return frame_.counts.full + frame_.counts.coarse + frame_.counts.asDots;
}

glm::quat headOrientation(double yawDeg, double pitchDeg) {
    // A compass heading turns clockwise seen from above: about +y by -yaw
    // (yaw 90 takes the face from -z, north, to +x, east); pitch about the
    // head's own x axis.
    const glm::quat yaw = glm::angleAxis(float(glm::radians(-yawDeg)), glm::vec3(0, 1, 0));
    const glm::quat pitch = glm::angleAxis(float(glm::radians(pitchDeg)), glm::vec3(1, 0, 0));
    return glm::normalize(yaw * pitch);
}

net::AvatarPose desktopVisitorPose(const render::Camera& camera, double timeSeconds) {
    net::AvatarPose pose;
    const glm::vec3 head(camera.pose.position);
    const double sway = 0.01 * std::sin(timeSeconds * 1.7);
    pose.head.position = head + glm::vec3(0.0f, float(sway), 0.0f);
    pose.head.orientation = headOrientation(camera.pose.yawDeg, camera.pose.pitchDeg);
    const glm::quat body = headOrientation(camera.pose.yawDeg, 0.0);
    // Hands hang at the hips: 0.22 m to the side, 0.75 m below the eyes, a little ahead.
    pose.leftHand.position = head + body * glm::vec3(-0.22f, -0.75f, -0.08f);
    pose.rightHand.position = head + body * glm::vec3(0.22f, -0.75f, -0.08f);
    pose.leftHand.orientation = pose.rightHand.orientation = body;
    return pose;
}

render::AvatarState toAvatarState(const net::AvatarPose& pose) {
    render::AvatarState s;
    s.head = {pose.head.position, pose.head.orientation};
    s.leftHand = {pose.leftHand.position, pose.leftHand.orientation};
    s.rightHand = {pose.rightHand.position, pose.rightHand.orientation};
    return s;
}

}  // namespace places::runtime
