#include "places/net/speech_synth.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace places::net {
namespace {

constexpr std::size_t kTableSize = 2048;
constexpr int kHarmonics = 24;  // up to ~3 kHz at 120 Hz: the band that carries speech
constexpr float kPeak = 0.35f;  // about -12 dBFS at a syllable's peak

}  // namespace

SpeechSynth::SpeechSynth(std::uint32_t seed) : rng_(seed), table_(kTableSize) {
    for (std::size_t i = 0; i < kTableSize; ++i) {
        const double x = 2.0 * std::numbers::pi * static_cast<double>(i) / kTableSize;
        double v = 0.0;
        for (int k = 1; k <= kHarmonics; ++k) v += std::sin(k * x) / k;
        table_[i] = static_cast<float>(v);
    }
    const float peak = *std::max_element(table_.begin(), table_.end(), [](float a, float b) {
        return std::abs(a) < std::abs(b);
    });
    for (float& v : table_) v /= std::abs(peak);
    // Voices from low to high, as a crowd has them.
    basePitchHz_ = std::uniform_real_distribution<float>(90.0f, 220.0f)(rng_);
    spurtLeftS_ = std::uniform_real_distribution<double>(0.5, 3.0)(rng_);
    startSyllable();
}

void SpeechSynth::startSyllable() {
    syllableS_ = std::uniform_real_distribution<double>(0.15, 0.3)(rng_);
    syllableAtS_ = 0.0;
    syllableGain_ = std::uniform_real_distribution<float>(0.4f, 1.0f)(rng_);
}

bool SpeechSynth::next(std::span<std::int16_t, kVoiceFrameSamples> out) {
    constexpr double dt = 1.0 / kVoiceSampleRateHz;
    constexpr double frameS = kVoiceFrameMs / 1000.0;
    if (pauseLeftS_ > 0.0) {
        pauseLeftS_ -= frameS;
        std::fill(out.begin(), out.end(), std::int16_t{0});
        if (pauseLeftS_ <= 0.0) {
            spurtLeftS_ = std::uniform_real_distribution<double>(1.0, 4.0)(rng_);
            startSyllable();
        }
        return false;
    }
    // Intonation: the pitch wanders within about +-3 semitones.
    drift_ = std::clamp(drift_ + std::normal_distribution<float>(0.0f, 0.25f)(rng_), -3.0f, 3.0f);
    const double pitch = basePitchHz_ * std::pow(2.0, drift_ / 12.0);
    std::normal_distribution<float> breath(0.0f, 0.01f);
    for (std::int16_t& sample : out) {
        // Syllables: a raised-sine envelope each, with a short gap between.
        const double s = syllableAtS_ / syllableS_;
        const double envelope = s < 1.0 ? std::pow(std::sin(std::numbers::pi * s), 1.5) : 0.0;
        syllableAtS_ += dt;
        if (syllableAtS_ > syllableS_ * 1.15) startSyllable();
        phase_ += pitch * dt;
        phase_ -= std::floor(phase_);
        const float voiced = table_[static_cast<std::size_t>(phase_ * kTableSize) % kTableSize];
        const float v = kPeak * syllableGain_ * static_cast<float>(envelope) * voiced + breath(rng_);
        sample = static_cast<std::int16_t>(std::clamp(v, -1.0f, 1.0f) * 32767.0f);
    }
    spurtLeftS_ -= frameS;
    if (spurtLeftS_ <= 0.0) pauseLeftS_ = std::uniform_real_distribution<double>(0.4, 2.0)(rng_);
    return true;
}

float rmsDbfs(std::span<const std::int16_t> pcm) {
    if (pcm.empty()) return -std::numeric_limits<float>::infinity();
    double sum = 0.0;
    for (std::int16_t s : pcm) sum += static_cast<double>(s) * s;
    const double rms = std::sqrt(sum / static_cast<double>(pcm.size())) / 32768.0;
    return rms > 0.0 ? static_cast<float>(20.0 * std::log10(rms)) : -std::numeric_limits<float>::infinity();
}

}  // namespace places::net
