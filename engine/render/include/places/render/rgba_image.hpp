#pragma once
// CPU images: RGBA8, sRGB-encoded, rows top to bottom, layers one after the
// other (layer 0 = left eye for stereo). PNG read/write through stb.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace places::render {

struct RgbaImage {
    std::uint32_t width = 0, height = 0, layers = 1;
    std::vector<std::uint8_t> pixels;  // width*height*4 per layer

    std::size_t layerBytes() const { return std::size_t{width} * height * 4; }
    std::span<const std::uint8_t> layer(std::uint32_t index) const {
        return std::span(pixels).subspan(index * layerBytes(), layerBytes());
    }
    // Layers placed left to right in one image (stereo pairs as side-by-side).
    RgbaImage sideBySide() const;
    RgbaImage layerImage(std::uint32_t index) const;
};

// Writes all layers side by side. Returns false (errno-style) on I/O failure.
bool writePng(const std::string& path, const RgbaImage& image);
// Empty image (width 0) when the file cannot be read or decoded.
RgbaImage readPng(const std::string& path);

}  // namespace places::render
