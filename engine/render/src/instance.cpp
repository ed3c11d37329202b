#include "places/render/instance.hpp"

#include <cstdio>
#include <cstring>

#include "driver_residency.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL onDebugMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                              VkDebugUtilsMessageTypeFlagsEXT /*types*/,
                                              const VkDebugUtilsMessengerCallbackDataEXT* data,
                                              void* user) {
    static_cast<ValidationLog*>(user)->record(severity, data->pMessage ? data->pMessage : "");
    return VK_FALSE;  // never abort the call: the log decides
}

bool hasLayer(const char* name) {
    std::uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    for (const auto& layer : layers)
        if (std::strcmp(layer.layerName, name) == 0) return true;
    return false;
}

VkDebugUtilsMessengerCreateInfoEXT messengerInfo(ValidationLog* log) {
    VkDebugUtilsMessengerCreateInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    info.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                           VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    info.pfnUserCallback = onDebugMessage;
    info.pUserData = log;
    return info;
}

}  // namespace

void ValidationLog::record(VkDebugUtilsMessageSeverityFlagBitsEXT severity, const char* message) {
    const char* level =
        (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0 ? "error" : "warning";
    std::string text = std::string("vulkan validation ") + level + ": " + message;
    std::lock_guard lock(mutex_);
    if (echo) std::fprintf(stderr, "%s\n", text.c_str());
    messages_.push_back(std::move(text));
}

std::size_t ValidationLog::count() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
}

std::vector<std::string> ValidationLog::messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

Instance::Instance(const InstanceCreateInfo& info) : log_(std::make_unique<ValidationLog>()) {
    std::uint32_t version = 0;
    PLACES_VK_CHECK(vkEnumerateInstanceVersion(&version));
    if (version < VK_API_VERSION_1_3)
        throw VulkanError("the Vulkan loader supports only version " +
                              std::to_string(VK_API_VERSION_MAJOR(version)) + "." +
                              std::to_string(VK_API_VERSION_MINOR(version)) + "; Places needs 1.3",
                          VK_ERROR_INCOMPATIBLE_DRIVER);

    std::vector<const char*> extensions = info.extensions;
    std::vector<const char*> layers;
    if (info.validation) {
        if (!hasLayer(kValidationLayer))
            throw VulkanError("validation requested but VK_LAYER_KHRONOS_validation is not installed "
                              "(Debian: vulkan-validationlayers)",
                              VK_ERROR_LAYER_NOT_PRESENT);
        layers.push_back(kValidationLayer);
        extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    }

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = info.applicationName;
    app.pEngineName = "places";
    app.apiVersion = VK_API_VERSION_1_3;

    // Chained into instance creation so messages from vkCreateInstance itself
    // are recorded too; the real messenger below covers everything after.
    VkDebugUtilsMessengerCreateInfoEXT creationMessenger = messengerInfo(log_.get());
    const VkValidationFeatureEnableEXT syncValidation =
        VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT;
    VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT};
    features.enabledValidationFeatureCount = 1;
    features.pEnabledValidationFeatures = &syncValidation;

    VkInstanceCreateInfo create{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    create.pApplicationInfo = &app;
    create.enabledLayerCount = static_cast<std::uint32_t>(layers.size());
    create.ppEnabledLayerNames = layers.data();
    create.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
    create.ppEnabledExtensionNames = extensions.data();
    if (info.validation) {
        create.pNext = &creationMessenger;
        if (info.synchronizationValidation) creationMessenger.pNext = &features;
    }
    if (info.create) checkVk(info.create(create, &instance_), "InstanceCreateInfo::create (vkCreateInstance)");
    else PLACES_VK_CHECK(vkCreateInstance(&create, nullptr, &instance_));
    keepDriversResidentForLeakCheck();

    if (info.validation) {
        auto createMessenger = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(instance_, "vkCreateDebugUtilsMessengerEXT"));
        const VkDebugUtilsMessengerCreateInfoEXT messenger = messengerInfo(log_.get());
        VkResult result = createMessenger ? createMessenger(instance_, &messenger, nullptr, &messenger_)
                                          : VK_ERROR_EXTENSION_NOT_PRESENT;
        if (result != VK_SUCCESS) {
            vkDestroyInstance(instance_, nullptr);
            checkVk(result, "vkCreateDebugUtilsMessengerEXT");
        }
    }
}

Instance::~Instance() {
    if (messenger_ != VK_NULL_HANDLE) {
        auto destroyMessenger = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(instance_, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroyMessenger) destroyMessenger(instance_, messenger_, nullptr);
    }
    vkDestroyInstance(instance_, nullptr);
}

}  // namespace places::render
