#include "opus_frame_encoder.hpp"

#include <opus.h>

namespace places::net {

OpusFrameEncoder::OpusFrameEncoder(std::int32_t bitrate, std::int32_t complexity) {
    int error = OPUS_OK;
    encoder_ = opus_encoder_create(static_cast<opus_int32>(kVoiceSampleRateHz), 1, OPUS_APPLICATION_VOIP, &error);
    if (error != OPUS_OK) {
        if (encoder_) opus_encoder_destroy(encoder_);
        encoder_ = nullptr;
        return;
    }
    opus_encoder_ctl(encoder_, OPUS_SET_BITRATE(bitrate));
    opus_encoder_ctl(encoder_, OPUS_SET_COMPLEXITY(complexity));
    opus_encoder_ctl(encoder_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
}

OpusFrameEncoder::~OpusFrameEncoder() {
    if (encoder_) opus_encoder_destroy(encoder_);
}

bool OpusFrameEncoder::encode(std::span<const std::int16_t, kVoiceFrameSamples> pcm, std::vector<std::byte>& out) {
    if (!encoder_) return false;
    out.resize(kMaxVoicePayloadBytes);
    const opus_int32 n = opus_encode(encoder_, pcm.data(), static_cast<int>(pcm.size()),
                                     reinterpret_cast<unsigned char*>(out.data()),
                                     static_cast<opus_int32>(out.size()));
    if (n <= 0) {
        out.clear();
        return false;
    }
    out.resize(static_cast<std::size_t>(n));
    return true;
}

}  // namespace places::net
