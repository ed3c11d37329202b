#include "places/assets/mip_chain.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

#include "places/core/huge_pages.hpp"

namespace places::assets {

namespace {

struct SrgbTables {
    std::array<float, 256> toLinear{};
    std::array<std::uint8_t, 4096> toSrgb{};  // indexed by linear * 4095
    SrgbTables() {
        for (int i = 0; i < 256; ++i) {
            const double c = i / 255.0;
            toLinear[static_cast<std::size_t>(i)] =
                static_cast<float>(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
        }
        for (int i = 0; i < 4096; ++i) {
            const double l = i / 4095.0;
            const double c = l <= 0.0031308 ? l * 12.92 : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
            toSrgb[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0));
        }
    }
};

const SrgbTables& tables() {
    static const SrgbTables t;
    return t;
}

ImageLevel halve(std::uint32_t w, std::uint32_t h, std::span<const std::uint8_t> src) {
    const SrgbTables& t = tables();
    ImageLevel out;
    out.width = std::max(1u, w / 2);
    out.height = std::max(1u, h / 2);
    const std::size_t bytes = std::size_t{out.width} * out.height * 4;
    std::vector<std::uint8_t>& rgba = out.rgba.vector();
    rgba.reserve(bytes);
    adviseHugePages(rgba.data(), bytes);  // a fault per 2 MiB, not per 4 KiB, where allowed
    rgba.resize(bytes);
    for (std::uint32_t y = 0; y < out.height; ++y) {
        // Source rows/columns of this output texel: 2 (3 for the last of an odd edge, 1 for a 1-wide edge).
        const std::uint32_t y0 = std::min(y * 2, h - 1);
        const std::uint32_t y1 = (y + 1 == out.height) ? h : std::min(y0 + 2, h);
        for (std::uint32_t x = 0; x < out.width; ++x) {
            const std::uint32_t x0 = std::min(x * 2, w - 1);
            const std::uint32_t x1 = (x + 1 == out.width) ? w : std::min(x0 + 2, w);
            float sum[4] = {0, 0, 0, 0};
            for (std::uint32_t sy = y0; sy < y1; ++sy)
                for (std::uint32_t sx = x0; sx < x1; ++sx) {
                    const std::uint8_t* p = &src[(std::size_t{sy} * w + sx) * 4];
                    for (int c = 0; c < 3; ++c) sum[c] += t.toLinear[p[c]];
                    sum[3] += float(p[3]);
                }
            const float n = float((y1 - y0) * (x1 - x0));
            std::uint8_t* d = &rgba[(std::size_t{y} * out.width + x) * 4];
            // Rounding by +0.5 and truncation: the values are non-negative (lround is a libm call).
            for (int c = 0; c < 3; ++c) d[c] = t.toSrgb[static_cast<std::size_t>(sum[c] / n * 4095.0f + 0.5f)];
            d[3] = static_cast<std::uint8_t>(sum[3] / n + 0.5f);
        }
    }
    return out;
}

}  // namespace

std::uint32_t mipLevelCount(std::uint32_t width, std::uint32_t height) {
    std::uint32_t levels = 1;
    for (std::uint32_t size = std::max(width, height); size > 1; size /= 2) ++levels;
    return levels;
}

std::vector<ImageLevel> buildMipChain(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgba) {
    assert(rgba.size() == std::size_t{width} * height * 4);
    std::vector<ImageLevel> chain;
    std::uint32_t w = width, h = height;
    std::span<const std::uint8_t> src = rgba;
    while (w > 1 || h > 1) {
        chain.push_back(halve(w, h, src));
        w = chain.back().width;
        h = chain.back().height;
        src = chain.back().rgba;
    }
    return chain;
}

}  // namespace places::assets
