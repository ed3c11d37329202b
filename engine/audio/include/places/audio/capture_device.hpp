#pragma once
// The microphone through OpenAL's capture API (ALC capture): mono, 16-bit,
// 48 kHz, read in whatever amounts have arrived. The device's ring holds
// half a second; a caller that reads less often loses the oldest samples
// (counted). Move-only; one thread.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "places/core/diagnostic.hpp"

namespace places::audio {

class CaptureDevice {
public:
    static constexpr std::uint32_t kRingSamples = 24000;  // 500 ms

    // `name` empty = the system's default microphone. Errors name the device
    // and list the available ones. Capture starts at once.
    static Result<CaptureDevice> open(const std::string& name);

    ~CaptureDevice();
    CaptureDevice(CaptureDevice&&) noexcept;
    CaptureDevice& operator=(CaptureDevice&&) noexcept;

    const std::string& name() const { return name_; }
    // Appends every sample captured since the last call (floats in [-1, 1]);
    // returns how many. The last of them was captured just now: the first
    // one's capture time is now minus their duration.
    std::size_t read(std::vector<float>& out);

private:
    CaptureDevice() = default;
    struct Handle;
    std::unique_ptr<Handle> handle_;
    std::string name_;
    std::vector<std::int16_t> scratch_;
};

}  // namespace places::audio
