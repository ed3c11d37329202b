// Where the headset's tracking space (STAGE, or LOCAL) lies in the venue's
// local frame. Locomotion (teleport, snap turn, smooth movement, seated mode)
// moves and turns this anchor; the head itself stays wherever the runtime
// tracks it. Plain data, no OpenXR calls, so it is unit-testable.
#pragma once

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>

#include "places/render/frame_views.hpp"
#include "places/xr/xr_session.hpp"

namespace places::xr {

struct StageAnchor {
    glm::dvec3 origin{0.0};                       // stage floor centre in the local frame
    glm::dquat rotation{1.0, 0.0, 0.0, 0.0};      // stage -> local

    // A stage whose floor lies eyeHeight below `eye`, facing `yawDeg`
    // (clockwise from north = -Z, as the scene's views).
    static StageAnchor underEye(const glm::dvec3& eye, double yawDeg, double eyeHeight) {
        StageAnchor a;
        a.origin = eye - glm::dvec3(0.0, eyeHeight, 0.0);
        a.rotation = glm::angleAxis(glm::radians(-yawDeg), glm::dvec3(0.0, 1.0, 0.0));
        return a;
    }

    glm::dvec3 toLocal(const glm::dvec3& stagePoint) const { return origin + rotation * stagePoint; }

    render::HeadsetEye eye(const EyeView& view) const {
        const glm::dvec3 p{view.pose.position.x, view.pose.position.y, view.pose.position.z};
        const glm::dquat q(view.pose.orientation.w, view.pose.orientation.x, view.pose.orientation.y,
                           view.pose.orientation.z);
        render::HeadsetEye out;
        out.position = toLocal(p);
        out.orientation = rotation * q;
        out.fov.angleLeft = view.fov.angleLeft;
        out.fov.angleRight = view.fov.angleRight;
        out.fov.angleUp = view.fov.angleUp;
        out.fov.angleDown = view.fov.angleDown;
        return out;
    }
};

}  // namespace places::xr
