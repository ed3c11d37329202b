#pragma once
// One remote speaker, from packets to PCM: the jitter buffer orders and times
// the packets, the Opus decoder turns each 20 ms slot into samples: its own
// packet, or the frame rebuilt from the next packet's FEC, or (no next packet
// either) Opus's packet-loss concealment. After kMaxConcealedFrames missing
// slots in a row the speaker has stopped talking (a pause, not a loss) and
// the slots are plain silence until the next packet.
// Pure (no device): playback pulls one frame per 20 ms. One thread.
#include <cstdint>
#include <span>

#include "places/audio/jitter_buffer.hpp"
#include "places/audio/opus_codec.hpp"
#include "places/audio/voice_format.hpp"

namespace places::audio {

enum class SlotKind : std::uint8_t { Decoded, Recovered, Concealed, Silence };

struct StreamCounts {
    std::uint64_t decoded = 0, recovered = 0, concealed = 0, silent = 0, corrupt = 0;
};

class VoiceStream {
public:
    static constexpr std::uint32_t kMaxConcealedFrames = 5;   // 100 ms; then a pause is silence
    static constexpr std::uint32_t kSpeakingHoldFrames = 10;  // "speaking" lasts 200 ms past the last frame

    // `concealment` off: a missing frame is silence (for tests and comparisons).
    explicit VoiceStream(bool concealment = true) : concealment_(concealment) {}

    void receive(std::uint16_t sequence, std::uint32_t captureTimeMs, std::span<const std::byte> opus) {
        jitter_.put(sequence, captureTimeMs, opus);
        framesSincePacket_ = 0;
    }
    // The next 20 ms: fills `pcm` (kFrameSamples, finite, within [-1, 1])
    // and says what it is.
    SlotKind next(std::span<float> pcm);

    // Heard recently: the avatar's speaking indicator.
    bool speaking() const { return framesSinceVoice_ < kSpeakingHoldFrames; }
    // Slots played since the last packet arrived (a stream idle for long is closed).
    std::uint32_t framesSincePacket() const { return framesSincePacket_; }
    // Capture time (ms, the receiver's clock) of the last frame played from its packet.
    std::uint32_t lastCaptureTimeMs() const { return lastCaptureTimeMs_; }
    const StreamCounts& counts() const { return counts_; }
    const VoiceJitterBuffer& jitter() const { return jitter_; }

private:
    SlotKind decodeNext(std::span<float> pcm);

    VoiceJitterBuffer jitter_;
    OpusVoiceDecoder decoder_;
    bool concealment_ = true;
    std::uint32_t missingInRow_ = kMaxConcealedFrames;  // start as after a pause
    std::uint32_t framesSinceVoice_ = kSpeakingHoldFrames;
    std::uint32_t framesSincePacket_ = 0;
    std::uint32_t lastCaptureTimeMs_ = 0;
    StreamCounts counts_;
};

}  // namespace places::audio
