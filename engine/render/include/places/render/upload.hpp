#pragma once
// Load-time uploads: immutable buffers (direct write when the memory is
// host-visible, as on lavapipe, integrated GPUs and ReBAR; else a staging copy)
// and sRGB RGBA8 textures. Each call blocks until the GPU copy finished:
// uploads happen when a scene loads, never per frame.
#include <cstdint>
#include <span>

#include <vulkan/vulkan.h>

#include "places/render/buffer.hpp"
#include "places/render/image.hpp"

namespace places::render {

class Gpu;

Buffer uploadBuffer(Gpu& gpu, std::span<const std::byte> bytes, VkBufferUsageFlags usage);

// `rgba`: width*height*4 bytes, sRGB-encoded. Result is in SHADER_READ_ONLY_OPTIMAL.
Image uploadTexture(Gpu& gpu, std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgba);

}  // namespace places::render
