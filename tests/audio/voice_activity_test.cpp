// Voice activity and the sender: speech-like audio is sent, the channel stays
// open through the hangover and then goes quiet; steady noise is not sent;
// push-to-talk sends only while the key is held; frames are numbered and
// timed by capture.
#include <catch2/catch.hpp>

#include <random>

#include "places/audio/speech_signal.hpp"
#include "places/audio/voice_activity.hpp"
#include "places/audio/voice_sender.hpp"

using namespace places::audio;

namespace {

std::vector<float> noise(std::size_t samples, float amplitude, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-amplitude, amplitude);
    std::vector<float> out(samples);
    for (float& v : out) v = u(rng);
    return out;
}

std::span<const float> frame(const std::vector<float>& s, std::size_t i) {
    return std::span(s).subspan(i * kFrameSamples, kFrameSamples);
}

}  // namespace

TEST_CASE("loudness is the frame's RMS level in dBFS", "[audio][vad]") {
    CHECK(frameLoudnessDbfs(std::vector<float>(kFrameSamples, 0.0f)) == -127.0f);
    CHECK(frameLoudnessDbfs(std::vector<float>(kFrameSamples, 1.0f)) == Approx(0.0f).margin(1e-4));
    CHECK(frameLoudnessDbfs(std::vector<float>(kFrameSamples, 0.1f)) == Approx(-20.0f).margin(1e-3));
}

TEST_CASE("VAD detects speech-like audio over a noise floor and goes quiet after the hangover", "[audio][vad]") {
    const VadSettings settings;  // 15 frames of hangover
    VoiceActivityDetector vad(settings);
    // 1 s of faint room noise (-60 dBFS or so), 2 s of speech over it, then 1 s of the noise again.
    auto room = noise(kFrameSamples * 200, 0.0015f, 1);
    auto speech = speechLikeSignal(kFrameSamples * 100);
    for (std::size_t i = 0; i < speech.size(); ++i) room[50 * kFrameSamples + i] += speech[i];
    std::vector<bool> sent;
    for (std::size_t f = 0; f < 200; ++f) sent.push_back(vad.process(frame(room, f)));

    std::size_t noiseSent = 0, speechSent = 0;
    for (std::size_t f = 5; f < 50; ++f) noiseSent += sent[f];
    for (std::size_t f = 50; f < 150; ++f) speechSent += sent[f];
    CHECK(noiseSent == 0);
    // Syllables with 125 ms pauses: the hangover bridges every pause.
    CHECK(speechSent >= 97);
    // The last syllable ends before frame 150; the channel closes within the
    // hangover after it, and stays closed.
    std::size_t lastSent = 0;
    for (std::size_t f = 0; f < 200; ++f)
        if (sent[f]) lastSent = f;
    CHECK(lastSent >= 150 - 8);
    CHECK(lastSent <= 150 + settings.hangoverFrames);
    for (std::size_t f = lastSent + 1; f < 200; ++f) REQUIRE_FALSE(sent[f]);
}

TEST_CASE("VAD hangover is exactly the configured number of frames", "[audio][vad]") {
    VadSettings settings;
    settings.hangoverFrames = 7;
    VoiceActivityDetector vad(settings);
    const std::vector<float> silence(kFrameSamples, 0.0f);
    const auto tone = sineTone(kFrameSamples, 200.0f, 0.2f);
    for (int i = 0; i < 10; ++i) REQUIRE_FALSE(vad.process(silence));
    REQUIRE(vad.process(tone));
    REQUIRE(vad.speech());
    for (int i = 0; i < 7; ++i) {
        REQUIRE(vad.process(silence));
        REQUIRE_FALSE(vad.speech());
    }
    CHECK_FALSE(vad.process(silence));
}

TEST_CASE("VAD does not take steady hiss for speech once it knows the floor", "[audio][vad]") {
    VoiceActivityDetector vad;
    const auto hiss = noise(kFrameSamples * 100, 0.05f, 2);  // about -31 dBFS, every frame
    std::size_t sent = 0;
    for (std::size_t f = 0; f < 100; ++f) sent += vad.process(frame(hiss, f));
    // The first frame is loud against the initial floor (a start-up burst
    // plus its hangover at most); after that the floor is known.
    CHECK(sent <= 1 + VadSettings{}.hangoverFrames);
}

TEST_CASE("sender numbers frames by capture, times them and sends only voice", "[audio][sender]") {
    VoiceSender sender;
    std::vector<float> audio(kFrameSamples * 30, 0.0f);
    const auto speech = speechLikeSignal(kFrameSamples * 10, {.phase = 0.05f});
    std::copy(speech.begin(), speech.end(), audio.begin() + 10 * kFrameSamples);
    // Fed in odd-sized chunks, as a microphone delivers them.
    std::vector<EncodedFrame> sent;
    const std::uint64_t t0 = 5'000'000;
    for (std::size_t at = 0; at < audio.size();) {
        const std::size_t n = std::min<std::size_t>(700, audio.size() - at);
        const std::uint64_t when = t0 + at * 1000000 / kSampleRateHz;
        for (auto& f : sender.push(std::span(audio).subspan(at, n), when)) sent.push_back(std::move(f));
        at += n;
    }
    CHECK(sender.counts().framesCaptured == 30);
    REQUIRE(!sent.empty());
    CHECK(sent.front().sequence == 10);  // silence before: numbers used, nothing sent
    for (std::size_t i = 0; i < sent.size(); ++i) {
        CHECK(sent[i].sequence == sent.front().sequence + i);  // contiguous through the hangover
        CHECK(sent[i].captureMicros == t0 + std::uint64_t(sent[i].sequence) * 20000);
        CHECK(!sent[i].opus.empty());
        CHECK(sent[i].opus.size() <= kMaxPacketBytes);
    }
    CHECK(sent.size() < 30);  // silence after the hangover is not sent
    CHECK(sent[2].loudnessDbfs > -40.0f);
}

TEST_CASE("push-to-talk sends exactly while the key is held", "[audio][sender]") {
    VoiceSender sender({.pushToTalk = true});
    const auto speech = speechLikeSignal(kFrameSamples * 20);
    std::size_t sent = 0;
    for (std::size_t f = 0; f < 20; ++f) {
        sender.setTalkKeyHeld(f >= 5 && f < 12);
        sent += sender.push(frame(speech, f), f * 20000).size();
    }
    CHECK(sent == 7);
}
