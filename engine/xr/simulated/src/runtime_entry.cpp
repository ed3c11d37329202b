// The loader's way in: xrNegotiateLoaderRuntimeInterface (the only exported
// symbol) and xrGetInstanceProcAddr over the table of every function we answer.
#include <cstring>
#include <string_view>

#include "runtime_functions.hpp"

// The loader-negotiation types are in no header of the Debian 1.0.20 SDK
// (upstream keeps them in loader_interfaces.h): declared here with the upstream
// layout, which the loader ABI fixes.
extern "C" {
typedef enum XrLoaderInterfaceStructs {
    XR_LOADER_INTERFACE_STRUCT_UNINTIALIZED = 0,
    XR_LOADER_INTERFACE_STRUCT_LOADER_INFO,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST,
    XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_CREATE_INFO,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_NEXT_INFO,
    XR_LOADER_INTERFACE_STRUCTS_MAX_ENUM = 0x7FFFFFFF
} XrLoaderInterfaceStructs;

typedef struct XrNegotiateLoaderInfo {
    XrLoaderInterfaceStructs structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t minInterfaceVersion;
    uint32_t maxInterfaceVersion;
    XrVersion minApiVersion;
    XrVersion maxApiVersion;
} XrNegotiateLoaderInfo;

typedef struct XrNegotiateRuntimeRequest {
    XrLoaderInterfaceStructs structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t runtimeInterfaceVersion;
    XrVersion runtimeApiVersion;
    PFN_xrGetInstanceProcAddr getInstanceProcAddr;
} XrNegotiateRuntimeRequest;

__attribute__((visibility("default"))) XrResult XRAPI_CALL
xrNegotiateLoaderRuntimeInterface(const XrNegotiateLoaderInfo* loaderInfo, XrNegotiateRuntimeRequest* runtimeRequest);
}

namespace places::xr_sim {
namespace {

constexpr uint32_t kLoaderRuntimeInterfaceVersion = 1;
constexpr uint32_t kStructVersion = 1;

struct Entry {
    const char* name;
    PFN_xrVoidFunction function;
};

template <class F>
PFN_xrVoidFunction fn(F* f) {
    return reinterpret_cast<PFN_xrVoidFunction>(f);
}

// Functions that may be looked up without an instance (spec 3.2).
bool allowedWithoutInstance(std::string_view name) {
    return name == "xrEnumerateInstanceExtensionProperties" || name == "xrEnumerateApiLayerProperties" ||
           name == "xrCreateInstance";
}

}  // namespace

XrResult XRAPI_CALL xrGetInstanceProcAddr(XrInstance instance, const char* name, PFN_xrVoidFunction* function) {
    static const Entry kTable[] = {
        {"xrGetInstanceProcAddr", fn(&xrGetInstanceProcAddr)},
        {"xrEnumerateApiLayerProperties", fn(&xrEnumerateApiLayerProperties)},
        {"xrEnumerateInstanceExtensionProperties", fn(&xrEnumerateInstanceExtensionProperties)},
        {"xrCreateInstance", fn(&xrCreateInstance)},
        {"xrDestroyInstance", fn(&xrDestroyInstance)},
        {"xrGetInstanceProperties", fn(&xrGetInstanceProperties)},
        {"xrPollEvent", fn(&xrPollEvent)},
        {"xrResultToString", fn(&xrResultToString)},
        {"xrStructureTypeToString", fn(&xrStructureTypeToString)},
        {"xrGetSystem", fn(&xrGetSystem)},
        {"xrGetSystemProperties", fn(&xrGetSystemProperties)},
        {"xrEnumerateEnvironmentBlendModes", fn(&xrEnumerateEnvironmentBlendModes)},
        {"xrCreateSession", fn(&xrCreateSession)},
        {"xrDestroySession", fn(&xrDestroySession)},
        {"xrEnumerateReferenceSpaces", fn(&xrEnumerateReferenceSpaces)},
        {"xrCreateReferenceSpace", fn(&xrCreateReferenceSpace)},
        {"xrGetReferenceSpaceBoundsRect", fn(&xrGetReferenceSpaceBoundsRect)},
        {"xrCreateActionSpace", fn(&xrCreateActionSpace)},
        {"xrLocateSpace", fn(&xrLocateSpace)},
        {"xrDestroySpace", fn(&xrDestroySpace)},
        {"xrEnumerateViewConfigurations", fn(&xrEnumerateViewConfigurations)},
        {"xrGetViewConfigurationProperties", fn(&xrGetViewConfigurationProperties)},
        {"xrEnumerateViewConfigurationViews", fn(&xrEnumerateViewConfigurationViews)},
        {"xrEnumerateSwapchainFormats", fn(&xrEnumerateSwapchainFormats)},
        {"xrCreateSwapchain", fn(&xrCreateSwapchain)},
        {"xrDestroySwapchain", fn(&xrDestroySwapchain)},
        {"xrEnumerateSwapchainImages", fn(&xrEnumerateSwapchainImages)},
        {"xrAcquireSwapchainImage", fn(&xrAcquireSwapchainImage)},
        {"xrWaitSwapchainImage", fn(&xrWaitSwapchainImage)},
        {"xrReleaseSwapchainImage", fn(&xrReleaseSwapchainImage)},
        {"xrBeginSession", fn(&xrBeginSession)},
        {"xrEndSession", fn(&xrEndSession)},
        {"xrRequestExitSession", fn(&xrRequestExitSession)},
        {"xrWaitFrame", fn(&xrWaitFrame)},
        {"xrBeginFrame", fn(&xrBeginFrame)},
        {"xrEndFrame", fn(&xrEndFrame)},
        {"xrLocateViews", fn(&xrLocateViews)},
        {"xrStringToPath", fn(&xrStringToPath)},
        {"xrPathToString", fn(&xrPathToString)},
        {"xrCreateActionSet", fn(&xrCreateActionSet)},
        {"xrDestroyActionSet", fn(&xrDestroyActionSet)},
        {"xrCreateAction", fn(&xrCreateAction)},
        {"xrDestroyAction", fn(&xrDestroyAction)},
        {"xrSuggestInteractionProfileBindings", fn(&xrSuggestInteractionProfileBindings)},
        {"xrAttachSessionActionSets", fn(&xrAttachSessionActionSets)},
        {"xrGetCurrentInteractionProfile", fn(&xrGetCurrentInteractionProfile)},
        {"xrGetActionStateBoolean", fn(&xrGetActionStateBoolean)},
        {"xrGetActionStateFloat", fn(&xrGetActionStateFloat)},
        {"xrGetActionStateVector2f", fn(&xrGetActionStateVector2f)},
        {"xrGetActionStatePose", fn(&xrGetActionStatePose)},
        {"xrSyncActions", fn(&xrSyncActions)},
        {"xrEnumerateBoundSourcesForAction", fn(&xrEnumerateBoundSourcesForAction)},
        {"xrGetInputSourceLocalizedName", fn(&xrGetInputSourceLocalizedName)},
        {"xrApplyHapticFeedback", fn(&xrApplyHapticFeedback)},
        {"xrStopHapticFeedback", fn(&xrStopHapticFeedback)},
        {"xrGetVulkanGraphicsRequirements2KHR", fn(&xrGetVulkanGraphicsRequirements2KHR)},
        {"xrCreateVulkanInstanceKHR", fn(&xrCreateVulkanInstanceKHR)},
        {"xrCreateVulkanDeviceKHR", fn(&xrCreateVulkanDeviceKHR)},
        {"xrGetVulkanGraphicsDevice2KHR", fn(&xrGetVulkanGraphicsDevice2KHR)},
    };
    if (name == nullptr || function == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *function = nullptr;
    if (instance == XR_NULL_HANDLE && !allowedWithoutInstance(name)) return XR_ERROR_HANDLE_INVALID;
    for (const Entry& entry : kTable) {
        if (std::strcmp(entry.name, name) != 0) continue;
        // Extension functions only for instances that enabled the extension.
        if (std::string_view(name).find("Vulkan") != std::string_view::npos &&
            !from<Instance>(instance)->vulkanEnable2)
            return XR_ERROR_FUNCTION_UNSUPPORTED;
        *function = entry.function;
        return XR_SUCCESS;
    }
    return XR_ERROR_FUNCTION_UNSUPPORTED;
}

}  // namespace places::xr_sim

extern "C" XrResult XRAPI_CALL xrNegotiateLoaderRuntimeInterface(const XrNegotiateLoaderInfo* loaderInfo,
                                                                 XrNegotiateRuntimeRequest* runtimeRequest) {
    if (loaderInfo == nullptr || runtimeRequest == nullptr ||
        loaderInfo->structType != XR_LOADER_INTERFACE_STRUCT_LOADER_INFO ||
        loaderInfo->structVersion != places::xr_sim::kStructVersion ||
        loaderInfo->structSize != sizeof(XrNegotiateLoaderInfo) ||
        runtimeRequest->structType != XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST ||
        runtimeRequest->structVersion != places::xr_sim::kStructVersion ||
        runtimeRequest->structSize != sizeof(XrNegotiateRuntimeRequest))
        return XR_ERROR_INITIALIZATION_FAILED;
    if (loaderInfo->minInterfaceVersion > places::xr_sim::kLoaderRuntimeInterfaceVersion ||
        loaderInfo->maxInterfaceVersion < places::xr_sim::kLoaderRuntimeInterfaceVersion ||
        XR_VERSION_MAJOR(loaderInfo->minApiVersion) > 1 || XR_VERSION_MAJOR(loaderInfo->maxApiVersion) < 1)
        return XR_ERROR_INITIALIZATION_FAILED;
    runtimeRequest->runtimeInterfaceVersion = places::xr_sim::kLoaderRuntimeInterfaceVersion;
    runtimeRequest->runtimeApiVersion = XR_CURRENT_API_VERSION;
    runtimeRequest->getInstanceProcAddr = &places::xr_sim::xrGetInstanceProcAddr;
    return XR_SUCCESS;
}
