#pragma once
// Every remote speaker heard where they stand: one VoiceStream (jitter buffer
// + Opus decode with FEC and concealment) and one OpenAL source per speaker,
// the source at the speaker's head in the venue frame and the OpenAL
// listener at this visitor's head, so OpenAL Soft's HRTF renders direction
// and the inverse-distance-clamped model the distance; beyond the cutoff a
// speaker is silent. The sound card's consumption is the clock: update()
// tops every source up to `queuedFrames` buffers, pulling one frame per
// buffer played from its stream. Needs a current AudioOutput. One thread.
//
// Poses come from the presence layer, already interpolated between the
// relay's snapshots (VenueClient::avatarStates): pass them every frame.
// Bounds: at most kMaxSpeakers streams (the relay forwards ~6); a stream with
// no packet for kIdleCloseFrames is closed.
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "places/audio/voice_format.hpp"
#include "places/audio/voice_stream.hpp"

namespace places::audio {

struct PlaybackSettings {
    float referenceDistanceM = 1.0f;  // full level up to here
    float rolloff = 1.0f;             // 1: -6 dB per doubling of distance beyond the reference
    float cutoffM = 40.0f;            // silent beyond (and the clamp of the distance model)
    std::uint32_t queuedFrames = 3;   // 20 ms buffers queued ahead of the mixer per source
    bool concealment = true;          // off: lost frames are silence (comparisons only)
};

// The gain OpenAL applies at `distanceM` (AL_INVERSE_DISTANCE_CLAMPED), and 0
// beyond the cutoff: ref / (ref + rolloff * (clamp(d, ref, cutoff) - ref)).
float distanceGain(float distanceM, const PlaybackSettings& settings);

struct PlaybackCounts {
    StreamCounts slots;              // over all streams, closed ones included
    std::uint64_t packets = 0;
    std::uint64_t refusedSpeakers = 0;  // packets from speakers over kMaxSpeakers
    std::uint64_t closedStreams = 0;
};

class VoicePlayback {
public:
    static constexpr std::size_t kMaxSpeakers = 32;
    static constexpr std::uint32_t kIdleCloseFrames = 150;  // 3 s

    explicit VoicePlayback(const PlaybackSettings& settings = {});
    ~VoicePlayback();
    VoicePlayback(const VoicePlayback&) = delete;
    VoicePlayback& operator=(const VoicePlayback&) = delete;

    void receive(const VoicePacket& packet);
    void setListener(const HeadPose& head);
    // A speaker without a pose yet is heard in the head (no direction).
    void setSpeakerPose(std::uint32_t speaker, const HeadPose& head);
    void setSettings(const PlaybackSettings& settings) { settings_ = settings; }
    const PlaybackSettings& settings() const { return settings_; }

    void update();

    bool speaking(std::uint32_t speaker) const;
    std::vector<std::uint32_t> speakers() const;
    // Capture time (ms, receiver clock) of the speaker's frame played last; 0 = none.
    std::uint32_t lastCaptureTimeMs(std::uint32_t speaker) const;
    PlaybackCounts counts() const;

private:
    struct Speaker;
    PlaybackSettings settings_;
    HeadPose listener_;
    std::map<std::uint32_t, std::unique_ptr<Speaker>> speakers_;
    std::vector<float> pcm_;
    PlaybackCounts closed_;  // counts of streams already closed
};

}  // namespace places::audio
