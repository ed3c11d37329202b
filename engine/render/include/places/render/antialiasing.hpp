#pragma once
// How many samples a frame gets. Plain data in, plain data out (no GPU), so the
// policy is unit-tested.
//
// Auto is a per-device-class default, like a quality preset: 4x MSAA on GPUs
// (cheap there, and what a headset needs); none on CPU devices, where every
// sample is CPU work: on lavapipe a 1280x720 festival frame costs 62 ms
// without MSAA and 186 ms with it, the first frame of a process more still
// (docs/performance-render.md). Off and X4 force the choice on any device
// (X4 falls back to 1 sample where colour+depth cannot do 4).
#include <optional>
#include <string_view>

#include <vulkan/vulkan.h>

namespace places::render {

struct DeviceCapabilities;

enum class Msaa { Auto, Off, X4 };

// "auto", "1" / "off", "4"; nullopt for anything else.
std::optional<Msaa> parseMsaa(std::string_view text);
const char* toString(Msaa msaa);

VkSampleCountFlagBits chooseSamples(Msaa msaa, const DeviceCapabilities& device);

}  // namespace places::render
