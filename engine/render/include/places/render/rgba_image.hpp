#pragma once
// CPU images: RGBA8, sRGB-encoded, rows top to bottom, layers one after the
// other (layer 0 = left eye for stereo). PNG written by zlib here, read by stb.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "places/core/diagnostic.hpp"

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

// The PNG file's bytes, all layers side by side; empty if encoding failed.
std::vector<std::uint8_t> encodePng(const RgbaImage& image);
// Writes encodePng's bytes like every output (atomic_write.hpp): under a
// temporary name beside `path`, renamed over it, and only ever replacing a
// regular file, so `-o` naming a symlink, FIFO or device is refused and a
// failed run leaves the previous picture. Errors go to `diagnostics`.
bool writePng(const std::string& path, const RgbaImage& image, Diagnostics& diagnostics);
// The same, for callers with no diagnostics to carry (tests, tools): the
// error is printed to stderr.
bool writePng(const std::string& path, const RgbaImage& image);
// Empty image (width 0) when the file cannot be read or decoded.
RgbaImage readPng(const std::string& path);

}  // namespace places::render
