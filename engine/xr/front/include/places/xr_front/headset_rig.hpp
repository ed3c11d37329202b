#pragma once
// What a headset frame loop runs on, built in the order OpenXR needs: the
// session on the runtime's Vulkan device, the eye swapchains (2-layer or per
// eye, with depth swapchains when the runtime offers the depth layer), the
// controller actions, the two-view headless renderer at the eyes' size
// (keeping its depth for the depth layer) and the XrSwapchainTarget over
// them. Shared by `places xr` (runHeadsetView) and `places bench xr`, so both
// run the same frames.
#include <memory>
#include <optional>
#include <string>

#include "places/render/font_atlas.hpp"
#include "places/render/gpu.hpp"
#include "places/render/headless.hpp"
#include "places/render/stereo_path.hpp"
#include "places/xr/eye_swapchains.hpp"
#include "places/xr/xr_actions.hpp"
#include "places/xr/xr_session.hpp"
#include "places/xr/xr_system.hpp"
#include "places/xr_front/xr_swapchain_target.hpp"

namespace places::xr_front {

// Opens the OpenXR system (instance with Vulkan, the headset) into `system`;
// false after "<who>: no OpenXR runtime / ... " on stderr when there is no
// runtime, no Vulkan support in it or no headset (exit 1 for the caller).
bool openXrSystem(std::optional<xr::XrSystem>& system, const char* appName, const char* who);

struct HeadsetRigSettings {
    xr::SwapchainLayout swapchains = xr::SwapchainLayout::ArrayLayers;  // per-eye also when arrays are refused
    render::StereoPath stereoPath = render::StereoPath::Auto;
    render::Msaa msaa = render::Msaa::Auto;
    std::shared_ptr<const render::FontAtlas> font;  // world text (menu card, name tags); may be null
};

struct HeadsetRig {
    // `system` and `gpu` (made from system's Vulkan hooks) must outlive it.
    HeadsetRig(const xr::XrSystem& system, render::Gpu& gpu, const HeadsetRigSettings& settings);

    xr::Session session;
    xr::EyeSwapchains eyes;
    xr::Actions actions;
    render::HeadlessRenderer headless;
    XrSwapchainTarget target;

    // "2-layer swapchains, depth layer on" or why it is off, for the log.
    std::string describe() const;
};

}  // namespace places::xr_front
