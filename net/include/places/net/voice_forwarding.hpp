#pragma once
// Which speakers one listener hears: the relay forwards each listener at most
// `streams` voices (selective forwarding, as the Jitsi bridge does with its
// loudest N), chosen once per tick and used for every frame until the next.
// Stage hosts come first (a talk or a performance reaches the whole venue);
// the other places go to the highest loudness x distance gain. Plain data: the
// relay's rules (voice_relay.cpp) feed it and tests call it directly.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

#include "places/net/voice_frame.hpp"

namespace places::net {

struct VoiceConfig {
    std::uint32_t streams = 6;            // per listener, at most (`places relay --voice-streams`)
    float referenceDistance = 1.0f;       // metres; full gain this close
    float cutoffDistance = 40.0f;         // metres; not heard beyond (hosts excepted)
    std::uint32_t activeMs = 300;         // a speaker competes this long after its last frame
    // Per listener: voice bytes the relay sends at most (a token bucket; a
    // frame that does not fit is dropped, never queued behind poses). 6 streams
    // of 32 kbps Opus with headers are ~27 kB/s; this leaves room for bursts.
    double listenerBytesPerSecond = 40'000.0;
    double listenerBurstBytes = 8'000.0;
    bool forwardAll = false;              // bench baseline: every speaker to everyone who sees it
};

// Inverse distance, clamped: 1 within the reference distance, 0 beyond the cutoff.
float voiceDistanceGain(float distance, const VoiceConfig& config);

struct VoiceCandidate {
    ParticipantId id = 0;
    glm::vec3 position{0.0f};
    float level = 0.0f;  // linear amplitude, recent peak (loudnessAmplitude of its frames)
    bool host = false;   // always heard, ranked before everyone else
};

// Picks at most config.streams of `candidates` for a listener at `listener`
// (never `self`): hosts first, loudest first; then the others with a non-zero
// level x voiceDistanceGain, highest first; ties by id, so the choice is
// deterministic. Appends their ids to `out` (cleared first).
void pickVoiceStreams(const glm::vec3& listener, ParticipantId self, std::span<const VoiceCandidate> candidates,
                      const VoiceConfig& config, std::vector<ParticipantId>& out);

}  // namespace places::net
