#pragma once
// The headset's view source for runtime::FrameLoop: each frame syncs the
// controllers, applies locomotion (teleport, snap turn, smooth walking, seated
// floor) to where the tracking space lies in the venue, and gives both eyes'
// views from the poses and fields of view the runtime located for the frame's
// predicted display time. It also says where this visitor's head and hands
// are in the venue (for the relay). Single-threaded: the frame loop's thread.
#include "places/net/quantize.hpp"
#include "places/runtime/frame_loop.hpp"
#include "places/xr/locomotion.hpp"
#include "places/xr/xr_actions.hpp"
#include "places/xr_front/xr_swapchain_target.hpp"

namespace places::xr_front {

class HeadsetSource final : public runtime::ViewSource {
public:
    // All must outlive the source; `target` gives the frame's timing.
    HeadsetSource(const xr::Session& session, xr::Actions& actions, xr::Locomotion& locomotion,
                  const XrSwapchainTarget& target)
        : session_(session), actions_(actions), locomotion_(locomotion), target_(target) {}

    render::FrameViews views(const runtime::FrameExtent& extent) override;

    // This frame's head in the play space, and the controllers as synced.
    const xr::StagePose& head() const { return head_; }
    const xr::ControllerState& controllers() const { return pad_; }
    // This visitor's head and hands in the venue frame, for the relay.
    net::AvatarPose visitorPose() const;
    // Thread CPU time of the last views(): action sync and state queries,
    // controller space locations, locomotion (for `places bench xr`'s
    // breakdown; measured only with phaseTimers, as XrSwapchainTarget's).
    double inputCpuMilliseconds() const { return inputCpuMilliseconds_; }
    bool phaseTimers = false;

private:
    const xr::Session& session_;
    xr::Actions& actions_;
    xr::Locomotion& locomotion_;
    const XrSwapchainTarget& target_;
    xr::StagePose head_;
    xr::ControllerState pad_;
    XrTime previousDisplayTime_ = 0;
    double inputCpuMilliseconds_ = 0.0;
};

// The head and tracked hands (grip poses, play space) placed in the venue by
// `anchor`. An untracked hand hangs at the hip, turned with the head's yaw,
// as a desktop visitor's do, so other visitors never see a hand in the face.
net::AvatarPose headsetVisitorPose(const xr::StageAnchor& anchor, const xr::StagePose& head,
                                   const xr::ControllerState& pad);

// Poses go to the relay once per displayed frame, up to the protocol's
// ceiling for clients (docs/formats/protocol.md: 30-90 Hz; the Welcome
// carries no per-relay limit): the client joins with this rate and is
// serviced once per frame, so a 72 Hz headset sends 72 poses a second and a
// 120 Hz one is decimated to 90.
inline constexpr std::uint32_t kHeadsetPoseRateHz = 90;

}  // namespace places::xr_front
