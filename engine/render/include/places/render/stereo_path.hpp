#pragma once
// How a stereo frame reaches its two layers: one multiview pass (viewMask
// 0b11, both eyes from one set of draws) or two passes, one per eye and
// layer, replaying the same culled draws. Multiview is the fast path, but a
// headset must never show eyes that disagree, and some drivers get it wrong
// (lavapipe 22.3 drops triangles that need clipping in view 1). So `Auto`
// asks the device: probeMultiview() draws one triangle that crosses the near
// and both side planes with multiview and once per layer, and compares.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace places::render {

class Gpu;

enum class StereoPath { Auto, Multiview, TwoPass };

const char* stereoPathName(StereoPath path);  // "auto", "multiview", "two-pass"
std::optional<StereoPath> parseStereoPath(std::string_view text);

struct MultiviewProbe {
    std::uint64_t coveredPixels = 0;    // the triangle's pixels drawn one layer at a time (both layers)
    std::uint64_t differingPixels = 0;  // multiview layers that differ from them
    bool multiviewCorrect() const { return coveredPixels > 0 && differingPixels == 0; }
};

// Renders the probe on `gpu` (a few milliseconds; waits for the queue).
MultiviewProbe probeMultiview(Gpu& gpu);

// The path a renderer with `requested` takes, and why (for the log line).
struct StereoChoice {
    StereoPath path = StereoPath::Multiview;
    std::optional<MultiviewProbe> probe;  // with Auto only
    std::string describe() const;         // e.g. "two-pass (multiview probe: 812 of 2048 pixels differ)"
};
StereoChoice chooseStereoPath(Gpu& gpu, StereoPath requested);

}  // namespace places::render
