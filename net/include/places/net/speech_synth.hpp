#pragma once
// Speech-like audio for voice bots (`places bots --voice K`), generated, no
// recording needed: a harmonic series (a glottal-pulse-like spectrum, 1/k
// amplitudes) whose pitch drifts around a per-speaker base, amplitude-modulated
// at a syllable rate (150-300 ms syllables), in talk spurts of 1-4 s separated
// by pauses of 0.4-2 s. Opus and a VAD treat it as voiced speech (harmonic,
// modulated at 3-7 Hz, with silences), which is what voice load tests need.
// Deterministic for a seed.
#include <array>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "places/net/voice_frame.hpp"

namespace places::net {

class SpeechSynth {
public:
    explicit SpeechSynth(std::uint32_t seed);

    // The next 20 ms (kVoiceFrameSamples at 48 kHz). False during a pause
    // (the samples are then zero): a speaker's VAD would send nothing.
    bool next(std::span<std::int16_t, kVoiceFrameSamples> out);

private:
    void startSyllable();
    std::mt19937 rng_;
    std::vector<float> table_;  // one period of the harmonic waveform
    float basePitchHz_ = 120.0f;
    double phase_ = 0.0;        // in periods, [0, 1)
    float drift_ = 0.0f;        // semitones around the base
    double spurtLeftS_ = 0.0, pauseLeftS_ = 0.0;
    double syllableS_ = 0.2, syllableAtS_ = 0.0;
    float syllableGain_ = 1.0f;
};

// RMS level of 16-bit PCM in dBFS (a full-scale square wave is 0; silence -inf).
float rmsDbfs(std::span<const std::int16_t> pcm);

}  // namespace places::net
