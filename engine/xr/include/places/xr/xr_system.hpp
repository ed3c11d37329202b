#pragma once
// The OpenXR instance and the headset ("system"), and the Vulkan instance and
// device the runtime asks for (XR_KHR_vulkan_enable2: the runtime creates both,
// adding what it needs; the renderer's Instance/Device take these as hooks).
//
// Clear errors (XrSetupError, a message for the user) when there is no runtime,
// the runtime has no Vulkan support, or no headset is connected.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "places/render/device.hpp"
#include "places/render/instance.hpp"
#include "places/xr/xr_handle.hpp"

namespace places::xr {

class XrSetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct XrSystemCreateInfo {
    const char* applicationName = "places";
    bool wantDepthLayer = true;  // enable XR_KHR_composition_layer_depth when offered
};

class XrSystem {
public:
    // Throws XrSetupError with a user-facing message, XrError for other failures.
    explicit XrSystem(const XrSystemCreateInfo& info);

    XrInstance instance() const { return instance_.get(); }
    XrSystemId systemId() const { return systemId_; }
    const std::string& runtimeName() const { return runtimeName_; }
    const std::string& systemName() const { return systemName_; }
    bool depthLayerEnabled() const { return depthLayer_; }
    std::uint32_t minVulkanVersion() const { return minVulkan_; }  // VK_MAKE_API_VERSION-style

    // Hooks for render::InstanceCreateInfo::create / DeviceCreateInfo::create:
    // the runtime creates the Vulkan instance and device.
    render::InstanceCreateInfo vulkanInstanceInfo(bool validation) const;
    // The physical device the headset is attached to, and the hook that creates the device.
    render::DeviceCreateInfo vulkanDeviceInfo(VkInstance vulkanInstance) const;

private:
    InstanceHandle instance_;
    XrSystemId systemId_ = XR_NULL_SYSTEM_ID;
    std::string runtimeName_, systemName_;
    bool depthLayer_ = false;
    std::uint32_t minVulkan_ = 0;
};

}  // namespace places::xr
