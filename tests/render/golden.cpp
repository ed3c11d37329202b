#include "golden.hpp"

#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

namespace places::render::test {

ImageDifference compareImages(const RgbaImage& expected, const RgbaImage& actual, int channelThreshold) {
    ImageDifference d;
    d.totalPixels = std::size_t{actual.width} * actual.height;
    d.diff = {actual.width, actual.height, 1, std::vector<std::uint8_t>(d.totalPixels * 4)};
    for (std::size_t p = 0; p < d.totalPixels; ++p) {
        int delta = 0;
        for (std::size_t c = 0; c < 4; ++c)
            delta = std::max(delta, std::abs(int(expected.pixels[p * 4 + c]) - int(actual.pixels[p * 4 + c])));
        d.maxChannelDelta = std::max(d.maxChannelDelta, delta);
        const bool differs = delta > channelThreshold;
        if (differs) ++d.differingPixels;
        for (std::size_t c = 0; c < 3; ++c)
            d.diff.pixels[p * 4 + c] = differs ? (c == 0 ? 255 : 0) : std::uint8_t(actual.pixels[p * 4 + c] / 4);
        d.diff.pixels[p * 4 + 3] = 255;
    }
    return d;
}

void requireMatchesGolden(const RgbaImage& image, const std::string& name, const GoldenTolerance& tolerance) {
    const RgbaImage actual = image.sideBySide();
    const std::string golden = std::string(PLACES_SOURCE_DIR) + "/tests/render/golden/" + name + ".png";
    const char* update = std::getenv("PLACES_UPDATE_GOLDENS");
    if (update && std::string(update) == "1") {
        REQUIRE(writePng(golden, actual));
        WARN("updated golden " << golden);
        return;
    }
    const RgbaImage expected = readPng(golden);
    INFO("golden image " << golden << " (regenerate with tools/update_goldens.sh)");
    REQUIRE(expected.width == actual.width);
    REQUIRE(expected.height == actual.height);
    const ImageDifference d = compareImages(expected, actual, tolerance.channelThreshold);
    const double fraction = double(d.differingPixels) / double(d.totalPixels);
    if (fraction > tolerance.maxDifferingFraction) {
        const std::filesystem::path dir = std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output";
        std::filesystem::create_directories(dir);
        const std::string actualPath = (dir / (name + ".actual.png")).string();
        const std::string diffPath = (dir / (name + ".diff.png")).string();
        writePng(actualPath, actual);
        writePng(diffPath, d.diff);
        FAIL_CHECK(name << ": " << d.differingPixels << " of " << d.totalPixels << " pixels differ by more than "
                        << tolerance.channelThreshold << " (max delta " << d.maxChannelDelta
                        << "); actual: " << actualPath << ", diff: " << diffPath);
    }
    CHECK(fraction <= tolerance.maxDifferingFraction);
}

}  // namespace places::render::test
