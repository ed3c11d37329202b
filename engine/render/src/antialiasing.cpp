#include "places/render/antialiasing.hpp"

#include "places/render/device.hpp"

namespace places::render {

std::optional<Msaa> parseMsaa(std::string_view text) {
    if (text == "auto") return Msaa::Auto;
    if (text == "1" || text == "off") return Msaa::Off;
    if (text == "4") return Msaa::X4;
    return std::nullopt;
}

const char* toString(Msaa msaa) {
    switch (msaa) {
        case Msaa::Auto: return "auto";
        case Msaa::Off: return "1";
        case Msaa::X4: return "4";
    }
    return "auto";
}

VkSampleCountFlagBits chooseSamples(Msaa msaa, const DeviceCapabilities& device) {
    const bool wanted = msaa == Msaa::X4 || (msaa == Msaa::Auto && !device.cpuDevice);
    return wanted ? device.msaaSamples : VK_SAMPLE_COUNT_1_BIT;
}

}  // namespace places::render
