#include "places/audio/voice_session.hpp"

#include <algorithm>

namespace places::audio {

Result<VoiceSession> VoiceSession::open(const VoiceSessionSettings& settings) {
    Result<VoiceSession> result;
    Result<AudioOutput> output = AudioOutput::open({.device = settings.outputDevice, .loopback = settings.loopback});
    result.diagnostics.append(output.diagnostics);
    if (!output.ok()) return result;
    std::optional<CaptureDevice> microphone;
    if (!settings.listenOnly && !settings.loopback) {
        Result<CaptureDevice> capture = CaptureDevice::open(settings.microphone);
        if (capture.ok()) {
            microphone = std::move(*capture);
        } else {
            // Listening still works: a warning, not an error.
            for (const Diagnostic& d : capture.diagnostics.items())
                result.diagnostics.warning(d.where, d.message + "; voice is listen-only");
        }
    }
    result.value.emplace(VoiceSession(std::move(*output), std::move(microphone), settings));
    return result;
}

VoiceSession::VoiceSession(AudioOutput output, std::optional<CaptureDevice> microphone,
                           const VoiceSessionSettings& settings)
    : output_(std::move(output)),
      microphone_(std::move(microphone)),
      sender_([&] {
          VoiceSenderSettings s = settings.sender;
          s.pushToTalk = settings.pushToTalk;
          return s;
      }()),
      playback_(std::make_unique<VoicePlayback>(settings.playback)),
      pushToTalk_(settings.pushToTalk) {}

std::vector<EncodedFrame> VoiceSession::capture(std::uint64_t nowMicros) {
    if (!microphone_) return {};
    captured_.clear();
    const std::size_t n = microphone_->read(captured_);
    if (n == 0) return {};
    // The newest sample is from now; the first is n samples older.
    const std::uint64_t span = std::uint64_t(n) * 1000000u / kSampleRateHz;
    return sender_.push(captured_, nowMicros - std::min(nowMicros, span));
}

std::string VoiceSession::describe() const {
    std::string s = "voice: output '" + output_.deviceName() + "', HRTF " +
                    (output_.hrtf().active ? "on ('" + output_.hrtf().name + "')" : "off (" + output_.hrtf().status + ")");
    s += microphone_ ? ", microphone '" + microphone_->name() + "'" : std::string(", no microphone (listen-only)");
    if (microphone_) s += pushToTalk_ ? ", push-to-talk" : ", voice activity";
    return s;
}

}  // namespace places::audio
