#pragma once
// `places xr SCENE`: the scene in an OpenXR headset, run through the client
// runtime's FrameLoop like the desktop and headless views: HeadsetSource
// (controllers, locomotion, the located eyes) as the view source,
// XrSwapchainTarget (render, blit into the eye swapchains, end the frame) as
// the target. Joined to a relay (join.relay set) the visitor arrives on the
// ring around the scene's spawn like a desktop visitor, sends head and hands
// once per displayed frame (at most kHeadsetPoseRateHz), sees the others as
// avatars through VenueLayer, and leaves with a Bye however the run ends
// (--frames, the runtime ending the session, Ctrl-C, session loss).
#include <atomic>
#include <cstdint>
#include <string>

#include "places/render/antialiasing.hpp"
#include "places/render/stereo_path.hpp"
#include "places/runtime/scene_signs.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/voice_link.hpp"
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/locomotion.hpp"

namespace places::xr_front {

struct HeadsetViewSettings {
    std::string scene;              // as for runtime::loadRenderScene
    std::string view;               // named view: where the visitor stands (alone), or the ring's centre (joined)
    std::uint64_t frames = 0;       // leave after this many rendered frames; 0 = until the headset ends
    bool validation = false;        // Vulkan validation layer; any message fails (exit 1)
    render::StereoPath stereoPath = render::StereoPath::Auto;
    render::Msaa msaa = render::Msaa::Auto;
    xr::SwapchainLayout swapchains = xr::SwapchainLayout::ArrayLayers;  // per-eye also when arrays are refused
    xr::LocomotionSettings locomotion;
    std::string summary;            // write where the visitor ended up (and the venue's counts) as JSON here
    runtime::VenueJoinSettings join;  // join.relay empty: alone
    runtime::VoiceOptions voice;      // joined only
    const std::atomic<bool>* stop = nullptr;  // set (e.g. by SIGINT): leave cleanly at the next frame
    runtime::EventClock clock;  // what the stage screens show (--clock)
};

// Exit code: 0 ok; 1 runtime failure (no OpenXR runtime, no Vulkan support in
// it, no headset: one line naming which; session lost; validation messages;
// summary not written); 2 bad input (scene, view, relay, ticket).
// XR and Vulkan errors other than these are thrown.
int runHeadsetView(const HeadsetViewSettings& settings);

}  // namespace places::xr_front
