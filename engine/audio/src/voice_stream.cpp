#include "places/audio/voice_stream.hpp"

#include <algorithm>
#include <cmath>

namespace places::audio {

namespace {

// libopus's float API does not clip: hostile packets decode to samples far
// beyond full scale (the fuzzer found them). Everything leaving a stream is
// finite and within [-1, 1].
void clip(std::span<float> pcm) {
    for (float& v : pcm) v = std::isfinite(v) ? std::clamp(v, -1.0f, 1.0f) : 0.0f;
}

}  // namespace

SlotKind VoiceStream::next(std::span<float> pcm) {
    const SlotKind kind = decodeNext(pcm);
    clip(pcm);
    return kind;
}

SlotKind VoiceStream::decodeNext(std::span<float> pcm) {
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
