#pragma once
// The microphone side after capture: PCM in, Opus frames out. Cuts the
// sample stream into 20 ms frames, decides per frame whether to send (voice
// activity with hangover, or push-to-talk while the key is held), encodes the
// sent frames and stamps each with its sequence number, capture time and
// loudness. Pure: no device and no clock (the caller gives capture times), so
// tests feed it generated audio. One thread.
#include <cstdint>
#include <span>
#include <vector>

#include "places/audio/opus_codec.hpp"
#include "places/audio/voice_activity.hpp"
#include "places/audio/voice_format.hpp"

namespace places::audio {

struct VoiceSenderSettings {
    OpusEncoderSettings opus;
    VadSettings vad;
    bool pushToTalk = false;  // send only while the talk key is held (the VAD is then ignored)
};

struct VoiceSenderCounts {
    std::uint64_t framesCaptured = 0;
    std::uint64_t framesSent = 0;
    std::uint64_t bytesSent = 0;
};

class VoiceSender {
public:
    explicit VoiceSender(const VoiceSenderSettings& settings = {});

    // `pcm` continues the microphone's samples (48 kHz mono, any length);
    // `captureMicros` is the caller's clock at pcm[0]. Returns the frames to
    // send, oldest first; a partial frame waits for the next call.
    std::vector<EncodedFrame> push(std::span<const float> pcm, std::uint64_t captureMicros);

    void setTalkKeyHeld(bool held) { talkKeyHeld_ = held; }
    bool pushToTalk() const { return settings_.pushToTalk; }
    // Whether the last complete frame was sent (this visitor is speaking).
    bool sending() const { return sending_; }
    float lastLoudnessDbfs() const { return lastLoudnessDbfs_; }
    const VoiceSenderCounts& counts() const { return counts_; }

private:
    VoiceSenderSettings settings_;
    OpusVoiceEncoder encoder_;
    VoiceActivityDetector vad_;
    std::vector<float> pending_;       // samples of the frame being filled
    std::uint16_t sequence_ = 0;       // of the next complete frame
    bool talkKeyHeld_ = false;
    bool sending_ = false;
    float lastLoudnessDbfs_ = -127.0f;
    VoiceSenderCounts counts_;
};

}  // namespace places::audio
