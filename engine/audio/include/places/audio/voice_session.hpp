#pragma once
// The voice of one visitor's client, owned by a front end (the desktop view
// now, the headset later): the microphone through VAD or push-to-talk into
// Opus frames to send, and every remote speaker placed around the listener's
// head. It takes and gives plain data; the runtime carries the frames to and
// from the relay (voice_format.hpp names the one-line adapters).
//
// Without a usable output device the session does not exist: open() gives
// the reason ("no audio output device ..."), which the front end prints once
// before carrying on silent; without a microphone it listens only (a
// warning). Single-threaded: the frame loop's thread, at least every 20 ms
// (queuedFrames x 20 ms of audio is queued ahead of the sound card).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "places/audio/audio_output.hpp"
#include "places/audio/capture_device.hpp"
#include "places/audio/voice_playback.hpp"
#include "places/audio/voice_sender.hpp"

namespace places::audio {

struct VoiceSessionSettings {
    std::string outputDevice;      // --audio-device NAME; empty = default
    std::string microphone;        // --microphone NAME; empty = default
    bool listenOnly = false;       // no microphone at all
    bool pushToTalk = false;       // --push-to-talk KEY given: send only while it is held
    bool loopback = false;         // render into memory (tests, benchmarks)
    VoiceSenderSettings sender;
    PlaybackSettings playback;
};

class VoiceSession {
public:
    // Warnings (no microphone) ride along in the diagnostics of a session that opened.
    static Result<VoiceSession> open(const VoiceSessionSettings& settings);

    VoiceSession(VoiceSession&&) noexcept = default;
    VoiceSession& operator=(VoiceSession&&) noexcept = default;
    ~VoiceSession() = default;

    // Reads the microphone and returns the frames to send (captureMicros on
    // the caller's clock `nowMicros`). Empty without a microphone.
    std::vector<EncodedFrame> capture(std::uint64_t nowMicros);
    // Feeds microphone samples directly (tests, bots): the same path as capture().
    std::vector<EncodedFrame> push(std::span<const float> pcm, std::uint64_t captureMicros) {
        return sender_.push(pcm, captureMicros);
    }
    void setTalkKeyHeld(bool held) { sender_.setTalkKeyHeld(held); }
    bool selfSpeaking() const { return sender_.sending(); }

    void receive(const VoicePacket& packet) { playback_->receive(packet); }
    void setListener(const HeadPose& head) { playback_->setListener(head); }
    void setSpeakerPose(std::uint32_t speaker, const HeadPose& head) { playback_->setSpeakerPose(speaker, head); }
    bool speaking(std::uint32_t speaker) const { return playback_->speaking(speaker); }
    // Tops the sound card's queues up; call every frame.
    void update() { playback_->update(); }

    AudioOutput& output() { return output_; }
    VoicePlayback& playback() { return *playback_; }
    const VoiceSender& sender() const { return sender_; }
    bool hasMicrophone() const { return microphone_.has_value(); }
    // One line for the log: devices, HRTF, microphone, push-to-talk.
    std::string describe() const;

private:
    VoiceSession(AudioOutput output, std::optional<CaptureDevice> microphone, const VoiceSessionSettings& settings);

    AudioOutput output_;  // first: the playback's sources live in its context
    std::optional<CaptureDevice> microphone_;
    VoiceSender sender_;
    std::unique_ptr<VoicePlayback> playback_;
    std::vector<float> captured_;
    bool pushToTalk_ = false;
};

}  // namespace places::audio
