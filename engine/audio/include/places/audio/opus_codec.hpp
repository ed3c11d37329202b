#pragma once
// Opus for voice (libopus, RFC 6716): mono, 48 kHz, 20 ms frames. The encoder
// runs the VOIP application at a fixed bitrate with in-band FEC, so a lost
// frame can be rebuilt from the redundancy carried by the next one; the
// decoder conceals lost frames (PLC) or recovers them from that FEC.
// Samples are float in [-1, 1]; every call takes or fills exactly
// kFrameSamples. Each object is owned by one thread at a time.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "places/audio/voice_format.hpp"

struct OpusEncoder;
struct OpusDecoder;

namespace places::audio {

struct OpusEncoderSettings {
    std::int32_t bitrateBps = 28000;    // 24-32 kbps is clear speech; 80 bytes per frame at 32 kbps
    std::int32_t expectedLossPercent = 10;  // how much FEC redundancy the encoder spends
    std::int32_t complexity = 5;        // 0..10; 5 keeps encode well under 1 % of a core
};

class OpusVoiceEncoder {
public:
    // Throws std::runtime_error when libopus refuses the settings (a bug, not input).
    explicit OpusVoiceEncoder(const OpusEncoderSettings& settings = {});
    ~OpusVoiceEncoder();
    OpusVoiceEncoder(OpusVoiceEncoder&&) noexcept;
    OpusVoiceEncoder& operator=(OpusVoiceEncoder&&) noexcept;

    // One 20 ms frame (kFrameSamples) -> one packet of at most kMaxPacketBytes.
    std::vector<std::byte> encode(std::span<const float> pcm);

private:
    struct Free {
        void operator()(OpusEncoder* e) const;
    };
    std::unique_ptr<OpusEncoder, Free> encoder_;
};

enum class DecodeKind : std::uint8_t {
    Decoded,    // the frame's own packet
    Recovered,  // rebuilt from the next packet's in-band FEC
    Concealed,  // invented by packet-loss concealment
};

class OpusVoiceDecoder {
public:
    OpusVoiceDecoder();
    ~OpusVoiceDecoder();
    OpusVoiceDecoder(OpusVoiceDecoder&&) noexcept;
    OpusVoiceDecoder& operator=(OpusVoiceDecoder&&) noexcept;

    // Each fills `pcm` (kFrameSamples) and returns false when libopus rejects
    // the packet (corrupt bytes from the network): `pcm` then holds a concealed
    // frame, so the output never has a hole.
    bool decode(std::span<const std::byte> packet, std::span<float> pcm);
    // The frame BEFORE `nextPacket`, from its FEC data (PLC when it has none).
    bool recover(std::span<const std::byte> nextPacket, std::span<float> pcm);
    void conceal(std::span<float> pcm);

private:
    struct Free {
        void operator()(OpusDecoder* d) const;
    };
    std::unique_ptr<OpusDecoder, Free> decoder_;
};

}  // namespace places::audio
