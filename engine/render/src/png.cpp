#include <cstdio>
#include <cstring>
#include <span>
#include <vector>

#include <stb_image.h>
#include <zlib.h>

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

namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void chunk(std::vector<std::uint8_t>& out, const char type[4], std::span<const std::uint8_t> data) {
    put32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t typeAt = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    const uLong crc = crc32(0, out.data() + typeAt, static_cast<uInt>(4 + data.size()));
    put32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

bool writePng(const std::string& path, const RgbaImage& image) {
    const RgbaImage flat = image.sideBySide();
    // Rendered frames are opaque: RGB only. Each row is "Up"-filtered (PNG
    // filter 2: the difference to the row above, zero over flat sky, ground
    // and walls) and deflated with zlib's run-length strategy at level 1:
    // ~5x faster than stb's encoder at its level 4 (the largest cost of
    // `places render` after the frame itself) for files about as large.
    const std::size_t w = flat.width, h = flat.height, stride = w * 3;
    std::vector<std::uint8_t> filtered((stride + 1) * h);
    std::vector<std::uint8_t> previous(stride, 0), row(stride);
    for (std::size_t y = 0; y < h; ++y) {
        const std::uint8_t* src = &flat.pixels[y * w * 4];
        for (std::size_t x = 0; x < w; ++x) std::memcpy(&row[x * 3], src + x * 4, 3);
        std::uint8_t* dst = &filtered[y * (stride + 1)];
        dst[0] = 2;  // Up
        for (std::size_t i = 0; i < stride; ++i) dst[1 + i] = static_cast<std::uint8_t>(row[i] - previous[i]);
        previous.swap(row);
    }

    z_stream z{};
    if (deflateInit2(&z, 1, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK) return false;
    std::vector<std::uint8_t> compressed(deflateBound(&z, static_cast<uLong>(filtered.size())));
    z.next_in = filtered.data();
    z.avail_in = static_cast<uInt>(filtered.size());
    z.next_out = compressed.data();
    z.avail_out = static_cast<uInt>(compressed.size());
    const int status = deflate(&z, Z_FINISH);
    compressed.resize(z.total_out);
    deflateEnd(&z);
    if (status != Z_STREAM_END) return false;

    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<std::uint8_t> header;
    put32(header, static_cast<std::uint32_t>(w));
    put32(header, static_cast<std::uint32_t>(h));
    header.insert(header.end(), {8, 2, 0, 0, 0});  // 8 bits, truecolour, deflate, adaptive filters, no interlace
    chunk(png, "IHDR", header);
    chunk(png, "IDAT", compressed);
    chunk(png, "IEND", {});
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return false;
    const bool written = std::fwrite(png.data(), 1, png.size(), file) == png.size();
    return (std::fclose(file) == 0) && written;
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
