#pragma once
// Spatial voice as plain data: what the audio side takes and gives, so it is
// tested without a relay. places_audio never includes places_net; the client
// runtime converts with one function each way (docs/OVERVIEW.md, engine/audio):
//   received: audio::VoicePacket{f.speaker, f.seq, f.captureTimeMs, f.opus}   (from net::VoiceFrame)
//   sent:     client.sendVoice(e.sequence, e.captureMicros,
//                              net::quantizeLoudness(e.loudnessDbfs), e.opus)  (from audio::EncodedFrame)
// Audio: Opus mono, 48 kHz, one 20 ms frame (960 samples) per packet.
// Frame of the poses: the venue's local frame (metres, Y up, x east, z south),
// the same frame the avatars are drawn in.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>

namespace places::audio {

inline constexpr std::uint32_t kSampleRateHz = 48000;
inline constexpr std::uint32_t kFrameMs = 20;
inline constexpr std::uint32_t kFrameSamples = kSampleRateHz / 1000 * kFrameMs;  // 960
// The largest Opus packet we make or accept (net's kMaxVoicePayloadBytes: 64 kbps).
inline constexpr std::size_t kMaxPacketBytes = 160;

// One encoded frame from this visitor's microphone (VoiceSender).
struct EncodedFrame {
    std::uint16_t sequence = 0;      // +1 per 20 ms of capture, also across silences (wraps)
    std::uint64_t captureMicros = 0; // the caller's clock at the frame's first sample
    float loudnessDbfs = -127.0f;    // RMS level of the frame's PCM (frameLoudnessDbfs)
    std::vector<std::byte> opus;     // one Opus packet, 1..kMaxPacketBytes bytes
};

// One frame of a remote speaker as it arrived (VoicePlayback::receive).
struct VoicePacket {
    std::uint32_t speaker = 0;
    std::uint16_t sequence = 0;      // the sender's EncodedFrame::sequence
    std::uint32_t captureTimeMs = 0; // the sender's capture time in the receiver's clock (ms, wraps)
    std::vector<std::byte> opus;
};

// A head (speaker or listener): where it is and where it looks.
struct HeadPose {
    glm::vec3 position{0.0f};
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};  // model -> venue frame; the face looks down -z
};

}  // namespace places::audio
