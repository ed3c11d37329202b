// The spatial mix rendered into memory by OpenAL Soft's loopback device:
// stereo 48 kHz with HRTF, as a visitor's headphones would get it. Speakers'
// packets go through the whole playback path (jitter buffer, Opus decode,
// FEC/concealment, OpenAL sources); one 20 ms packet arrives per 20 ms
// rendered.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "audio_test_support.hpp"
#include "places/audio/audio_output.hpp"
#include "places/audio/opus_codec.hpp"
#include "places/audio/speech_signal.hpp"
#include "places/audio/voice_playback.hpp"

using namespace places::audio;

namespace {

AudioOutput openLoopback() {
    auto out = AudioOutput::open({.loopback = true});
    INFO(out.diagnostics.firstError());
    REQUIRE(out.ok());
    return std::move(*out);
}

std::vector<std::vector<std::byte>> encodeAll(const std::vector<float>& pcm) {
    OpusVoiceEncoder encoder;
    std::vector<std::vector<std::byte>> packets;
    for (std::size_t at = 0; at + kFrameSamples <= pcm.size(); at += kFrameSamples)
        packets.push_back(encoder.encode(std::span(pcm).subspan(at, kFrameSamples)));
    return packets;
}

struct Speaker {
    std::uint32_t id;
    glm::vec3 position;
    std::vector<std::vector<std::byte>> packets;
    std::function<bool(std::size_t)> lost = [](std::size_t) { return false; };
};

// Renders `frames` x 20 ms; speaker packets i arrive before rendering frame i.
// Returns interleaved stereo.
std::vector<float> render(AudioOutput& out, VoicePlayback& playback, std::vector<Speaker>& speakers,
                          std::size_t frames) {
    std::vector<float> stereo(frames * kFrameSamples * 2);
    for (std::size_t f = 0; f < frames; ++f) {
        for (Speaker& s : speakers) {
            if (f < s.packets.size() && !s.lost(f))
                playback.receive({s.id, std::uint16_t(f), std::uint32_t(f * 20), s.packets[f]});
            playback.setSpeakerPose(s.id, {s.position});
        }
        playback.update();
        out.renderLoopback(std::span(stereo).subspan(f * kFrameSamples * 2, kFrameSamples * 2));
    }
    return stereo;
}

std::vector<float> channel(const std::vector<float>& stereo, int c, std::size_t fromFrame = 0) {
    std::vector<float> out;
    for (std::size_t i = fromFrame * kFrameSamples * 2 + std::size_t(c); i < stereo.size(); i += 2)
        out.push_back(stereo[i]);
    return out;
}

// Longest run of output samples (both channels) below -60 dBFS.
std::size_t longestGap(const std::vector<float>& stereo, std::size_t fromFrame) {
    std::size_t longest = 0, run = 0;
    for (std::size_t i = fromFrame * kFrameSamples * 2; i + 1 < stereo.size(); i += 2) {
        run = std::abs(stereo[i]) < 1e-3f && std::abs(stereo[i + 1]) < 1e-3f ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

}  // namespace

TEST_CASE("loopback output reports its HRTF state", "[audio][loopback]") {
    AudioOutput out = openLoopback();
    INFO("HRTF " << out.hrtf().status << " '" << out.hrtf().name << "'");
    CHECK(!out.hrtf().status.empty());
    // OpenAL Soft on Debian ships built-in HRTF data for 44.1 and 48 kHz.
    CHECK(out.hrtf().active);
    CHECK(!out.hrtf().name.empty());
}

TEST_CASE("a speaker to the listener's left is louder in the left channel, and right in the right",
          "[audio][loopback]") {
    const auto speech = speechLikeSignal(kFrameSamples * 60);
    const auto packets = encodeAll(speech);
    struct Case {
        glm::vec3 speaker;
        float listenerYawDeg;  // about +y; 0 looks north (-z)
        bool leftLouder;
    };
    for (const Case c : {Case{{-2.0f, 0.0f, 0.0f}, 0.0f, true}, Case{{2.0f, 0.0f, 0.0f}, 0.0f, false},
                         // Turned around (looking south): west is now on the right.
                         Case{{-2.0f, 0.0f, 0.0f}, 180.0f, false}}) {
        AudioOutput out = openLoopback();
        VoicePlayback playback({.queuedFrames = 2});
        playback.setListener({{0.0f, 0.0f, 0.0f},
                              glm::angleAxis(glm::radians(c.listenerYawDeg), glm::vec3(0.0f, 1.0f, 0.0f))});
        std::vector<Speaker> speakers{{7, c.speaker, packets}};
        const auto stereo = render(out, playback, speakers, 60);
        const double left = test::rms(channel(stereo, 0, 10)), right = test::rms(channel(stereo, 1, 10));
        INFO("speaker " << c.speaker.x << " yaw " << c.listenerYawDeg << ": L " << left << " R " << right);
        REQUIRE(std::max(left, right) > 0.01);
        // Speech is mostly below 1 kHz, where the head shadows little: ~4 dB at 90 degrees.
        if (c.leftLouder) CHECK(left > 1.4 * right);
        else CHECK(right > 1.4 * left);
    }
}

TEST_CASE("distance attenuates by the inverse-distance law and a speaker beyond the cutoff is silent",
          "[audio][loopback]") {
    const auto packets = encodeAll(sineTone(kFrameSamples * 40, 440.0f, 0.3f));
    const auto levelAt = [&](float distance, const PlaybackSettings& settings) {
        AudioOutput out = openLoopback();
        VoicePlayback playback(settings);
        std::vector<Speaker> speakers{{1, {0.0f, 0.0f, -distance}, packets}};  // straight ahead
        const auto stereo = render(out, playback, speakers, 40);
        return test::rms(channel(stereo, 0, 10)) + test::rms(channel(stereo, 1, 10));
    };
    const PlaybackSettings settings{.referenceDistanceM = 1.0f, .rolloff = 1.0f, .cutoffM = 20.0f, .queuedFrames = 2};
    const double near = levelAt(1.0f, settings), far = levelAt(4.0f, settings);
    const double beyond = levelAt(25.0f, settings);
    REQUIRE(near > 0.01);
    CHECK(far / near == Approx(distanceGain(4.0f, settings)).epsilon(0.15));  // 1/4
    CHECK(beyond == 0.0);
    // Rolloff adjustable: half the rolloff, louder at the same distance.
    PlaybackSettings soft = settings;
    soft.rolloff = 0.5f;
    CHECK(levelAt(4.0f, soft) / near == Approx(distanceGain(4.0f, soft)).epsilon(0.15));  // 1/2.5
    CHECK(distanceGain(25.0f, settings) == 0.0f);
    CHECK(distanceGain(0.2f, settings) == 1.0f);
}

TEST_CASE("10 % packet loss is concealed: no gap of even half a frame in the output", "[audio][loopback]") {
    // A sustained vowel-like tone (no natural pauses), frame 5, 15, 25... lost.
    const auto tone = sineTone(kFrameSamples * 100, 220.0f, 0.3f);
    const auto packets = encodeAll(tone);
    const auto run = [&](bool concealment, StreamCounts& counts) {
        AudioOutput out = openLoopback();
        VoicePlayback playback({.queuedFrames = 2, .concealment = concealment});
        std::vector<Speaker> speakers{{3, {0.0f, 0.0f, -1.0f}, packets, [](std::size_t f) { return f % 10 == 5; }}};
        auto stereo = render(out, playback, speakers, 100);
        counts = playback.counts().slots;
        return stereo;
    };
    StreamCounts concealed, plain;
    const auto withPlc = run(true, concealed);
    const auto withoutPlc = run(false, plain);
    // From frame 5 (the start-up of mixer and decoder excluded) to the end of the packets.
    const std::size_t gapWith = longestGap(withPlc, 5), gapWithout = longestGap(withoutPlc, 5);
    INFO("longest gap with concealment " << gapWith << " samples, without " << gapWithout);
    CHECK(gapWith < kFrameSamples / 2);
    CHECK(gapWithout >= kFrameSamples * 9 / 10);  // the same loss, unconcealed: a hole per lost frame
    CHECK(concealed.recovered + concealed.concealed >= 9);  // ~10 lost, each filled
    CHECK(plain.silent >= 9);
}

TEST_CASE("a speaker is speaking while frames play and not after, and an idle stream closes", "[audio][loopback]") {
    const auto packets = encodeAll(speechLikeSignal(kFrameSamples * 20));
    AudioOutput out = openLoopback();
    VoicePlayback playback({.queuedFrames = 2});
    std::vector<Speaker> speakers{{9, {1.0f, 0.0f, 0.0f}, packets}};
    CHECK_FALSE(playback.speaking(9));
    render(out, playback, speakers, 20);  // all 20 packets
    CHECK(playback.speaking(9));
    CHECK(playback.lastCaptureTimeMs(9) >= 17 * 20);  // the frame playing now was captured ~2 frames ago
    std::vector<Speaker> quiet;
    render(out, playback, quiet, 20);     // 400 ms without packets
    CHECK_FALSE(playback.speaking(9));
    CHECK(playback.speakers().size() == 1);
    render(out, playback, quiet, VoicePlayback::kIdleCloseFrames);
    CHECK(playback.speakers().empty());
    CHECK(playback.counts().closedStreams == 1);
    CHECK(playback.counts().slots.decoded == 20);
}
