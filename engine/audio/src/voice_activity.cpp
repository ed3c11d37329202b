#include "places/audio/voice_activity.hpp"

#include <algorithm>
#include <cmath>

namespace places::audio {

float frameLoudnessDbfs(std::span<const float> pcm) {
    if (pcm.empty()) return -127.0f;
    double sum = 0.0;
    for (const float s : pcm) sum += double(s) * double(s);
    const double rms = std::sqrt(sum / double(pcm.size()));
    if (!(rms > 0.0)) return -127.0f;
    return std::max(-127.0f, float(20.0 * std::log10(rms)));
}

float zeroCrossingRate(std::span<const float> pcm) {
    if (pcm.size() < 2) return 0.0f;
    std::size_t crossings = 0;
    for (std::size_t i = 1; i < pcm.size(); ++i) crossings += (pcm[i - 1] < 0.0f) != (pcm[i] < 0.0f);
    return float(crossings) / float(pcm.size() - 1);
}

bool VoiceActivityDetector::process(std::span<const float> pcm) {
    const float level = frameLoudnessDbfs(pcm);
    const float zcr = zeroCrossingRate(pcm);
    recentLevels_.push_back(level);
    while (recentLevels_.size() > std::max<std::uint32_t>(settings_.floorWindowFrames, 1)) recentLevels_.pop_front();
    floorDbfs_ = *std::min_element(recentLevels_.begin(), recentLevels_.end());
    const float above = level - floorDbfs_;
    speech_ = level > settings_.minLevelDbfs &&
              (above > settings_.loudMarginDb || (above > settings_.marginDb && zcr < settings_.maxZeroCrossingRate));
    if (speech_) {
        hangoverLeft_ = settings_.hangoverFrames;
        return true;
    }
    if (hangoverLeft_ > 0) {
        --hangoverLeft_;
        return true;
    }
    return false;
}

}  // namespace places::audio
