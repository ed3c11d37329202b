#include "places/xr_front/headset_rig.hpp"

#include <cstdio>
#include <string>

#include "places/render/render_targets.hpp"

namespace places::xr_front {

namespace {

render::HeadlessCreateInfo headlessInfo(const xr::EyeSwapchains& eyes, const HeadsetRigSettings& s) {
    const VkExtent2D extent = eyes.extent();
    render::HeadlessCreateInfo info{extent.width, extent.height, 2, s.msaa,
                                    visibility::kDefaultMaxScreenSpaceErrorPx, s.font};
    info.stereoPath = s.stereoPath;
    info.keepDepth = eyes.depthLayer();
    return info;
}

}  // namespace

bool openXrSystem(std::optional<xr::XrSystem>& system, const char* appName, const char* who) {
    try {
        system.emplace(xr::XrSystemCreateInfo{appName});
        return true;
    } catch (const xr::XrSetupError& e) {
        std::fprintf(stderr, "%s: %s\n", who, e.what());
        return false;
    }
}

// The depth swapchains only in the renderer's depth format: the depth is
// copied into them, not converted; both kinds are written by transfers.
HeadsetRig::HeadsetRig(const xr::XrSystem& system, render::Gpu& gpu, const HeadsetRigSettings& settings)
    : session(system, gpu.device),
      eyes(session, gpu.device,
           {settings.swapchains, system.depthLayerEnabled(), XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT, render::kDepthFormat,
            XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT}),
      actions(system, session),
      headless(gpu, headlessInfo(eyes, settings)),
      target(session, eyes, headless) {}

std::string HeadsetRig::describe() const {
    std::string out = eyes.layout() == xr::SwapchainLayout::ArrayLayers ? "2-layer" : "per-eye";
    out += " swapchains, depth layer ";
    out += target.depthLayer()   ? "on"
           : !eyes.depthLayer() ? "off (the runtime offers no D32 depth layer)"
                                : "off (the device offers no depth resolve for its multisampled depth)";
    return out;
}

}  // namespace places::xr_front
