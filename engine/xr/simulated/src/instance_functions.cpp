// Instance, system, paths, events and the string functions.
#include <cstdio>
#include <cstring>

#include "runtime_functions.hpp"

#include <openxr/openxr_reflection.h>  // after: runtime_functions.hpp sets XR_NO_PROTOTYPES

namespace places::xr_sim {
namespace {

constexpr const char* kRuntimeName = "Places simulated headset";

// Writes `text` into an OpenXR two-call string buffer.
XrResult writeString(const std::string& text, uint32_t capacity, uint32_t* count, char* buffer) {
    if (count == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *count = static_cast<uint32_t>(text.size() + 1);
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < *count || buffer == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    std::memcpy(buffer, text.c_str(), text.size() + 1);
    return XR_SUCCESS;
}

struct ExtensionOffer {
    const char* name;
    uint32_t version;
};

std::vector<ExtensionOffer> offeredExtensions(const SimConfig& config) {
    std::vector<ExtensionOffer> offers;
    if (config.vulkanExtension)
        offers.push_back({XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, XR_KHR_vulkan_enable2_SPEC_VERSION});
    if (config.depthExtension)
        offers.push_back({XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, XR_KHR_composition_layer_depth_SPEC_VERSION});
    return offers;
}

// The config is read once per call that needs it before an instance exists;
// errors go to stderr (the runtime has no other channel before xrCreateInstance).
Result<SimConfig> configOrReport() {
    Result<SimConfig> config = loadSimConfigFromEnvironment();
    for (const Diagnostic& d : config.diagnostics.items())
        std::fprintf(stderr, "places simulated XR runtime: %s\n", d.format().c_str());
    return config;
}

}  // namespace

XrPath Instance::pathFor(const std::string& text) {
    std::lock_guard lock(mutex);
    auto found = pathIds.find(text);
    if (found != pathIds.end()) return found->second;
    XrPath id = paths.size();
    paths.push_back(text);
    pathIds.emplace(text, id);
    return id;
}

std::string Instance::pathText(XrPath path) {
    std::lock_guard lock(mutex);
    return path < paths.size() ? paths[path] : std::string();
}

void Instance::pushEvent(const void* event, std::size_t size) {
    XrEventDataBuffer buffer{};
    std::memcpy(&buffer, event, std::min(size, sizeof(buffer)));
    std::lock_guard lock(mutex);
    events.push_back(buffer);
}

XrResult XRAPI_CALL xrEnumerateApiLayerProperties(uint32_t, uint32_t* countOutput, XrApiLayerProperties*) {
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *countOutput = 0;  // layers are the loader's business
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateInstanceExtensionProperties(const char* layerName, uint32_t capacity,
                                                           uint32_t* countOutput, XrExtensionProperties* properties) {
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    if (layerName != nullptr) return XR_ERROR_API_LAYER_NOT_PRESENT;
    Result<SimConfig> config = configOrReport();
    if (!config.value) return XR_ERROR_RUNTIME_FAILURE;
    auto offers = offeredExtensions(*config.value);
    *countOutput = static_cast<uint32_t>(offers.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < offers.size() || properties == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    for (std::size_t i = 0; i < offers.size(); ++i) {
        std::snprintf(properties[i].extensionName, XR_MAX_EXTENSION_NAME_SIZE, "%s", offers[i].name);
        properties[i].extensionVersion = offers[i].version;
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrCreateInstance(const XrInstanceCreateInfo* info, XrInstance* instance) {
    if (info == nullptr || instance == nullptr || info->type != XR_TYPE_INSTANCE_CREATE_INFO)
        return XR_ERROR_VALIDATION_FAILURE;
    if (XR_VERSION_MAJOR(info->applicationInfo.apiVersion) != 1) return XR_ERROR_API_VERSION_UNSUPPORTED;
    if (info->enabledApiLayerCount > 0) return XR_ERROR_API_LAYER_NOT_PRESENT;
    Result<SimConfig> config = configOrReport();
    if (!config.ok()) return XR_ERROR_RUNTIME_FAILURE;
    auto object = std::make_unique<Instance>();
    object->config = *config.value;
    auto offers = offeredExtensions(object->config);
    for (uint32_t i = 0; i < info->enabledExtensionCount; ++i) {
        const char* name = info->enabledExtensionNames[i];
        bool offered = false;
        for (const ExtensionOffer& offer : offers) offered = offered || std::strcmp(offer.name, name) == 0;
        if (!offered) return XR_ERROR_EXTENSION_NOT_PRESENT;
        if (std::strcmp(name, XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME) == 0) object->vulkanEnable2 = true;
        if (std::strcmp(name, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME) == 0) object->depthEnabled = true;
    }
    *instance = to<XrInstance>(object.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrDestroyInstance(XrInstance instance) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    // Child handles die with the instance (spec 2.10): sessions first.
    while (!object->sessions.empty()) xrDestroySession(to<XrSession>(*object->sessions.begin()));
    delete object;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrGetInstanceProperties(XrInstance instance, XrInstanceProperties* properties) {
    if (instance == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    if (properties == nullptr || properties->type != XR_TYPE_INSTANCE_PROPERTIES) return XR_ERROR_VALIDATION_FAILURE;
    properties->runtimeVersion = XR_MAKE_VERSION(0, 1, 0);
    std::snprintf(properties->runtimeName, XR_MAX_RUNTIME_NAME_SIZE, "%s", kRuntimeName);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrPollEvent(XrInstance instance, XrEventDataBuffer* eventData) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (eventData == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    std::lock_guard lock(object->mutex);
    if (object->events.empty()) return XR_EVENT_UNAVAILABLE;
    *eventData = object->events.front();
    object->events.pop_front();
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrResultToString(XrInstance instance, XrResult value, char buffer[XR_MAX_RESULT_STRING_SIZE]) {
    if (instance == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    const char* name = nullptr;
    switch (value) {
#define PLACES_XR_RESULT_CASE(n, v) \
    case n: name = #n; break;
        XR_LIST_ENUM_XrResult(PLACES_XR_RESULT_CASE)
#undef PLACES_XR_RESULT_CASE
        default: break;
    }
    if (name) std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "%s", name);
    else std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "XR_%s_%d", value < 0 ? "UNKNOWN_FAILURE" : "UNKNOWN_SUCCESS",
                       static_cast<int>(value));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrStructureTypeToString(XrInstance instance, XrStructureType value,
                                            char buffer[XR_MAX_STRUCTURE_NAME_SIZE]) {
    if (instance == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    const char* name = nullptr;
    switch (value) {
#define PLACES_XR_TYPE_CASE(n, v) \
    case n: name = #n; break;
        XR_LIST_ENUM_XrStructureType(PLACES_XR_TYPE_CASE)
#undef PLACES_XR_TYPE_CASE
        default: break;
    }
    if (name) std::snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "%s", name);
    else std::snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "XR_UNKNOWN_STRUCTURE_TYPE_%d", static_cast<int>(value));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrGetSystem(XrInstance instance, const XrSystemGetInfo* info, XrSystemId* systemId) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || systemId == nullptr || info->type != XR_TYPE_SYSTEM_GET_INFO)
        return XR_ERROR_VALIDATION_FAILURE;
    if (info->formFactor != XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY && info->formFactor != XR_FORM_FACTOR_HANDHELD_DISPLAY)
        return XR_ERROR_FORM_FACTOR_UNSUPPORTED;
    // "No headset": the form factor is supported but nothing is plugged in.
    if (info->formFactor != XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY || !object->config.headsetPresent)
        return XR_ERROR_FORM_FACTOR_UNAVAILABLE;
    *systemId = kSystemId;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrGetSystemProperties(XrInstance instance, XrSystemId systemId, XrSystemProperties* properties) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (properties == nullptr || properties->type != XR_TYPE_SYSTEM_PROPERTIES) return XR_ERROR_VALIDATION_FAILURE;
    properties->systemId = kSystemId;
    properties->vendorId = 0x504C;  // "PL"
    std::snprintf(properties->systemName, XR_MAX_SYSTEM_NAME_SIZE, "%s", kRuntimeName);
    properties->graphicsProperties.maxSwapchainImageWidth = 8192;
    properties->graphicsProperties.maxSwapchainImageHeight = 8192;
    properties->graphicsProperties.maxLayerCount = XR_MIN_COMPOSITION_LAYERS_SUPPORTED;
    properties->trackingProperties.orientationTracking = XR_TRUE;
    properties->trackingProperties.positionTracking = XR_TRUE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateEnvironmentBlendModes(XrInstance instance, XrSystemId systemId,
                                                     XrViewConfigurationType viewType, uint32_t capacity,
                                                     uint32_t* countOutput, XrEnvironmentBlendMode* modes) {
    if (instance == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    if (systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (viewType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO) return XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED;
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *countOutput = 1;
    if (capacity == 0) return XR_SUCCESS;
    if (modes == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    modes[0] = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateViewConfigurations(XrInstance instance, XrSystemId systemId, uint32_t capacity,
                                                  uint32_t* countOutput, XrViewConfigurationType* types) {
    if (instance == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    if (systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *countOutput = 1;
    if (capacity == 0) return XR_SUCCESS;
    if (types == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    types[0] = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrGetViewConfigurationProperties(XrInstance instance, XrSystemId systemId,
                                                     XrViewConfigurationType viewType,
                                                     XrViewConfigurationProperties* properties) {
    if (instance == XR_NULL_HANDLE) return XR_ERROR_HANDLE_INVALID;
    if (systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (viewType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO) return XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED;
    if (properties == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    properties->viewConfigurationType = viewType;
    properties->fovMutable = XR_FALSE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateViewConfigurationViews(XrInstance instance, XrSystemId systemId,
                                                      XrViewConfigurationType viewType, uint32_t capacity,
                                                      uint32_t* countOutput, XrViewConfigurationView* views) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (viewType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO) return XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED;
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *countOutput = 2;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < 2 || views == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    for (uint32_t i = 0; i < 2; ++i) {
        views[i].recommendedImageRectWidth = object->config.eyeWidth;
        views[i].recommendedImageRectHeight = object->config.eyeHeight;
        views[i].maxImageRectWidth = 8192;
        views[i].maxImageRectHeight = 8192;
        views[i].recommendedSwapchainSampleCount = 1;
        views[i].maxSwapchainSampleCount = 1;
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrStringToPath(XrInstance instance, const char* pathString, XrPath* path) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (pathString == nullptr || path == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    // Well-formed (spec 6.1): absolute, no empty/"."/".." components, no trailing
    // slash, characters from [a-z0-9-_.].
    std::string text(pathString);
    if (text.size() < 2 || text.size() >= XR_MAX_PATH_LENGTH || text[0] != '/' || text.back() == '/')
        return XR_ERROR_PATH_FORMAT_INVALID;
    std::size_t start = 1;
    for (std::size_t i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '/') {
            std::string component = text.substr(start, i - start);
            if (component.empty() || component == "." || component == "..") return XR_ERROR_PATH_FORMAT_INVALID;
            start = i + 1;
            continue;
        }
        char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return XR_ERROR_PATH_FORMAT_INVALID;
    }
    *path = object->pathFor(text);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrPathToString(XrInstance instance, XrPath path, uint32_t capacity, uint32_t* countOutput,
                                   char* buffer) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    std::string text = object->pathText(path);
    if (path == XR_NULL_PATH || text.empty()) return XR_ERROR_PATH_INVALID;
    return writeString(text, capacity, countOutput, buffer);
}

XrResult XRAPI_CALL xrGetInputSourceLocalizedName(XrSession session, const XrInputSourceLocalizedNameGetInfo* info,
                                                  uint32_t capacity, uint32_t* countOutput, char* buffer) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    std::string text = object->instance->pathText(info->sourcePath);
    if (text.empty()) return XR_ERROR_PATH_INVALID;
    return writeString(text, capacity, countOutput, buffer);
}

}  // namespace places::xr_sim
