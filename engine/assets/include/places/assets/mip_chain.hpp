#pragma once
// Mipmaps for sRGB-encoded RGBA8 textures, built on the CPU once per texture at
// import (and stored with the asset in the cache), so uploads only copy them:
// minified textures then sample 1-4 texels instead of aliasing, and
// anisotropic filtering stays cheap (lavapipe's is ruinously slow without mips).
// Colour is averaged in linear light (sRGB decoded, then re-encoded), alpha
// linearly. Odd sizes round down; the last 2x2 block of an odd edge folds in
// its neighbour row/column so no texel is skipped.
#include <cstdint>
#include <span>
#include <vector>

#include "places/assets/asset_model.hpp"

namespace places::assets {

// Levels 1.. (level 0 is the input itself) down to 1x1.
std::vector<ImageLevel> buildMipChain(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgba);

// floor(log2(max(w, h))) + 1
std::uint32_t mipLevelCount(std::uint32_t width, std::uint32_t height);

}  // namespace places::assets
