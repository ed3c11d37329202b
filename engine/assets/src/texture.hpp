#pragma once
// Image decoding for asset textures (stb_image from libstb; the implementation
// lives in libstb.so, so no STB_IMAGE_IMPLEMENTATION here). Private to places_assets.
#include <cstddef>
#include <optional>
#include <string>

#include "places/assets/asset_model.hpp"

namespace places::assets::detail {

// Decodes PNG/JPEG/TGA/BMP/... bytes into RGBA8. On failure returns nullopt and
// sets `error` to stb's reason.
std::optional<Image> decodeImage(const unsigned char* data, std::size_t size, std::string source,
                                 std::string& error);

// Reads and decodes a file; `error` names what failed (open or decode).
std::optional<Image> decodeImageFile(const std::string& path, std::string& error);

}  // namespace places::assets::detail
