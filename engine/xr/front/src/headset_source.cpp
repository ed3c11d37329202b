#include "places/xr_front/headset_source.hpp"

#include <array>
#include <cmath>

#include <glm/gtc/quaternion.hpp>

#include "places/render/renderer.hpp"
#include "places/xr/locomotion_input.hpp"

namespace places::xr_front {

render::FrameViews HeadsetSource::views(const runtime::FrameExtent&) {
    // The eyes were located for this frame's predicted display time by the
    // target's beginFrame(); the controllers are read for the same time.
    const double start = phaseTimers ? render::threadCpuMilliseconds() : 0.0;
    const xr::FrameTiming& timing = target_.timing();
    pad_ = actions_.sync(session_, timing.predictedDisplayTime);
    const xr::LocomotionInput input = xr::locomotionInput(pad_, timing, previousDisplayTime_);
    head_ = input.head;
    locomotion_.update(input);
    previousDisplayTime_ = timing.predictedDisplayTime;
    const xr::StageAnchor& anchor = locomotion_.anchor();
    if (phaseTimers) inputCpuMilliseconds_ = render::threadCpuMilliseconds() - start;
    return render::headsetViews({anchor.eye(timing.eyes[0]), anchor.eye(timing.eyes[1])}, kHeadsetNearPlane);
}

net::AvatarPose HeadsetSource::visitorPose() const { return headsetVisitorPose(locomotion_.anchor(), head_, pad_); }

net::AvatarPose headsetVisitorPose(const xr::StageAnchor& anchor, const xr::StagePose& head,
                                   const xr::ControllerState& pad) {
    auto toVenue = [&](const xr::StagePose& p) {
        return net::Pose{glm::vec3(anchor.toLocal(p.position)), glm::quat(glm::normalize(anchor.rotation * p.orientation))};
    };
    net::AvatarPose pose;
    pose.head = toVenue(head);
    // The body turns with the head's yaw only (no pitch or roll): forward is
    // the head's -Z flattened onto the floor.
    glm::dvec3 forward = pose.head.orientation * glm::vec3(0.0f, 0.0f, -1.0f);
    forward.y = 0.0;
    const double length = glm::length(forward);
    const glm::dvec3 ahead = length > 1e-6 ? forward / length : glm::dvec3(0.0, 0.0, -1.0);
    // A turn about +Y by a takes -Z to (-sin a, 0, -cos a).
    const glm::dquat body = glm::angleAxis(std::atan2(-ahead.x, -ahead.z), glm::dvec3(0.0, 1.0, 0.0));
    const std::array<double, 2> side{-0.22, 0.22};  // left, right: hands hang at the hips, as a desktop visitor's
    for (std::size_t hand = 0; hand < 2; ++hand) {
        net::Pose& out = hand == 0 ? pose.leftHand : pose.rightHand;
        if (pad.handTracked[hand]) {
            out = toVenue(xr::stagePose(pad.handPose[hand]));
        } else {
            out.position = glm::vec3(glm::dvec3(pose.head.position) + body * glm::dvec3(side[hand], -0.75, -0.08));
            out.orientation = glm::quat(body);
        }
    }
    return pose;
}

}  // namespace places::xr_front
