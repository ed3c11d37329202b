#include "places/audio/voice_stream.hpp"

#include <algorithm>

namespace places::audio {

SlotKind VoiceStream::next(std::span<float> pcm) {
    JitterFrame frame = jitter_.take();
    ++framesSincePacket_;
    if (framesSinceVoice_ < kSpeakingHoldFrames) ++framesSinceVoice_;
    if (frame.kind == JitterFrame::Kind::Packet) {
        missingInRow_ = 0;
        framesSinceVoice_ = 0;
        lastCaptureTimeMs_ = frame.captureTimeMs;
        if (decoder_.decode(frame.opus, pcm)) {
            ++counts_.decoded;
            return SlotKind::Decoded;
        }
        ++counts_.corrupt;  // concealed in its place
        ++counts_.concealed;
        return SlotKind::Concealed;
    }
    if (!concealment_ || missingInRow_ >= kMaxConcealedFrames) {
        missingInRow_ = std::min(missingInRow_ + 1, kMaxConcealedFrames);
        std::fill(pcm.begin(), pcm.end(), 0.0f);
        ++counts_.silent;
        return SlotKind::Silence;
    }
    ++missingInRow_;
    // recover() falls back to concealment itself when the next packet is bad.
    if (frame.next ? decoder_.recover(*frame.next, pcm) : (decoder_.conceal(pcm), false)) {
        ++counts_.recovered;
        return SlotKind::Recovered;
    }
    ++counts_.concealed;
    return SlotKind::Concealed;
}

}  // namespace places::audio
