#pragma once
// A speech-like test signal made in code, so voice can be tested and
// benchmarked without a recording or a person: a harmonic series (a voice's
// glottal buzz, partials falling 6 dB per octave) whose pitch drifts like
// intonation, amplitude-modulated at a syllable rate with short pauses between
// syllables. Deterministic: the same settings give the same samples.
#include <cstdint>
#include <vector>

namespace places::audio {

struct SpeechSignalSettings {
    float pitchHz = 140.0f;          // mean fundamental
    float pitchDriftHz = 25.0f;      // +- this, over pitchDriftPeriodS
    float pitchDriftPeriodS = 1.3f;
    float syllableRateHz = 4.0f;     // syllables per second (speech is ~4-5)
    std::uint32_t harmonics = 24;    // partials up to ~3.4 kHz at 140 Hz
    float peakLevel = 0.3f;          // linear peak of the envelope (about -16 dBFS RMS)
    float phase = 0.0f;              // seconds: another voice starts elsewhere in its sentence
};

// `samples` samples at 48 kHz, mono, in [-1, 1].
std::vector<float> speechLikeSignal(std::uint64_t samples, const SpeechSignalSettings& settings = {});

// A pure tone (for codec and spatialisation checks).
std::vector<float> sineTone(std::uint64_t samples, float frequencyHz, float amplitude);

}  // namespace places::audio
