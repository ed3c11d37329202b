#pragma once
// The OpenAL Soft device and context voice plays through: a sound card by
// name (or the default), or the loopback device (ALC_SOFT_loopback) that
// renders the mix into memory, so tests need no sound card. Stereo, 48 kHz,
// HRTF requested (ALC_SOFT_HRTF): the mix is binaural for headphones, and
// `hrtf()` says whether OpenAL Soft granted it and why not.
//
// OpenAL has one current context per process: an AudioOutput makes its own
// current when created, and only one should exist at a time. Move-only.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "places/core/diagnostic.hpp"

namespace places::audio {

struct AudioOutputSettings {
    std::string device;          // playback device name; empty = the system's default
    bool loopback = false;       // render into memory (renderLoopback) instead
    bool hrtf = true;            // ask for HRTF
    // Mixer updates per second: OpenAL Soft's default period is ~20 ms with
    // three periods ahead (~64 ms); voice wants 10 ms periods.
    std::uint32_t refreshHz = 100;
};

struct HrtfState {
    bool active = false;
    std::string status;  // "enabled", "denied", "unsupported format", ...
    std::string name;    // the HRTF data set in use, when active
};

class AudioOutput {
public:
    // Errors name the device and list the available ones.
    static Result<AudioOutput> open(const AudioOutputSettings& settings);

    ~AudioOutput();
    AudioOutput(AudioOutput&&) noexcept;
    AudioOutput& operator=(AudioOutput&&) noexcept;

    const std::string& deviceName() const { return name_; }
    const HrtfState& hrtf() const { return hrtf_; }
    bool loopback() const { return loopback_; }
    // Loopback only: mixes `stereo.size() / 2` frames (interleaved L, R floats)
    // of everything playing, advancing the sources by as much.
    void renderLoopback(std::span<float> stereo);

private:
    AudioOutput() = default;
    struct Handles;
    std::unique_ptr<Handles> handles_;
    std::string name_;
    HrtfState hrtf_;
    bool loopback_ = false;
};

// Device names as OpenAL lists them (for --list-audio-devices and errors).
std::vector<std::string> playbackDeviceNames();
std::vector<std::string> captureDeviceNames();

}  // namespace places::audio
