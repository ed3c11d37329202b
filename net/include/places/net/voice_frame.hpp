#pragma once
// One frame of spatial voice as the network carries it: the contract between
// the relay/client (places_net) and the audio side (places_audio), which
// encodes, decodes and plays the Opus payload. The network never looks inside
// the payload; it ranks, forwards and times frames by the fields here.
// Wire form: docs/formats/protocol.md, "Voice" (messages 0x07 up, 0x89 down,
// ENet channel 2, unreliable and unsequenced).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace places::net {

// Participant ids are u16 on the wire (protocol.hpp has the same alias).
using ParticipantId = std::uint16_t;

// Opus mono, 48 kHz, one 20 ms frame per message. 20 ms at 32 kbps is 80 bytes;
// the limit leaves room up to 64 kbps and refuses anything larger (counted as
// `voice_oversized` by the relay).
inline constexpr std::uint32_t kVoiceSampleRateHz = 48000;
inline constexpr std::uint32_t kVoiceFrameMs = 20;
inline constexpr std::uint32_t kVoiceFrameSamples = kVoiceSampleRateHz / 1000 * kVoiceFrameMs;  // 960
inline constexpr std::size_t kMaxVoicePayloadBytes = 160;

// Loudness: the sender's RMS level of the frame's PCM in dBFS, quantised to
// whole decibels as `code = clamp(round(dBFS) + 127, 0, 127)`: 127 = full scale,
// 0 = -127 dBFS or quieter (digital silence). Bit 7 is reserved (0). The relay
// ranks speakers by it; it never decodes audio.
inline constexpr std::uint8_t kLoudnessFullScale = 127;

inline std::uint8_t quantizeLoudness(float dbfs) {
    if (!(dbfs > -127.0f)) return 0;  // also NaN and -inf (silence)
    const float code = std::round(dbfs) + 127.0f;
    return static_cast<std::uint8_t>(std::clamp(code, 0.0f, 127.0f));
}
inline float loudnessDbfs(std::uint8_t code) { return static_cast<float>(std::min<int>(code, 127)) - 127.0f; }
// Linear amplitude (0..1) of a loudness code, for ranking loudness x distance gain.
inline float loudnessAmplitude(std::uint8_t code) {
    return code == 0 ? 0.0f : std::pow(10.0f, loudnessDbfs(code) / 20.0f);
}

// One voice frame. The client API (places/net/client.hpp):
//   bool Client::sendVoice(std::uint16_t seq, std::uint64_t captureMicros,
//                          std::uint8_t loudness, std::span<const std::byte> opus);
//     `captureMicros` is the sender's Clock::nowMicros() at capture; the client
//     converts it to the relay clock. False (nothing sent) when not joined or the
//     payload is empty or over kMaxVoicePayloadBytes.
//   std::function<void(const VoiceFrame&)> Client::onVoice;
//     called for every frame the relay forwards (at most N speakers at a time).
//   std::optional<std::uint32_t> Client::relayTimeMs() const;
//     the relay clock now as this client estimates it; relayTimeMs() -
//     frame.captureTimeMs (mod 2^32) is the frame's age (mouth to receipt).
struct VoiceFrame {
    ParticipantId speaker = 0;       // who spoke; set by the relay (a client cannot claim another id)
    std::uint16_t seq = 0;           // per speaker, +1 per 20 ms frame (wraps); gaps = loss or silence
    std::uint32_t captureTimeMs = 0; // capture time of the frame's first sample, RELAY clock ms (wraps)
    std::uint8_t loudness = 0;       // quantizeLoudness() of the frame's PCM
    std::vector<std::byte> opus;     // one Opus packet, 1..kMaxVoicePayloadBytes bytes
    bool operator==(const VoiceFrame&) const = default;
};

}  // namespace places::net
