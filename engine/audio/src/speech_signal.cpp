#include "places/audio/speech_signal.hpp"

#include <cmath>
#include <numbers>

#include "places/audio/voice_format.hpp"

namespace places::audio {

std::vector<float> speechLikeSignal(std::uint64_t samples, const SpeechSignalSettings& s) {
    std::vector<float> out(samples);
    constexpr double twoPi = 2.0 * std::numbers::pi;
    const double dt = 1.0 / double(kSampleRateHz);
    double phase = 0.0;  // of the fundamental, integrated so the drift is smooth
    double norm = 0.0;
    for (std::uint32_t k = 1; k <= s.harmonics; ++k) norm += 1.0 / double(k);
    for (std::uint64_t i = 0; i < samples; ++i) {
        const double t = double(i) * dt + double(s.phase);
        const double f0 = s.pitchHz + s.pitchDriftHz * std::sin(twoPi * t / s.pitchDriftPeriodS);
        phase += twoPi * f0 * dt;
        double v = 0.0;
        for (std::uint32_t k = 1; k <= s.harmonics; ++k) v += std::sin(double(k) * phase) / double(k);
        // Syllables: the positive half of a sine, sharpened; a pause between each.
        const double syllable = std::sin(twoPi * s.syllableRateHz * t);
        const double envelope = syllable > 0.0 ? std::pow(syllable, 0.6) : 0.0;
        out[i] = float(double(s.peakLevel) * envelope * v / norm * 2.0);
    }
    return out;
}

std::vector<float> sineTone(std::uint64_t samples, float frequencyHz, float amplitude) {
    std::vector<float> out(samples);
    for (std::uint64_t i = 0; i < samples; ++i)
        out[i] = amplitude * float(std::sin(2.0 * std::numbers::pi * double(frequencyHz) * double(i) /
                                            double(kSampleRateHz)));
    return out;
}

}  // namespace places::audio
