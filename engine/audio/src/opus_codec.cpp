#include "places/audio/opus_codec.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <string>

#include <opus/opus.h>

namespace places::audio {

namespace {

void check(int error, const char* what) {
    if (error != OPUS_OK) throw std::runtime_error(std::string(what) + ": " + opus_strerror(error));
}

const unsigned char* bytes(std::span<const std::byte> s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

void OpusVoiceEncoder::Free::operator()(OpusEncoder* e) const { opus_encoder_destroy(e); }
void OpusVoiceDecoder::Free::operator()(OpusDecoder* d) const { opus_decoder_destroy(d); }

OpusVoiceEncoder::OpusVoiceEncoder(const OpusEncoderSettings& settings) {
    int error = OPUS_OK;
    encoder_.reset(opus_encoder_create(std::int32_t(kSampleRateHz), 1, OPUS_APPLICATION_VOIP, &error));
    check(error, "opus_encoder_create");
    OpusEncoder* e = encoder_.get();
    check(opus_encoder_ctl(e, OPUS_SET_BITRATE(settings.bitrateBps)), "OPUS_SET_BITRATE");
    check(opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(settings.complexity)), "OPUS_SET_COMPLEXITY");
    check(opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)), "OPUS_SET_SIGNAL");
    // In-band FEC only exists in the SILK layer, which voice at these rates uses.
    check(opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(1)), "OPUS_SET_INBAND_FEC");
    check(opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(settings.expectedLossPercent)), "OPUS_SET_PACKET_LOSS_PERC");
    // DTX off: the VAD upstream decides what is sent; every sent frame is whole.
    check(opus_encoder_ctl(e, OPUS_SET_DTX(0)), "OPUS_SET_DTX");
}

OpusVoiceEncoder::~OpusVoiceEncoder() = default;
OpusVoiceEncoder::OpusVoiceEncoder(OpusVoiceEncoder&&) noexcept = default;
OpusVoiceEncoder& OpusVoiceEncoder::operator=(OpusVoiceEncoder&&) noexcept = default;

std::vector<std::byte> OpusVoiceEncoder::encode(std::span<const float> pcm) {
    assert(pcm.size() == kFrameSamples);
    std::vector<std::byte> packet(kMaxPacketBytes);
    const opus_int32 n = opus_encode_float(encoder_.get(), pcm.data(), int(kFrameSamples),
                                           reinterpret_cast<unsigned char*>(packet.data()),
                                           opus_int32(packet.size()));
    if (n < 0) throw std::runtime_error(std::string("opus_encode_float: ") + opus_strerror(n));
    packet.resize(std::size_t(n));
    return packet;
}

OpusVoiceDecoder::OpusVoiceDecoder() {
    int error = OPUS_OK;
    decoder_.reset(opus_decoder_create(std::int32_t(kSampleRateHz), 1, &error));
    check(error, "opus_decoder_create");
}

OpusVoiceDecoder::~OpusVoiceDecoder() = default;
OpusVoiceDecoder::OpusVoiceDecoder(OpusVoiceDecoder&&) noexcept = default;
OpusVoiceDecoder& OpusVoiceDecoder::operator=(OpusVoiceDecoder&&) noexcept = default;

bool OpusVoiceDecoder::decode(std::span<const std::byte> packet, std::span<float> pcm) {
    assert(pcm.size() == kFrameSamples);
    // A packet longer than 20 ms would not fit the frame: libopus returns
    // OPUS_BUFFER_TOO_SMALL, and the frame is concealed like a corrupt one.
    const int n = packet.empty() || packet.size() > kMaxPacketBytes
                      ? OPUS_INVALID_PACKET
                      : opus_decode_float(decoder_.get(), bytes(packet), opus_int32(packet.size()), pcm.data(),
                                          int(kFrameSamples), 0);
    if (n == int(kFrameSamples)) return true;
    conceal(pcm);
    return false;
}

bool OpusVoiceDecoder::recover(std::span<const std::byte> nextPacket, std::span<float> pcm) {
    assert(pcm.size() == kFrameSamples);
    const int n = nextPacket.empty() || nextPacket.size() > kMaxPacketBytes
                      ? OPUS_INVALID_PACKET
                      : opus_decode_float(decoder_.get(), bytes(nextPacket), opus_int32(nextPacket.size()),
                                          pcm.data(), int(kFrameSamples), 1);
    if (n == int(kFrameSamples)) return true;
    conceal(pcm);
    return false;
}

void OpusVoiceDecoder::conceal(std::span<float> pcm) {
    assert(pcm.size() == kFrameSamples);
    const int n = opus_decode_float(decoder_.get(), nullptr, 0, pcm.data(), int(kFrameSamples), 0);
    if (n != int(kFrameSamples)) std::fill(pcm.begin(), pcm.end(), 0.0f);
}

}  // namespace places::audio
