#pragma once
// The Vulkan instance and, when validation is requested, the validation layer
// with a debug-utils messenger that records every warning and error. Tests and
// `--validation` runs fail when ValidationLog::count() is not zero.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

namespace places::render {

// Messages from the validation layer. Thread-safe: the layer may call back from
// any thread that makes Vulkan calls.
class ValidationLog {
public:
    void record(VkDebugUtilsMessageSeverityFlagBitsEXT severity, const char* message);
    std::size_t count() const;
    std::vector<std::string> messages() const;
    // Messages also go to stderr as they arrive unless quiet (tests that
    // expect messages set this).
    bool echo = true;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> messages_;
};

struct InstanceCreateInfo {
    const char* applicationName = "places";
    bool validation = false;            // VK_LAYER_KHRONOS_validation + messenger
    bool synchronizationValidation = false;  // also VkValidationFeaturesEXT sync validation
    std::vector<const char*> extensions;     // e.g. from glfwGetRequiredInstanceExtensions
    // Who creates the VkInstance: empty = vkCreateInstance. An OpenXR runtime
    // with XR_KHR_vulkan_enable2 creates it itself (xrCreateVulkanInstanceKHR)
    // and may add the extensions it needs; the validation messenger is still ours.
    std::function<VkResult(const VkInstanceCreateInfo&, VkInstance*)> create;
};

class Instance {
public:
    // Throws VulkanError when Vulkan 1.3 or a requested layer/extension is missing.
    explicit Instance(const InstanceCreateInfo& info);
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    VkInstance handle() const { return instance_; }
    bool validationEnabled() const { return messenger_ != VK_NULL_HANDLE; }
    // Empty (count 0) when validation is off.
    const ValidationLog& validationLog() const { return *log_; }
    ValidationLog& validationLog() { return *log_; }

private:
    VkInstance instance_ = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
    std::unique_ptr<ValidationLog> log_;  // stable address: the messenger's user data
};

}  // namespace places::render
