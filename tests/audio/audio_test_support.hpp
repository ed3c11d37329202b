#pragma once
// Measurements the audio tests share: level and dominant frequency of PCM.
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>

#include "places/audio/voice_format.hpp"

namespace places::audio::test {

inline double rms(std::span<const float> s) {
    double sum = 0.0;
    for (float v : s) sum += double(v) * double(v);
    return s.empty() ? 0.0 : std::sqrt(sum / double(s.size()));
}

// Power of `s` at `hz` (Goertzel); compare between frequencies.
inline double powerAt(std::span<const float> s, double hz) {
    const double w = 2.0 * std::numbers::pi * hz / double(kSampleRateHz);
    const double c = 2.0 * std::cos(w);
    double s1 = 0.0, s2 = 0.0;
    for (float v : s) {
        const double s0 = double(v) + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return s1 * s1 + s2 * s2 - c * s1 * s2;
}

// The strongest frequency between lo and hi Hz in 5 Hz steps.
inline double dominantHz(std::span<const float> s, double lo, double hi) {
    double best = lo, bestPower = -1.0;
    for (double hz = lo; hz <= hi; hz += 5.0)
        if (const double p = powerAt(s, hz); p > bestPower) bestPower = p, best = hz;
    return best;
}

}  // namespace places::audio::test
