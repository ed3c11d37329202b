#pragma once
// Load-time uploads: immutable buffers (direct write when the memory is
// host-visible, as on lavapipe, integrated GPUs and ReBAR; else a staging copy)
// and sRGB RGBA8 textures. Each call blocks until the GPU copy finished:
// uploads happen when a scene loads, never per frame.
#include <cstdint>
#include <span>
#include <vector>

#include <vulkan/vulkan.h>

#include "places/render/buffer.hpp"
#include "places/render/image.hpp"

namespace places::render {

class Gpu;

Buffer uploadBuffer(Gpu& gpu, std::span<const std::byte> bytes, VkBufferUsageFlags usage);

// One prepared mip level: width*height*4 bytes, sRGB-encoded RGBA8, rows top to bottom.
struct TextureLevelData {
    std::uint32_t width = 0, height = 0;
    std::span<const std::uint8_t> rgba;
};

// An image with exactly `levels` ([0] the largest, each the next halving,
// max(1, n / 2)), copied as they are through one staging buffer: no mip
// building here (places_assets prepares chains at import). Pass the chain down
// to 1x1 for trilinear sampling. Result is in SHADER_READ_ONLY_OPTIMAL.
Image uploadTexture(Gpu& gpu, std::span<const TextureLevelData> levels);

// The same for several textures (each a span of levels) through one staging
// buffer and one submission: a scene's textures load with one wait.
std::vector<Image> uploadTextures(Gpu& gpu, std::span<const std::span<const TextureLevelData>> textures);

}  // namespace places::render
