#pragma once
// `places bench voice`: what voice costs a client per 20 ms frame, each next
// to a baseline measured in the same run, and the latency the receiving
// pipeline adds. Medians over repeated batches; the generated speech-like
// signal is the input throughout (speech_signal.hpp).
//   encode            one frame, Opus at our complexity (5) | baseline: libopus's default (10)
//   decode + jitter   put + take + decode of one frame      | baseline: decode alone
//   mix N sources     OpenAL Soft mixing 20 ms of N voices on the loopback device,
//                     HRTF on                               | baseline: HRTF off
//   latency           capture to mix on a simulated network with uniform jitter:
//                     framing (20 ms) + network + jitter-buffer wait + the
//                     source queue ahead of the mixer
#include <cstdint>
#include <string>
#include <vector>

namespace places::audio {

struct VoiceBenchSettings {
    std::uint32_t sources = 6;     // the relay forwards at most 6 speakers by default
    std::uint32_t frames = 500;    // frames per batch (10 s of audio)
    std::uint32_t batches = 7;     // the median batch is reported
    std::vector<std::uint32_t> jitterMs = {0, 40, 100};  // latency runs: uniform jitter 0..this
};

struct CostPair {
    double microsPerFrame = 0.0;   // median batch, per 20 ms frame
    double baselineMicrosPerFrame = 0.0;
};

struct LatencyRun {
    std::uint32_t jitterMs = 0;
    double networkMedianMs = 0.0;     // simulated transit
    double jitterWaitMedianMs = 0.0;  // arrival to leaving the jitter buffer
    double captureToMixMedianMs = 0.0;
    double captureToMixP99Ms = 0.0;
    double lateFraction = 0.0;        // frames that missed their turn (concealed)
};

struct VoiceBenchResult {
    CostPair encode, decode, mix;
    bool hrtfActive = false;
    std::uint32_t queuedFrames = 0;
    std::vector<LatencyRun> latency;
};

// Errors (no loopback device) are thrown as std::runtime_error.
VoiceBenchResult runVoiceBenchmark(const VoiceBenchSettings& settings);

}  // namespace places::audio
