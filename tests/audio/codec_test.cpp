// Opus for voice: a tone survives the round trip at its frequency, packets
// stay within the bitrate, a lost frame comes back from the next one's FEC.
#include <catch2/catch.hpp>

#include "audio_test_support.hpp"
#include "places/audio/opus_codec.hpp"
#include "places/audio/speech_signal.hpp"
#include "places/audio/voice_stream.hpp"

#include <cstdio>

using namespace places::audio;

TEST_CASE("opus round trip keeps a test tone's frequency and level", "[audio][opus]") {
    for (const float hz : {300.0f, 440.0f, 1000.0f}) {
        OpusVoiceEncoder encoder;
        OpusVoiceDecoder decoder;
        const auto tone = sineTone(kFrameSamples * 50, hz, 0.3f);
        std::vector<float> out(tone.size());
        std::size_t bytes = 0;
        for (std::size_t f = 0; f < 50; ++f) {
            const auto packet = encoder.encode(std::span(tone).subspan(f * kFrameSamples, kFrameSamples));
            REQUIRE(!packet.empty());
            REQUIRE(packet.size() <= kMaxPacketBytes);
            bytes += packet.size();
            REQUIRE(decoder.decode(packet, std::span(out).subspan(f * kFrameSamples, kFrameSamples)));
        }
        // The last 40 frames (the codec's start-up excluded).
        const std::span<const float> settled = std::span(out).subspan(kFrameSamples * 10);
        CHECK(test::dominantHz(settled, 100.0, 4000.0) == Approx(hz).margin(5.0));
        CHECK(test::rms(settled) == Approx(0.3 / std::sqrt(2.0)).epsilon(0.25));
        const double kbps = double(bytes) * 8.0 / 1.0 / 1000.0;  // 50 frames = 1 s
        CHECK(kbps >= 20.0);
        CHECK(kbps <= 34.0);
    }
}

TEST_CASE("opus FEC rebuilds a lost frame better than concealment guesses it", "[audio][opus]") {
    // Speech-like audio (FEC lives in Opus's SILK layer, which speech uses).
    const auto speech = speechLikeSignal(kFrameSamples * 60, {.phase = 0.05f});
    OpusVoiceEncoder encoder;
    std::vector<std::vector<std::byte>> packets;
    for (std::size_t f = 0; f < 60; ++f)
        packets.push_back(encoder.encode(std::span(speech).subspan(f * kFrameSamples, kFrameSamples)));

    // Reference: every frame decoded. Then frame 40 lost, rebuilt two ways.
    const auto decodeWithLoss = [&](int mode) {  // 0 none lost, 1 FEC, 2 PLC
        OpusVoiceDecoder decoder;
        std::vector<float> frame(kFrameSamples);
        for (std::size_t f = 0; f < 40; ++f) decoder.decode(packets[f], frame);
        if (mode == 0) decoder.decode(packets[40], frame);
        else if (mode == 1) REQUIRE(decoder.recover(packets[41], frame));
        else decoder.conceal(frame);
        return frame;
    };
    const auto reference = decodeWithLoss(0), fec = decodeWithLoss(1), plc = decodeWithLoss(2);
    const auto error = [&](const std::vector<float>& x) {
        double e = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) e += double(x[i] - reference[i]) * double(x[i] - reference[i]);
        return e;
    };
    REQUIRE(test::rms(reference) > 0.01);
    CHECK(error(fec) < error(plc));
}

TEST_CASE("opus decoder conceals corrupt and oversized packets instead of failing", "[audio][opus]") {
    OpusVoiceDecoder decoder;
    std::vector<float> frame(kFrameSamples, 7.0f);
    const std::vector<std::byte> garbage(kMaxPacketBytes + 1, std::byte{0xff});
    CHECK_FALSE(decoder.decode(garbage, frame));
    CHECK_FALSE(decoder.decode({}, frame));
    for (float v : frame) REQUIRE(std::abs(v) <= 1.0f);  // filled: no 7.0 left behind
}

TEST_CASE("a stream's output stays finite and within full scale on hostile payloads", "[audio][opus]") {
    // Found by fuzz_voice: Opus's float decoder does not clip, and crafted
    // packets decode far beyond full scale. The file holds records
    // [u16 sequence LE][u8 length][payload].
    const std::string path = std::string(PLACES_SOURCE_DIR) + "/tests/fuzz/corpus/fuzz_voice/opus-beyond-full-scale";
    std::FILE* f = std::fopen(path.c_str(), "rb");
    REQUIRE(f);
    std::vector<std::uint8_t> data(1 << 16);
    data.resize(std::fread(data.data(), 1, data.size(), f));
    std::fclose(f);
    VoiceStream stream;
    std::vector<float> pcm(kFrameSamples);
    float peak = 0.0f;
    std::size_t records = 0;
    for (std::size_t at = 0; at + 3 <= data.size(); ++records) {
        const auto sequence = std::uint16_t(data[at] | (data[at + 1] << 8));
        const std::size_t n = std::min<std::size_t>(data[at + 2], data.size() - at - 3);
        at += 3;
        stream.receive(sequence, 0, {reinterpret_cast<const std::byte*>(data.data() + at), n});
        at += n;
        stream.next(pcm);
        for (float v : pcm) {
            REQUIRE(std::isfinite(v));
            peak = std::max(peak, std::abs(v));
        }
    }
    REQUIRE(records > 0);
    CHECK(peak <= 1.0f);
}
