// XR_KHR_vulkan_enable2 and swapchains: images live on the application's
// VkDevice (the runtime calls Vulkan through the process's Vulkan loader,
// which dispatches on the app's handles). Layout contract (spec 12.21 of
// XR_KHR_vulkan_enable2): colour images are COLOR_ATTACHMENT_OPTIMAL and depth
// images DEPTH_STENCIL_ATTACHMENT_OPTIMAL whenever the app holds them.
#include <algorithm>

#include "runtime_functions.hpp"

namespace places::xr_sim {
namespace {

// Preference order (the app takes the first it supports): sRGB first, as real
// runtimes do, then UNORM, then depth.
constexpr VkFormat kColorFormats[] = {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_UNORM,
                                      VK_FORMAT_B8G8R8A8_UNORM};
constexpr VkFormat kDepthFormats[] = {VK_FORMAT_D32_SFLOAT, VK_FORMAT_D16_UNORM, VK_FORMAT_D24_UNORM_S8_UINT};

bool isDepth(VkFormat format) {
    return std::find(std::begin(kDepthFormats), std::end(kDepthFormats), format) != std::end(kDepthFormats);
}

bool supported(VkPhysicalDevice physical, VkFormat format) {
    VkFormatProperties properties{};
    vkGetPhysicalDeviceFormatProperties(physical, format, &properties);
    VkFormatFeatureFlags need = (isDepth(format) ? VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT
                                                 : VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT) |
                                VK_FORMAT_FEATURE_TRANSFER_SRC_BIT;
    return (properties.optimalTilingFeatures & need) == need;
}

// One-shot command buffer on the app's queue: the app is not using the queue
// during this call (OpenXR requires external synchronisation of the queue
// for the calls that name it).
template <class F>
VkResult submitNow(Session& session, F&& record) {
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = session.commandPool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VkResult result = vkAllocateCommandBuffers(session.binding.device, &alloc, &cmd);
    if (result != VK_SUCCESS) return result;
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &begin);
    record(cmd);
    vkEndCommandBuffer(cmd);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    result = vkQueueSubmit(session.queue, 1, &submit, VK_NULL_HANDLE);
    if (result == VK_SUCCESS) result = vkQueueWaitIdle(session.queue);
    vkFreeCommandBuffers(session.binding.device, session.commandPool, 1, &cmd);
    return result;
}

void destroyImages(Swapchain& swapchain) {
    VkDevice device = swapchain.session->binding.device;
    for (VkImage image : swapchain.images) vkDestroyImage(device, image, nullptr);
    for (VkDeviceMemory memory : swapchain.memory) vkFreeMemory(device, memory, nullptr);
    swapchain.images.clear();
    swapchain.memory.clear();
}

}  // namespace

// Exposed for eye capture.
VkResult submitOneShot(Session& session, const std::function<void(VkCommandBuffer)>& record) {
    return submitNow(session, record);
}

XrResult XRAPI_CALL xrGetVulkanGraphicsRequirements2KHR(XrInstance instance, XrSystemId systemId,
                                                        XrGraphicsRequirementsVulkanKHR* requirements) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (requirements == nullptr || requirements->type != XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR)
        return XR_ERROR_VALIDATION_FAILURE;
    requirements->minApiVersionSupported = XR_MAKE_VERSION(1, 0, 0);
    requirements->maxApiVersionSupported = XR_MAKE_VERSION(1, 3, 0);
    object->requirementsQueried = true;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrCreateVulkanInstanceKHR(XrInstance instance, const XrVulkanInstanceCreateInfoKHR* info,
                                              VkInstance* vulkanInstance, VkResult* vulkanResult) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || vulkanInstance == nullptr || vulkanResult == nullptr ||
        info->type != XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR || info->pfnGetInstanceProcAddr == nullptr ||
        info->vulkanCreateInfo == nullptr)
        return XR_ERROR_VALIDATION_FAILURE;
    if (info->systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (!object->requirementsQueried) return XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING;
    // The simulated headset needs no extra instance extensions: the app's own
    // create info is used as it is, through the app's vkGetInstanceProcAddr.
    auto create = reinterpret_cast<PFN_vkCreateInstance>(info->pfnGetInstanceProcAddr(VK_NULL_HANDLE, "vkCreateInstance"));
    if (create == nullptr) return XR_ERROR_RUNTIME_FAILURE;
    *vulkanResult = create(info->vulkanCreateInfo, info->vulkanAllocator, vulkanInstance);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrGetVulkanGraphicsDevice2KHR(XrInstance instance, const XrVulkanGraphicsDeviceGetInfoKHR* info,
                                                  VkPhysicalDevice* physicalDevice) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || physicalDevice == nullptr || info->vulkanInstance == VK_NULL_HANDLE)
        return XR_ERROR_VALIDATION_FAILURE;
    if (info->systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (!object->requirementsQueried) return XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING;
    // The "headset" is attached to the first device with a graphics queue,
    // which is the pinned driver in tests (VK_DRIVER_FILES).
    uint32_t count = 0;
    vkEnumeratePhysicalDevices(info->vulkanInstance, &count, nullptr);
    std::vector<VkPhysicalDevice> devices(count);
    vkEnumeratePhysicalDevices(info->vulkanInstance, &count, devices.data());
    for (VkPhysicalDevice device : devices) {
        VkPhysicalDeviceProperties properties{};
        vkGetPhysicalDeviceProperties(device, &properties);
        if (properties.apiVersion < VK_API_VERSION_1_1) continue;
        *physicalDevice = device;
        object->vulkanInstance = info->vulkanInstance;
        return XR_SUCCESS;
    }
    return XR_ERROR_RUNTIME_FAILURE;
}

XrResult XRAPI_CALL xrCreateVulkanDeviceKHR(XrInstance instance, const XrVulkanDeviceCreateInfoKHR* info,
                                            VkDevice* vulkanDevice, VkResult* vulkanResult) {
    Instance* object = from<Instance>(instance);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || vulkanDevice == nullptr || vulkanResult == nullptr ||
        info->type != XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR || info->pfnGetInstanceProcAddr == nullptr ||
        info->vulkanCreateInfo == nullptr || info->vulkanPhysicalDevice == VK_NULL_HANDLE)
        return XR_ERROR_VALIDATION_FAILURE;
    if (info->systemId != kSystemId) return XR_ERROR_SYSTEM_INVALID;
    if (!object->requirementsQueried) return XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING;
    // vkCreateDevice is an instance-level function: looked up on the instance
    // the app named in xrGetVulkanGraphicsDevice2KHR (which the spec requires first).
    if (object->vulkanInstance == VK_NULL_HANDLE) return XR_ERROR_CALL_ORDER_INVALID;
    auto create = reinterpret_cast<PFN_vkCreateDevice>(
        info->pfnGetInstanceProcAddr(object->vulkanInstance, "vkCreateDevice"));
    if (create == nullptr) return XR_ERROR_RUNTIME_FAILURE;
    *vulkanResult = create(info->vulkanPhysicalDevice, info->vulkanCreateInfo, info->vulkanAllocator, vulkanDevice);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateSwapchainFormats(XrSession session, uint32_t capacity, uint32_t* countOutput,
                                                int64_t* formats) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    std::vector<int64_t> offered;
    for (VkFormat format : kColorFormats)
        if (supported(object->binding.physicalDevice, format)) offered.push_back(format);
    for (VkFormat format : kDepthFormats)
        if (supported(object->binding.physicalDevice, format)) offered.push_back(format);
    *countOutput = static_cast<uint32_t>(offered.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < offered.size() || formats == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    std::copy(offered.begin(), offered.end(), formats);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrCreateSwapchain(XrSession session, const XrSwapchainCreateInfo* info, XrSwapchain* swapchain) {
    Session* object = from<Session>(session);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (object->lossPending) return XR_ERROR_SESSION_LOST;
    if (info == nullptr || swapchain == nullptr || info->type != XR_TYPE_SWAPCHAIN_CREATE_INFO)
        return XR_ERROR_VALIDATION_FAILURE;
    VkFormat format = static_cast<VkFormat>(info->format);
    bool known = std::find(std::begin(kColorFormats), std::end(kColorFormats), format) != std::end(kColorFormats) ||
                 isDepth(format);
    if (!known || !supported(object->binding.physicalDevice, format)) return XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED;
    if (info->sampleCount != 1 || info->faceCount != 1 || info->mipCount != 1) return XR_ERROR_FEATURE_UNSUPPORTED;
    if (info->width == 0 || info->height == 0 || info->width > 8192 || info->height > 8192 || info->arraySize == 0 ||
        info->arraySize > 2)
        return XR_ERROR_VALIDATION_FAILURE;
    const bool depth = isDepth(format);
    // A runtime that cannot do array swapchains (the app's per-eye fallback is tested against it).
    if (info->arraySize > 1 && !object->instance->config.arraySwapchains) return XR_ERROR_FEATURE_UNSUPPORTED;

    auto chain = std::make_unique<Swapchain>();
    chain->session = object;
    chain->info = *info;
    chain->info.next = nullptr;
    chain->format = format;

    VkImageUsageFlags usage = VK_IMAGE_USAGE_TRANSFER_SRC_BIT;  // eye capture copies from it
    if (info->usageFlags & XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT) usage |= VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
    if (info->usageFlags & XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT)
        usage |= VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    if (info->usageFlags & XR_SWAPCHAIN_USAGE_SAMPLED_BIT) usage |= VK_IMAGE_USAGE_SAMPLED_BIT;
    if (info->usageFlags & XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT) usage |= VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    if (info->usageFlags & XR_SWAPCHAIN_USAGE_UNORDERED_ACCESS_BIT) usage |= VK_IMAGE_USAGE_STORAGE_BIT;
    if (info->usageFlags & XR_SWAPCHAIN_USAGE_INPUT_ATTACHMENT_BIT_KHR) usage |= VK_IMAGE_USAGE_INPUT_ATTACHMENT_BIT;
    // The layout contract needs an attachment usage to be meaningful.
    usage |= depth ? VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT : VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;

    VkDevice device = object->binding.device;
    VkPhysicalDeviceMemoryProperties memoryProperties{};
    vkGetPhysicalDeviceMemoryProperties(object->binding.physicalDevice, &memoryProperties);
    constexpr uint32_t kImageCount = 3;
    for (uint32_t i = 0; i < kImageCount; ++i) {
        VkImageCreateInfo image{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
        image.imageType = VK_IMAGE_TYPE_2D;
        image.format = format;
        image.extent = {info->width, info->height, 1};
        image.mipLevels = 1;
        image.arrayLayers = info->arraySize;
        image.samples = VK_SAMPLE_COUNT_1_BIT;
        image.tiling = VK_IMAGE_TILING_OPTIMAL;
        image.usage = usage;
        image.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
        image.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
        if (info->createFlags & XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT) {
            destroyImages(*chain);
            return XR_ERROR_FEATURE_UNSUPPORTED;
        }
        if (!depth && (info->usageFlags & XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT)) image.flags |= VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT;
        VkImage handle = VK_NULL_HANDLE;
        if (vkCreateImage(device, &image, nullptr, &handle) != VK_SUCCESS) {
            destroyImages(*chain);
            return XR_ERROR_RUNTIME_FAILURE;
        }
        chain->images.push_back(handle);
        VkMemoryRequirements needs{};
        vkGetImageMemoryRequirements(device, handle, &needs);
        uint32_t type = UINT32_MAX;
        for (uint32_t t = 0; t < memoryProperties.memoryTypeCount && type == UINT32_MAX; ++t)
            if ((needs.memoryTypeBits & (1u << t)) &&
                (memoryProperties.memoryTypes[t].propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT))
                type = t;
        VkMemoryAllocateInfo allocate{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
        allocate.allocationSize = needs.size;
        allocate.memoryTypeIndex = type;
        VkDeviceMemory memory = VK_NULL_HANDLE;
        if (type == UINT32_MAX || vkAllocateMemory(device, &allocate, nullptr, &memory) != VK_SUCCESS) {
            destroyImages(*chain);
            return XR_ERROR_RUNTIME_FAILURE;
        }
        chain->memory.push_back(memory);
        vkBindImageMemory(device, handle, memory, 0);
    }
    // Put every image into the layout the app may assume on acquire.
    VkResult transition = submitNow(*object, [&](VkCommandBuffer cmd) {
        for (VkImage image : chain->images) {
            VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
            barrier.srcAccessMask = 0;
            barrier.dstAccessMask = depth ? VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT : VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
            barrier.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
            barrier.newLayout = depth ? VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
            barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            barrier.image = image;
            VkImageAspectFlags aspect = VK_IMAGE_ASPECT_DEPTH_BIT;
            if (format == VK_FORMAT_D24_UNORM_S8_UINT) aspect |= VK_IMAGE_ASPECT_STENCIL_BIT;
            barrier.subresourceRange = {depth ? aspect : VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT), 0, 1, 0,
                                        info->arraySize};
            VkPipelineStageFlags stage = depth ? (VK_PIPELINE_STAGE_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_LATE_FRAGMENT_TESTS_BIT)
                                               : VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
            vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, stage, 0, 0, nullptr, 0, nullptr, 1, &barrier);
        }
    });
    if (transition != VK_SUCCESS) {
        destroyImages(*chain);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    object->swapchains.insert(chain.get());
    *swapchain = to<XrSwapchain>(chain.release());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrDestroySwapchain(XrSwapchain swapchain) {
    Swapchain* object = from<Swapchain>(swapchain);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    // The app must have finished using the images (spec); wait for our own copies.
    vkQueueWaitIdle(object->session->queue);
    destroyImages(*object);
    object->session->swapchains.erase(object);
    delete object;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrEnumerateSwapchainImages(XrSwapchain swapchain, uint32_t capacity, uint32_t* countOutput,
                                               XrSwapchainImageBaseHeader* images) {
    Swapchain* object = from<Swapchain>(swapchain);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (countOutput == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *countOutput = static_cast<uint32_t>(object->images.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < object->images.size() || images == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    auto* vulkan = reinterpret_cast<XrSwapchainImageVulkan2KHR*>(images);
    for (std::size_t i = 0; i < object->images.size(); ++i) {
        if (vulkan[i].type != XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR) return XR_ERROR_VALIDATION_FAILURE;
        vulkan[i].image = object->images[i];
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrAcquireSwapchainImage(XrSwapchain swapchain, const XrSwapchainImageAcquireInfo*,
                                            uint32_t* index) {
    Swapchain* object = from<Swapchain>(swapchain);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (index == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    if (object->acquired.size() >= object->images.size()) return XR_ERROR_CALL_ORDER_INVALID;
    if (object->lossPending()) return XR_SESSION_LOSS_PENDING;
    *index = object->next;
    object->acquired.push_back(object->next);
    object->next = (object->next + 1) % static_cast<uint32_t>(object->images.size());
    return XR_SUCCESS;
}

XrResult XRAPI_CALL xrWaitSwapchainImage(XrSwapchain swapchain, const XrSwapchainImageWaitInfo* info) {
    Swapchain* object = from<Swapchain>(swapchain);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    if (object->acquired.empty() || object->waited) return XR_ERROR_CALL_ORDER_INVALID;
    // The compositor copies synchronously in xrEndFrame, so every image is free at once.
    object->waited = true;
    return object->lossPending() ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

XrResult XRAPI_CALL xrReleaseSwapchainImage(XrSwapchain swapchain, const XrSwapchainImageReleaseInfo*) {
    Swapchain* object = from<Swapchain>(swapchain);
    if (object == nullptr) return XR_ERROR_HANDLE_INVALID;
    if (object->acquired.empty() || !object->waited) return XR_ERROR_CALL_ORDER_INVALID;
    object->lastReleased = object->acquired.front();
    object->acquired.pop_front();
    object->waited = false;
    return object->lossPending() ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

}  // namespace places::xr_sim
