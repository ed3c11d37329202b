#include "places/audio/voice_sender.hpp"

#include <algorithm>

namespace places::audio {

VoiceSender::VoiceSender(const VoiceSenderSettings& settings)
    : settings_(settings), encoder_(settings.opus), vad_(settings.vad) {
    pending_.reserve(kFrameSamples);
}

std::vector<EncodedFrame> VoiceSender::push(std::span<const float> pcm, std::uint64_t captureMicros) {
    std::vector<EncodedFrame> out;
    // Capture time of pending_[0]: the samples already waiting came before pcm[0].
    const auto micros = [](std::size_t samples) { return std::uint64_t(samples) * 1000000u / kSampleRateHz; };
    std::uint64_t frameStart = captureMicros - std::min<std::uint64_t>(captureMicros, micros(pending_.size()));
    std::size_t used = 0;
    while (used < pcm.size()) {
        const std::size_t take = std::min(pcm.size() - used, kFrameSamples - pending_.size());
        pending_.insert(pending_.end(), pcm.begin() + std::ptrdiff_t(used), pcm.begin() + std::ptrdiff_t(used + take));
        used += take;
        if (pending_.size() < kFrameSamples) break;
        ++counts_.framesCaptured;
        lastLoudnessDbfs_ = frameLoudnessDbfs(pending_);
        // The VAD sees every frame (its noise floor must follow the room) even
        // in push-to-talk, where the key alone decides.
        const bool voice = vad_.process(pending_);
        sending_ = settings_.pushToTalk ? talkKeyHeld_ : voice;
        if (sending_) {
            EncodedFrame f{sequence_, frameStart, lastLoudnessDbfs_, encoder_.encode(pending_)};
            ++counts_.framesSent;
            counts_.bytesSent += f.opus.size();
            out.push_back(std::move(f));
        }
        // Silent frames use up their numbers too: the receiver sees the pause
        // in the sequence and its jitter buffer keeps the timing.
        ++sequence_;
        frameStart += micros(kFrameSamples);
        pending_.clear();
    }
    return out;
}

}  // namespace places::audio
