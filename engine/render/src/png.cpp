#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include <stb_image.h>
#include <zlib.h>

#include "places/core/atomic_write.hpp"
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

// One strip of rows deflated on its own, pigz-style: every strip but the last
// ends with a full flush (byte-aligned, no dictionary carried over), so the
// strips concatenate into one valid deflate stream; the zlib header goes
// before the first and the combined Adler-32 after the last.
// Buffers here are written before they are read: allocated "for overwrite"
// (not zero-filled) — zeroing the 2.7 MB of filtered rows and the strips'
// deflateBound-sized outputs was ~1.5 % of a warm `places render`.
struct DeflatedStrip {
    std::unique_ptr<std::uint8_t[]> bytes;
    std::size_t size = 0;  // bytes written
    uLong adler = 1;
    bool ok = false;
};

DeflatedStrip deflateStrip(std::span<const std::uint8_t> input, bool last) {
    DeflatedStrip out;
    z_stream z{};
    // Raw deflate (negative window bits): header and checksum are written once
    // for the whole stream by the caller.
    if (deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK) return out;
    const std::size_t capacity = deflateBound(&z, static_cast<uLong>(input.size())) + 16;
    out.bytes = std::make_unique_for_overwrite<std::uint8_t[]>(capacity);
    z.next_in = const_cast<std::uint8_t*>(input.data());  // zlib's API is not const-correct
    z.avail_in = static_cast<uInt>(input.size());
    z.next_out = out.bytes.get();
    z.avail_out = static_cast<uInt>(capacity);
    const int status = deflate(&z, last ? Z_FINISH : Z_FULL_FLUSH);
    out.ok = last ? status == Z_STREAM_END : (status == Z_OK && z.avail_in == 0);
    out.size = z.total_out;
    deflateEnd(&z);
    out.adler = adler32(1, input.data(), static_cast<uInt>(input.size()));
    return out;
}

}  // namespace

std::vector<std::uint8_t> encodePng(const RgbaImage& image) {
    // Rendered frames are opaque: RGB only. Each row is "Up"-filtered (PNG
    // filter 2: the difference to the row above, zero over flat sky, ground
    // and walls) and deflated with zlib's run-length strategy at level 1:
    // ~5x faster than stb's encoder at its level 4 (the largest cost of
    // `places render` after the frame itself) for files about as large.
    // Stereo layers are written side by side (left | right).
    const std::size_t layerWidth = image.width, w = layerWidth * image.layers, h = image.height, stride = w * 3;
    auto pixel = [&](std::size_t x, std::size_t y) {
        const std::size_t layer = x / layerWidth;
        return &image.pixels[layer * image.layerBytes() + (y * layerWidth + x % layerWidth) * 4];
    };
    const auto filtered = std::make_unique_for_overwrite<std::uint8_t[]>((stride + 1) * h);
    auto filterRows = [&](std::size_t first, std::size_t end) {
        std::vector<std::uint8_t> previous(stride, 0), row(stride);
        if (first > 0)
            for (std::size_t x = 0; x < w; ++x) std::memcpy(&previous[x * 3], pixel(x, first - 1), 3);
        for (std::size_t y = first; y < end; ++y) {
            for (std::size_t x = 0; x < w; ++x) std::memcpy(&row[x * 3], pixel(x, y), 3);
            std::uint8_t* dst = &filtered[y * (stride + 1)];
            dst[0] = 2;  // Up
            for (std::size_t i = 0; i < stride; ++i) dst[1 + i] = static_cast<std::uint8_t>(row[i] - previous[i]);
            previous.swap(row);
        }
    };

    // Filtering and deflating are independent per strip of rows: one strip per
    // core (a 1280x720 frame: 11 ms on one core of the CI machine).
    const std::size_t strips =
        std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, std::min<std::size_t>(8, h / 64 + 1));
    std::vector<DeflatedStrip> deflated(strips);
    auto work = [&](std::size_t s) {
        const std::size_t first = h * s / strips, end = h * (s + 1) / strips;
        filterRows(first, end);
        deflated[s] = deflateStrip(std::span(filtered.get() + first * (stride + 1), (end - first) * (stride + 1)),
                                   s + 1 == strips);
    };
    std::vector<std::thread> helpers;
    for (std::size_t s = 1; s < strips; ++s) helpers.emplace_back(work, s);
    work(0);
    for (std::thread& t : helpers) t.join();

    std::vector<std::uint8_t> idat = {0x78, 0x01};  // zlib header: deflate, 32 KiB window, fastest
    uLong adler = 1;
    for (std::size_t s = 0; s < strips; ++s) {
        if (!deflated[s].ok) return {};
        idat.insert(idat.end(), deflated[s].bytes.get(), deflated[s].bytes.get() + deflated[s].size);
        const std::size_t first = h * s / strips, end = h * (s + 1) / strips;
        adler = adler32_combine(adler, deflated[s].adler, static_cast<z_off_t>((end - first) * (stride + 1)));
    }
    put32(idat, static_cast<std::uint32_t>(adler));

    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<std::uint8_t> header;
    put32(header, static_cast<std::uint32_t>(w));
    put32(header, static_cast<std::uint32_t>(h));
    header.insert(header.end(), {8, 2, 0, 0, 0});  // 8 bits, truecolour, deflate, adaptive filters, no interlace
    chunk(png, "IHDR", header);
    chunk(png, "IDAT", idat);
    chunk(png, "IEND", {});
    return png;
}

bool writePng(const std::string& path, const RgbaImage& image, Diagnostics& diagnostics) {
    const std::vector<std::uint8_t> png = encodePng(image);
    if (png.empty()) {
        diagnostics.error({path}, "cannot write the PNG: zlib could not compress the image");
        return false;
    }
    return writeFileAtomically(path, std::as_bytes(std::span(png)), "the PNG", diagnostics);
}

bool writePng(const std::string& path, const RgbaImage& image) {
    Diagnostics diagnostics;
    const bool ok = writePng(path, image, diagnostics);
    for (const Diagnostic& d : diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
    return ok;
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
