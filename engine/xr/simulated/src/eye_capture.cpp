// Eye capture: what the simulated "display" shows, written as PNG for tests and
// developers: <capture dir>/frame-<N>-left.png and -right.png (and
// -left-depth.png, -right-depth.png for views with a depth info). Only the first
// projection layer is captured, exactly as submitted (sub-image rect and array
// layer), without any composition.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <stb_image_write.h>

#include "places/core/atomic_write.hpp"
#include "runtime_functions.hpp"

namespace places::xr_sim {
namespace {

struct HostBuffer {
    VkDevice device = VK_NULL_HANDLE;
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    ~HostBuffer() {
        if (buffer) vkDestroyBuffer(device, buffer, nullptr);
        if (memory) vkFreeMemory(device, memory, nullptr);
    }
};

bool makeHostBuffer(const Session& session, VkDeviceSize size, HostBuffer& out) {
    out.device = session.binding.device;
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    if (vkCreateBuffer(out.device, &info, nullptr, &out.buffer) != VK_SUCCESS) return false;
    VkMemoryRequirements needs{};
    vkGetBufferMemoryRequirements(out.device, out.buffer, &needs);
    VkPhysicalDeviceMemoryProperties properties{};
    vkGetPhysicalDeviceMemoryProperties(session.binding.physicalDevice, &properties);
    const VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    for (uint32_t t = 0; t < properties.memoryTypeCount; ++t) {
        if (!(needs.memoryTypeBits & (1u << t)) || (properties.memoryTypes[t].propertyFlags & want) != want) continue;
        VkMemoryAllocateInfo allocate{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
        allocate.allocationSize = needs.size;
        allocate.memoryTypeIndex = t;
        if (vkAllocateMemory(out.device, &allocate, nullptr, &out.memory) != VK_SUCCESS) return false;
        return vkBindBufferMemory(out.device, out.buffer, out.memory, 0) == VK_SUCCESS;
    }
    return false;
}

VkImageMemoryBarrier layoutBarrier(VkImage image, uint32_t layer, VkImageLayout from, VkImageLayout to,
                                   VkAccessFlags srcAccess, VkAccessFlags dstAccess,
                                   VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT) {
    VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
    barrier.srcAccessMask = srcAccess;
    barrier.dstAccessMask = dstAccess;
    barrier.oldLayout = from;
    barrier.newLayout = to;
    barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = image;
    barrier.subresourceRange = {aspect, 0, 1, layer, 1};
    return barrier;
}

// Copies the sub-image's rect of the chain's last released image (in
// `layout`, whose last writes were `access` at `stages`) into host memory.
std::vector<unsigned char> readSubImage(Session& session, const XrSwapchainSubImage& sub, VkImageAspectFlags aspect,
                                        VkImageLayout layout, VkPipelineStageFlags stages, VkAccessFlags access) {
    Swapchain& chain = *from<Swapchain>(sub.swapchain);
    const auto width = static_cast<uint32_t>(sub.imageRect.extent.width);
    const auto height = static_cast<uint32_t>(sub.imageRect.extent.height);
    HostBuffer buffer;
    if (!makeHostBuffer(session, VkDeviceSize(width) * height * 4, buffer)) return {};
    VkImage image = chain.images[static_cast<std::size_t>(chain.lastReleased)];
    VkResult result = submitOneShot(session, [&](VkCommandBuffer cmd) {
        auto toCopy = layoutBarrier(image, sub.imageArrayIndex, layout, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, access,
                                    VK_ACCESS_TRANSFER_READ_BIT, aspect);
        vkCmdPipelineBarrier(cmd, stages, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, nullptr, 0, nullptr, 1, &toCopy);
        VkBufferImageCopy region{};
        region.imageSubresource = {aspect, 0, sub.imageArrayIndex, 1};
        region.imageOffset = {sub.imageRect.offset.x, sub.imageRect.offset.y, 0};
        region.imageExtent = {width, height, 1};
        vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer.buffer, 1, &region);
        auto back = layoutBarrier(image, sub.imageArrayIndex, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, layout,
                                  VK_ACCESS_TRANSFER_READ_BIT, access, aspect);
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, stages, 0, 0, nullptr, 0, nullptr, 1, &back);
    });
    if (result != VK_SUCCESS) return {};
    void* mapped = nullptr;
    if (vkMapMemory(buffer.device, buffer.memory, 0, VK_WHOLE_SIZE, 0, &mapped) != VK_SUCCESS) return {};
    std::vector<unsigned char> pixels(std::size_t(width) * height * 4);
    std::memcpy(pixels.data(), mapped, pixels.size());
    vkUnmapMemory(buffer.device, buffer.memory);
    return pixels;
}

// RGBA8 pixels to `path` through places::writeFileAtomically: a reader never
// sees a half-written PNG, and a symlink or device at `path` is refused, not
// written through (the capture folder comes from the runtime's config file).
void writeRgbaPng(const std::string& path, uint32_t width, uint32_t height, const std::vector<unsigned char>& pixels) {
    std::vector<std::byte> png;
    const auto append = [](void* context, void* data, int size) {
        auto* out = static_cast<std::vector<std::byte>*>(context);
        const auto* bytes = static_cast<const std::byte*>(data);
        out->insert(out->end(), bytes, bytes + size);
    };
    places::Diagnostics diagnostics;
    if (!stbi_write_png_to_func(append, &png, static_cast<int>(width), static_cast<int>(height), 4, pixels.data(),
                                static_cast<int>(width * 4))) {
        diagnostics.error({path}, "cannot encode the PNG");
    } else {
        places::writeFileAtomically(path, png, "the eye capture", diagnostics);
    }
    if (diagnostics.hasErrors())
        std::fprintf(stderr, "places simulated XR runtime: %s\n", diagnostics.firstError().c_str());
}

void captureView(Session& session, const XrSwapchainSubImage& sub, const std::string& path) {
    Swapchain& chain = *from<Swapchain>(sub.swapchain);
    const bool bgra = chain.format == VK_FORMAT_B8G8R8A8_SRGB || chain.format == VK_FORMAT_B8G8R8A8_UNORM;
    const bool rgba = chain.format == VK_FORMAT_R8G8B8A8_SRGB || chain.format == VK_FORMAT_R8G8B8A8_UNORM;
    if (!bgra && !rgba) return;
    std::vector<unsigned char> pixels =
        readSubImage(session, sub, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                     VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT);
    if (pixels.empty()) return;
    if (bgra)
        for (std::size_t i = 0; i < pixels.size(); i += 4) std::swap(pixels[i], pixels[i + 2]);
    for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // the display has no alpha
    writeRgbaPng(path, uint32_t(sub.imageRect.extent.width), uint32_t(sub.imageRect.extent.height), pixels);
}

// The depth sub-image as distances: grey = metres x 10 (0.1 m steps), 255 =
// 25.5 m or farther (the far plane, the sky). Distances come from the depth
// info's range: 1/z is linear in depth between nearZ (minDepth) and farZ
// (maxDepth), either of which may be infinite. D32_SFLOAT only.
void captureDepth(Session& session, const XrCompositionLayerDepthInfoKHR& depth, const std::string& path) {
    const Swapchain& chain = *from<Swapchain>(depth.subImage.swapchain);
    if (chain.format != VK_FORMAT_D32_SFLOAT) return;
    std::vector<unsigned char> raw = readSubImage(
        session, depth.subImage, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL,
        VK_PIPELINE_STAGE_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_LATE_FRAGMENT_TESTS_BIT,
        VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT);
    if (raw.empty()) return;
    const double inverseNear = std::isinf(depth.nearZ) ? 0.0 : 1.0 / depth.nearZ;
    const double inverseFar = std::isinf(depth.farZ) ? 0.0 : 1.0 / depth.farZ;
    std::vector<unsigned char> pixels(raw.size());
    for (std::size_t i = 0; i < raw.size(); i += 4) {
        float d = 0.0f;
        std::memcpy(&d, &raw[i], sizeof d);
        const double t = (double(d) - depth.minDepth) / (double(depth.maxDepth) - depth.minDepth);
        const double inverseZ = (1.0 - t) * inverseNear + t * inverseFar;
        const double decimetres = inverseZ > 0.0 ? 10.0 / inverseZ : 255.0;
        const auto grey = static_cast<unsigned char>(std::clamp(std::lround(decimetres), 0L, 255L));
        pixels[i] = pixels[i + 1] = pixels[i + 2] = grey;
        pixels[i + 3] = 255;
    }
    writeRgbaPng(path, uint32_t(depth.subImage.imageRect.extent.width), uint32_t(depth.subImage.imageRect.extent.height),
                 pixels);
}

}  // namespace

void captureEyes(Session& session, const XrFrameEndInfo& info, std::uint64_t frame) {
    const std::string& directory = session.instance->config.captureDirectory;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    for (uint32_t i = 0; i < info.layerCount; ++i) {
        if (info.layers[i]->type != XR_TYPE_COMPOSITION_LAYER_PROJECTION) continue;
        const auto* projection = reinterpret_cast<const XrCompositionLayerProjection*>(info.layers[i]);
        char name[64];
        for (uint32_t eye = 0; eye < 2; ++eye) {
            std::snprintf(name, sizeof(name), "frame-%llu-%s.png", static_cast<unsigned long long>(frame),
                          eye == 0 ? "left" : "right");
            captureView(session, projection->views[eye].subImage, (std::filesystem::path(directory) / name).string());
            for (auto* next = static_cast<const XrBaseInStructure*>(projection->views[eye].next); next;
                 next = next->next)
                if (next->type == XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR) {
                    std::snprintf(name, sizeof(name), "frame-%llu-%s-depth.png", static_cast<unsigned long long>(frame),
                                  eye == 0 ? "left" : "right");
                    captureDepth(session, *reinterpret_cast<const XrCompositionLayerDepthInfoKHR*>(next),
                                 (std::filesystem::path(directory) / name).string());
                }
        }
        return;
    }
}

}  // namespace places::xr_sim
