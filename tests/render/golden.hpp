#pragma once
// Golden-image comparison with a tolerance: a pixel differs when any channel
// differs by more than `channelThreshold`; the images match when at most
// `maxDifferingFraction` of the pixels differ. On a mismatch the actual image
// and a diff image (differing pixels red over a dimmed copy) are written into
// the build directory and their paths printed. PLACES_UPDATE_GOLDENS=1 writes
// the actual image as the new golden instead (tools/update_goldens.sh).
#include <string>

#include "places/render/rgba_image.hpp"

namespace places::render::test {

struct GoldenTolerance {
    int channelThreshold = 8;
    double maxDifferingFraction = 0.005;
};

struct ImageDifference {
    std::size_t differingPixels = 0;
    std::size_t totalPixels = 0;
    int maxChannelDelta = 0;
    RgbaImage diff;
};

ImageDifference compareImages(const RgbaImage& expected, const RgbaImage& actual, int channelThreshold);

// Compares against tests/render/golden/<name>.png; Catch2 REQUIREs inside.
void requireMatchesGolden(const RgbaImage& actual, const std::string& name, const GoldenTolerance& tolerance = {});

}  // namespace places::render::test
