#include "places/xr/xr_system.hpp"

#include <cstring>
#include <vector>

#include "places/xr/xr_check.hpp"

namespace places::xr {
namespace {

std::vector<std::string> runtimeExtensions() {
    uint32_t count = 0;
    XrResult result = xrEnumerateInstanceExtensionProperties(nullptr, 0, &count, nullptr);
    if (result == XR_ERROR_RUNTIME_UNAVAILABLE || result == XR_ERROR_INSTANCE_LOST || XR_FAILED(result))
        throw XrSetupError(
            std::string("no OpenXR runtime found (") + toString(result) +
            "): start your headset's runtime (SteamVR, Monado, ...) or set XR_RUNTIME_JSON; "
            "without a headset use the simulated one (XR_RUNTIME_JSON=<build>/xr/places_xr_simulated.json)");
    std::vector<XrExtensionProperties> properties(count, {XR_TYPE_EXTENSION_PROPERTIES});
    PLACES_XR_CHECK(xrEnumerateInstanceExtensionProperties(nullptr, count, &count, properties.data()));
    std::vector<std::string> names;
    for (const auto& p : properties) names.emplace_back(p.extensionName);
    return names;
}

bool has(const std::vector<std::string>& names, const char* name) {
    for (const auto& n : names)
        if (n == name) return true;
    return false;
}

template <class F>
F procAddr(XrInstance instance, const char* name) {
    PFN_xrVoidFunction function = nullptr;
    PLACES_XR_CHECK(xrGetInstanceProcAddr(instance, name, &function));
    return reinterpret_cast<F>(function);
}

}  // namespace

XrSystem::XrSystem(const XrSystemCreateInfo& info) {
    const std::vector<std::string> offered = runtimeExtensions();
    if (!has(offered, XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME))
        throw XrSetupError("the OpenXR runtime does not support Vulkan (no " XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME
                           "): Places renders with Vulkan only");
    std::vector<const char*> extensions{XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME};
    depthLayer_ = info.wantDepthLayer && has(offered, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME);
    if (depthLayer_) extensions.push_back(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME);

    XrInstanceCreateInfo create{XR_TYPE_INSTANCE_CREATE_INFO};
    std::strncpy(create.applicationInfo.applicationName, info.applicationName, XR_MAX_APPLICATION_NAME_SIZE - 1);
    std::strncpy(create.applicationInfo.engineName, "places", XR_MAX_ENGINE_NAME_SIZE - 1);
    create.applicationInfo.apiVersion = XR_CURRENT_API_VERSION;
    create.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    create.enabledExtensionNames = extensions.data();
    XrInstance instance = XR_NULL_HANDLE;
    PLACES_XR_CHECK(xrCreateInstance(&create, &instance));
    instance_ = InstanceHandle(instance);

    XrInstanceProperties properties{XR_TYPE_INSTANCE_PROPERTIES};
    PLACES_XR_CHECK(xrGetInstanceProperties(instance, &properties));
    runtimeName_ = properties.runtimeName;

    XrSystemGetInfo system{XR_TYPE_SYSTEM_GET_INFO};
    system.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    XrResult result = xrGetSystem(instance, &system, &systemId_);
    if (result == XR_ERROR_FORM_FACTOR_UNAVAILABLE)
        throw XrSetupError("no headset connected to the OpenXR runtime '" + runtimeName_ +
                           "': plug it in and switch it on, then try again");
    checkXr(result, "xrGetSystem");
    XrSystemProperties systemProperties{XR_TYPE_SYSTEM_PROPERTIES};
    PLACES_XR_CHECK(xrGetSystemProperties(instance, systemId_, &systemProperties));
    systemName_ = systemProperties.systemName;

    // Required before any other XR_KHR_vulkan_enable2 call and before xrCreateSession.
    XrGraphicsRequirementsVulkan2KHR requirements{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    PLACES_XR_CHECK(procAddr<PFN_xrGetVulkanGraphicsRequirements2KHR>(instance, "xrGetVulkanGraphicsRequirements2KHR")(
        instance, systemId_, &requirements));
    minVulkan_ = VK_MAKE_API_VERSION(0, XR_VERSION_MAJOR(requirements.minApiVersionSupported),
                                     XR_VERSION_MINOR(requirements.minApiVersionSupported), 0);
    // Places needs Vulkan 1.3 (render::Instance); a runtime capped lower cannot drive it.
    if (XR_VERSION_MAJOR(requirements.maxApiVersionSupported) == 1 &&
        XR_VERSION_MINOR(requirements.maxApiVersionSupported) < 3)
        throw XrSetupError("the OpenXR runtime '" + runtimeName_ + "' supports Vulkan only up to 1." +
                           std::to_string(XR_VERSION_MINOR(requirements.maxApiVersionSupported)) +
                           "; Places needs Vulkan 1.3");
}

render::InstanceCreateInfo XrSystem::vulkanInstanceInfo(bool validation) const {
    render::InstanceCreateInfo info;
    info.validation = validation;
    const XrInstance instance = instance_.get();
    const XrSystemId system = systemId_;
    info.create = [instance, system](const VkInstanceCreateInfo& create, VkInstance* out) {
        XrVulkanInstanceCreateInfoKHR xrCreate{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
        xrCreate.systemId = system;
        xrCreate.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
        xrCreate.vulkanCreateInfo = &create;
        VkResult vkResult = VK_SUCCESS;
        PLACES_XR_CHECK(procAddr<PFN_xrCreateVulkanInstanceKHR>(instance, "xrCreateVulkanInstanceKHR")(
            instance, &xrCreate, out, &vkResult));
        return vkResult;
    };
    return info;
}

render::DeviceCreateInfo XrSystem::vulkanDeviceInfo(VkInstance vulkanInstance) const {
    const XrInstance instance = instance_.get();
    const XrSystemId system = systemId_;
    XrVulkanGraphicsDeviceGetInfoKHR get{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
    get.systemId = system;
    get.vulkanInstance = vulkanInstance;
    render::DeviceCreateInfo info;
    PLACES_XR_CHECK(procAddr<PFN_xrGetVulkanGraphicsDevice2KHR>(instance, "xrGetVulkanGraphicsDevice2KHR")(
        instance, &get, &info.physicalDevice));
    info.create = [instance, system](VkPhysicalDevice physical, const VkDeviceCreateInfo& create, VkDevice* out) {
        XrVulkanDeviceCreateInfoKHR xrCreate{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
        xrCreate.systemId = system;
        xrCreate.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
        xrCreate.vulkanPhysicalDevice = physical;
        xrCreate.vulkanCreateInfo = &create;
        VkResult vkResult = VK_SUCCESS;
        PLACES_XR_CHECK(procAddr<PFN_xrCreateVulkanDeviceKHR>(instance, "xrCreateVulkanDeviceKHR")(
            instance, &xrCreate, out, &vkResult));
        return vkResult;
    };
    return info;
}

}  // namespace places::xr
