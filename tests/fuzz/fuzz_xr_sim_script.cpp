// libFuzzer target: the simulated headset's config/script parser on arbitrary
// text. Properties: never crashes (ASan/UBSan); a result without errors holds
// a value, and every value it holds is within the documented ranges; pose and
// input look-ups over the parsed keys stay well-defined.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "places/xr_sim/sim_script.hpp"

using namespace places::xr_sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = parseSimConfig(text, "fuzz.json");
    if (!parsed.diagnostics.hasErrors() && !parsed.value) std::abort();
    if (!parsed.value) return 0;
    const SimConfig& c = *parsed.value;
    if (c.refreshHz != 72.0 && c.refreshHz != 90.0 && c.refreshHz != 120.0) std::abort();
    if (c.eyeWidth < 16 || c.eyeWidth > 8192 || c.eyeHeight < 16 || c.eyeHeight > 8192) std::abort();
    for (const auto& key : c.head)
        if (!std::isfinite(glm::length(key.orientation)) || std::abs(glm::length(key.orientation) - 1.0) > 1e-6)
            std::abort();
    const PoseKey fallback;
    for (std::uint64_t frame : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{1000}}) {
        (void)poseAt(c.head, frame, fallback);
        (void)inputsAt(c.inputs, frame);
    }
    return 0;
}
