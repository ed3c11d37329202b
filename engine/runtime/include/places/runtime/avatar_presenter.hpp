#pragma once
// People in the frame: the avatars of a venue (VenueClient::avatarStates, or a
// scripted crowd) turned into the frame's dynamic instances, name tags and
// avatar counts (render::buildAvatarInstances), and this visitor's own head
// and hands for the wire, from the desktop camera.
// Frame: the scene's local frame (metres, Y up, x east, z south).
#include <vector>

#include "places/net/quantize.hpp"
#include "places/render/avatar_instances.hpp"
#include "places/runtime/frame_loop.hpp"

namespace places::runtime {

class AvatarPresenter {
public:
    AvatarPresenter(const render::AvatarModels& models, const render::AvatarBudget& budget = {})
        : models_(models), budget_(budget) {}

    // Appends the avatars to `content` for these views; the name tags' text
    // lives in this presenter until the next call. Returns the avatars drawn
    // (bodies and dots).
    std::size_t present(const std::vector<render::AvatarState>& avatars, const render::FrameViews& views,
                        double viewportHeightPx, FrameContent& content);

private:
    render::AvatarModels models_;
    render::AvatarBudget budget_;
    render::AvatarFrame frame_;
};

// Eye height of a standing desktop visitor above the ground, metres.
inline constexpr double kEyeHeightM = 1.65;

// The orientation of a head looking along compass `yawDeg`, `pitchDeg` above
// the horizon (visibility's conventions; the model's face looks down -z).
glm::quat headOrientation(double yawDeg, double pitchDeg);

// A desktop visitor's avatar pose: the head at the camera, hands resting
// at the sides (turned with the yaw), a slight sway at `timeSeconds` so a
// visitor standing still is still seen as present.
net::AvatarPose desktopVisitorPose(const render::Camera& camera, double timeSeconds);

// The same as a render::AvatarState (for drawing one's own avatar in tests).
render::AvatarState toAvatarState(const net::AvatarPose& pose);

}  // namespace places::runtime
