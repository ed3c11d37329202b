#include "places/render/device.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "places/render/instance.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

namespace {

struct FeatureChain {
    VkPhysicalDeviceFeatures2 core{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    VkPhysicalDeviceVulkan11Features v11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features v12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceVulkan13Features v13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    FeatureChain() {
        core.pNext = &v11;
        v11.pNext = &v12;
        v12.pNext = &v13;
    }
    FeatureChain(const FeatureChain&) = delete;
    FeatureChain& operator=(const FeatureChain&) = delete;
};

std::optional<std::uint32_t> findGraphicsFamily(VkPhysicalDevice device, VkSurfaceKHR surface) {
    std::uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
    for (std::uint32_t i = 0; i < count; ++i) {
        if ((families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) == 0) continue;
        if (surface != VK_NULL_HANDLE) {
            VkBool32 present = VK_FALSE;
            vkGetPhysicalDeviceSurfaceSupportKHR(device, i, surface, &present);
            if (!present) continue;
        }
        return i;
    }
    return std::nullopt;
}

std::string unsuitableReason(VkPhysicalDevice device, VkSurfaceKHR surface) {
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(device, &props);
    if (props.apiVersion < VK_API_VERSION_1_3) return "Vulkan 1.3 not supported";
    FeatureChain f;
    vkGetPhysicalDeviceFeatures2(device, &f.core);
    if (!f.v13.dynamicRendering) return "no dynamicRendering";
    if (!f.v13.synchronization2) return "no synchronization2";
    if (!f.v12.timelineSemaphore) return "no timelineSemaphore";
    if (!f.v11.multiview) return "no multiview";
    if (!findGraphicsFamily(device, surface))
        return surface ? "no graphics queue that presents to the window" : "no graphics queue";
    return {};
}

int typeRank(VkPhysicalDeviceType type) {
    switch (type) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
        case VK_PHYSICAL_DEVICE_TYPE_CPU: return 1;
        default: return 0;
    }
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

const char* toString(VkPhysicalDeviceType type) {
    switch (type) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
        case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
        default: return "other";
    }
}

std::vector<PhysicalDeviceInfo> enumeratePhysicalDevices(const Instance& instance,
                                                         VkSurfaceKHR presentSurface) {
    std::uint32_t count = 0;
    PLACES_VK_CHECK(vkEnumeratePhysicalDevices(instance.handle(), &count, nullptr));
    std::vector<VkPhysicalDevice> devices(count);
    PLACES_VK_CHECK(vkEnumeratePhysicalDevices(instance.handle(), &count, devices.data()));
    std::vector<PhysicalDeviceInfo> result;
    for (VkPhysicalDevice device : devices) {
        VkPhysicalDeviceProperties props;
        vkGetPhysicalDeviceProperties(device, &props);
        result.push_back({device, props.deviceName, props.deviceType, props.apiVersion,
                          unsuitableReason(device, presentSurface)});
    }
    return result;
}

Device::Device(const Instance& instance, const DeviceCreateInfo& info) : instance_(instance.handle()) {
    const std::vector<PhysicalDeviceInfo> devices = enumeratePhysicalDevices(instance, info.presentSurface);
    const PhysicalDeviceInfo* chosen = nullptr;
    std::string listing;
    for (const auto& d : devices) {
        listing += "\n  " + d.name + " (" + toString(d.type) + ")" +
                   (d.unsuitableReason.empty() ? "" : ": unsuitable, " + d.unsuitableReason);
        if (!d.unsuitableReason.empty()) continue;
        if (!info.gpuFilter.empty() && lower(d.name).find(lower(info.gpuFilter)) == std::string::npos)
            continue;
        if (info.physicalDevice != VK_NULL_HANDLE && d.handle != info.physicalDevice) continue;
        if (!chosen || typeRank(d.type) > typeRank(chosen->type)) chosen = &d;
    }
    if (!chosen)
        throw VulkanError((info.physicalDevice != VK_NULL_HANDLE
                               ? std::string("the device the OpenXR runtime requires is not usable")
                           : info.gpuFilter.empty() ? std::string("no usable Vulkan 1.3 device")
                                                    : "no usable Vulkan 1.3 device matches --gpu '" +
                                                          info.gpuFilter + "'") +
                              "; devices found:" + (listing.empty() ? " none" : listing),
                          VK_ERROR_INITIALIZATION_FAILED);
    physical_ = chosen->handle;
    name_ = chosen->name;
    type_ = chosen->type;
    family_ = *findGraphicsFamily(physical_, info.presentSurface);

    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(physical_, &props);
    vkGetPhysicalDeviceMemoryProperties(physical_, &memory_);
    FeatureChain available;
    vkGetPhysicalDeviceFeatures2(physical_, &available.core);
    VkPhysicalDeviceMultiviewProperties multiview{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MULTIVIEW_PROPERTIES};
    VkPhysicalDeviceDepthStencilResolveProperties depthResolve{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DEPTH_STENCIL_RESOLVE_PROPERTIES};
    multiview.pNext = &depthResolve;
    VkPhysicalDeviceProperties2 props2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props2.pNext = &multiview;
    vkGetPhysicalDeviceProperties2(physical_, &props2);

    std::uint32_t familyCount = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &familyCount, nullptr);
    std::vector<VkQueueFamilyProperties> families(familyCount);
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &familyCount, families.data());

    caps_.multiDrawIndirect = available.core.features.multiDrawIndirect == VK_TRUE;
    caps_.drawIndirectCount = available.v12.drawIndirectCount == VK_TRUE;
    // Not on CPU devices: lavapipe 22.3's anisotropic path costs seconds per
    // frame on minified, high-resolution textures (measured: a festival view
    // took 280 s instead of 0.3 s); trilinear is what a CPU can afford.
    caps_.samplerAnisotropy =
        available.core.features.samplerAnisotropy == VK_TRUE && props.deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU;
    caps_.cpuDevice = props.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
    caps_.timestamps = families[family_].timestampValidBits > 0 && props.limits.timestampPeriod > 0;
    caps_.timestampPeriodNs = props.limits.timestampPeriod;
    const VkSampleCountFlags msaa =
        props.limits.framebufferColorSampleCounts & props.limits.framebufferDepthSampleCounts;
    caps_.msaaSamples = (msaa & VK_SAMPLE_COUNT_4_BIT) ? VK_SAMPLE_COUNT_4_BIT : VK_SAMPLE_COUNT_1_BIT;
    caps_.depthResolveModes = depthResolve.supportedDepthResolveModes;
    caps_.maxMultiviewViewCount = multiview.maxMultiviewViewCount;
    caps_.maxDrawIndirectCount = caps_.multiDrawIndirect ? props.limits.maxDrawIndirectCount : 1;
    caps_.nonCoherentAtomSize = props.limits.nonCoherentAtomSize;
    caps_.minStorageBufferOffsetAlignment = props.limits.minStorageBufferOffsetAlignment;
    caps_.minUniformBufferOffsetAlignment = props.limits.minUniformBufferOffsetAlignment;

    // Enable exactly what the renderer uses; optional features only when present.
    FeatureChain enabled;
    enabled.core.features.multiDrawIndirect = available.core.features.multiDrawIndirect;
    enabled.core.features.samplerAnisotropy = caps_.samplerAnisotropy ? VK_TRUE : VK_FALSE;
    enabled.v11.multiview = VK_TRUE;
    enabled.v12.timelineSemaphore = VK_TRUE;
    enabled.v12.drawIndirectCount = available.v12.drawIndirectCount;
    enabled.v12.hostQueryReset = available.v12.hostQueryReset;
    enabled.v13.dynamicRendering = VK_TRUE;
    enabled.v13.synchronization2 = VK_TRUE;

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue.queueFamilyIndex = family_;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;

    std::vector<const char*> extensions = info.extensions;
    if (info.presentSurface != VK_NULL_HANDLE) extensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);

    VkDeviceCreateInfo create{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    create.pNext = &enabled.core;
    create.queueCreateInfoCount = 1;
    create.pQueueCreateInfos = &queue;
    create.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
    create.ppEnabledExtensionNames = extensions.data();
    if (info.create) checkVk(info.create(physical_, create, &device_), "DeviceCreateInfo::create (vkCreateDevice)");
    else PLACES_VK_CHECK(vkCreateDevice(physical_, &create, nullptr, &device_));
    vkGetDeviceQueue(device_, family_, 0, &queue_);
}

Device::~Device() {
    if (device_ != VK_NULL_HANDLE) {
        vkDeviceWaitIdle(device_);
        vkDestroyDevice(device_, nullptr);
    }
}

bool Device::supportsFormat(VkFormat format, VkFormatFeatureFlags2 optimalFeatures) const {
    VkFormatProperties3 props3{VK_STRUCTURE_TYPE_FORMAT_PROPERTIES_3};
    VkFormatProperties2 props{VK_STRUCTURE_TYPE_FORMAT_PROPERTIES_2};
    props.pNext = &props3;
    vkGetPhysicalDeviceFormatProperties2(physical_, format, &props);
    return (props3.optimalTilingFeatures & optimalFeatures) == optimalFeatures;
}

void Device::waitIdle() const { PLACES_VK_CHECK(vkDeviceWaitIdle(device_)); }

}  // namespace places::render
