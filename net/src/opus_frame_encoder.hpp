#pragma once
// A minimal libopus encoder for voice bots (places_audio has the full one with
// VAD and device capture): mono 48 kHz VOIP, one 20 ms frame per call, output
// bounded by kMaxVoicePayloadBytes. RAII over OpusEncoder.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "places/net/voice_frame.hpp"

struct OpusEncoder;

namespace places::net {

class OpusFrameEncoder {
public:
    // `complexity` 0-10: bots use a low one, so 50 speakers fit one bot core.
    OpusFrameEncoder(std::int32_t bitrate, std::int32_t complexity);
    ~OpusFrameEncoder();
    OpusFrameEncoder(const OpusFrameEncoder&) = delete;
    OpusFrameEncoder& operator=(const OpusFrameEncoder&) = delete;

    bool ok() const { return encoder_ != nullptr; }
    // Encodes one 20 ms frame into `out` (resized); false on an encoder error.
    bool encode(std::span<const std::int16_t, kVoiceFrameSamples> pcm, std::vector<std::byte>& out);

private:
    OpusEncoder* encoder_ = nullptr;
};

}  // namespace places::net
