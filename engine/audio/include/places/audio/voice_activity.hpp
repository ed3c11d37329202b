#pragma once
// Voice activity detection for the microphone: which 20 ms frames are worth
// sending. Energy against a tracked noise floor, plus the zero-crossing rate
// (voiced speech crosses zero far less often than hiss or fan noise of the
// same level), and a hangover that keeps the channel open through the short
// pauses between words so a sentence is not chopped into bursts.
// Pure: frames in, decisions out; no device, no clock.
#include <cstdint>
#include <deque>
#include <span>

namespace places::audio {

// RMS level of a frame in dBFS (0 = a full-scale square wave); -127 for
// digital silence. This is the loudness a frame is sent with.
float frameLoudnessDbfs(std::span<const float> pcm);

// Zero crossings per sample (0..1).
float zeroCrossingRate(std::span<const float> pcm);

struct VadSettings {
    float marginDb = 12.0f;          // speech is at least this far above the noise floor ...
    float minLevelDbfs = -55.0f;     // ... and above this level, whatever the floor
    float maxZeroCrossingRate = 0.25f;  // ... with fewer crossings than this (voiced) ...
    float loudMarginDb = 24.0f;      // ... unless it is this far above the floor (loud is loud)
    std::uint32_t hangoverFrames = 15;  // 300 ms: frames kept open after the last speech frame
    // The noise floor is the quietest frame of the last floorWindowFrames
    // (minimum statistics): speech has pauses between syllables, so the floor
    // stays at the room's level through a sentence and follows a room that
    // gets louder within the window.
    std::uint32_t floorWindowFrames = 150;  // 3 s
};

class VoiceActivityDetector {
public:
    explicit VoiceActivityDetector(const VadSettings& settings = {}) : settings_(settings) {}

    // Classifies one frame and returns whether it is sent (speech or hangover).
    bool process(std::span<const float> pcm);

    bool speech() const { return speech_; }          // the last frame itself was speech
    float noiseFloorDbfs() const { return floorDbfs_; }

private:
    VadSettings settings_;
    std::deque<float> recentLevels_;  // dBFS of the last floorWindowFrames frames
    float floorDbfs_ = -127.0f;
    std::uint32_t hangoverLeft_ = 0;
    bool speech_ = false;
};

}  // namespace places::audio
