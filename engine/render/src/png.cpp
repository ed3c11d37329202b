#include <cstring>
#include <vector>

#include <stb_image.h>
#include <stb_image_write.h>

#include "places/render/rgba_image.hpp"

namespace places::render {

RgbaImage RgbaImage::layerImage(std::uint32_t index) const {
    RgbaImage out{width, height, 1, {}};
    const auto bytes = layer(index);
    out.pixels.assign(bytes.begin(), bytes.end());
    return out;
}

RgbaImage RgbaImage::sideBySide() const {
    if (layers == 1) return *this;
    RgbaImage out{width * layers, height, 1, std::vector<std::uint8_t>(layerBytes() * layers)};
    const std::size_t row = std::size_t{width} * 4;
    for (std::uint32_t l = 0; l < layers; ++l)
        for (std::uint32_t y = 0; y < height; ++y)
            std::memcpy(&out.pixels[(y * std::size_t{out.width} + l * std::size_t{width}) * 4],
                        &pixels[l * layerBytes() + y * row], row);
    return out;
}

bool writePng(const std::string& path, const RgbaImage& image) {
    const RgbaImage flat = image.sideBySide();
    // Rendered frames are opaque: RGB is 3/4 of the data. zlib level 4 instead
    // of stb's 8 halves the time of a 1280x720 frame (it dominated
    // `places render` after the draw) for files ~10 % larger.
    std::vector<std::uint8_t> rgb(std::size_t{flat.width} * flat.height * 3);
    for (std::size_t p = 0, n = std::size_t{flat.width} * flat.height; p < n; ++p)
        std::memcpy(&rgb[p * 3], &flat.pixels[p * 4], 3);
    stbi_write_png_compression_level = 4;
    return stbi_write_png(path.c_str(), static_cast<int>(flat.width), static_cast<int>(flat.height), 3, rgb.data(),
                          static_cast<int>(flat.width * 3)) != 0;
}

RgbaImage readPng(const std::string& path) {
    int w = 0, h = 0, channels = 0;
    stbi_uc* data = stbi_load(path.c_str(), &w, &h, &channels, 4);
    if (!data) return {};
    RgbaImage image{static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(h), 1, {}};
    image.pixels.assign(data, data + std::size_t(w) * std::size_t(h) * 4);
    stbi_image_free(data);
    return image;
}

}  // namespace places::render
