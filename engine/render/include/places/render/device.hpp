#pragma once
// Physical device choice and the logical device with one graphics queue.
// Choice: discrete > integrated > virtual > CPU, among devices with Vulkan 1.3,
// dynamic rendering, synchronization2, timeline semaphores and multiview;
// DeviceCreateInfo::gpuFilter (case-insensitive substring of the device name,
// `--gpu NAME`) overrides the ranking.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

namespace places::render {

class Instance;

struct DeviceCreateInfo {
    std::string gpuFilter;                      // empty = best device by type
    VkSurfaceKHR presentSurface = VK_NULL_HANDLE;  // set: queue must present to it, swapchain on
    // Set: this device and no other (the one an OpenXR runtime drives the
    // headset with); it must still meet the requirements above.
    VkPhysicalDevice physicalDevice = VK_NULL_HANDLE;
    std::vector<const char*> extensions;  // device extensions a caller (an XR runtime) requires
    // Who creates the VkDevice: empty = vkCreateDevice. With XR_KHR_vulkan_enable2
    // the runtime does (xrCreateVulkanDeviceKHR), adding what it needs.
    std::function<VkResult(VkPhysicalDevice, const VkDeviceCreateInfo&, VkDevice*)> create;
};

// What the chosen device can do beyond the required core, decided once.
struct DeviceCapabilities {
    bool multiDrawIndirect = false;
    bool drawIndirectCount = false;
    bool samplerAnisotropy = false;
    bool timestamps = false;              // graphics queue has timestampValidBits
    bool cpuDevice = false;               // a software rasteriser: device memory is our process's memory
    float timestampPeriodNs = 1.0f;
    VkSampleCountFlagBits msaaSamples = VK_SAMPLE_COUNT_1_BIT;  // 4 where colour+depth allow
    // VkPhysicalDeviceDepthStencilResolveProperties::supportedDepthResolveModes:
    // how a multisampled depth can be resolved inside a pass (the OpenXR depth layer).
    VkResolveModeFlags depthResolveModes = 0;
    std::uint32_t maxMultiviewViewCount = 0;
    std::uint32_t maxDrawIndirectCount = 1;
    VkDeviceSize nonCoherentAtomSize = 1;
    VkDeviceSize minStorageBufferOffsetAlignment = 1;
    VkDeviceSize minUniformBufferOffsetAlignment = 1;
};

// One device found by enumeration, for `--gpu` listings and messages.
struct PhysicalDeviceInfo {
    VkPhysicalDevice handle = VK_NULL_HANDLE;
    std::string name;
    VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
    std::uint32_t apiVersion = 0;
    std::string unsuitableReason;  // empty = usable
};
std::vector<PhysicalDeviceInfo> enumeratePhysicalDevices(const Instance& instance,
                                                         VkSurfaceKHR presentSurface);
const char* toString(VkPhysicalDeviceType type);

class Device {
public:
    // Throws VulkanError when no usable device matches.
    Device(const Instance& instance, const DeviceCreateInfo& info);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    VkDevice handle() const { return device_; }
    VkPhysicalDevice physical() const { return physical_; }
    VkInstance instance() const { return instance_; }
    VkQueue graphicsQueue() const { return queue_; }
    std::uint32_t graphicsFamily() const { return family_; }
    const std::string& name() const { return name_; }
    VkPhysicalDeviceType type() const { return type_; }
    const DeviceCapabilities& capabilities() const { return caps_; }
    const VkPhysicalDeviceMemoryProperties& memoryProperties() const { return memory_; }
    bool supportsFormat(VkFormat format, VkFormatFeatureFlags2 optimalFeatures) const;

    void waitIdle() const;

private:
    VkInstance instance_ = VK_NULL_HANDLE;
    VkPhysicalDevice physical_ = VK_NULL_HANDLE;
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    std::uint32_t family_ = 0;
    std::string name_;
    VkPhysicalDeviceType type_ = VK_PHYSICAL_DEVICE_TYPE_OTHER;
    DeviceCapabilities caps_;
    VkPhysicalDeviceMemoryProperties memory_{};
};

}  // namespace places::render
