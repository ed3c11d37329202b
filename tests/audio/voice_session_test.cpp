// The voice session a front end owns: one visitor's microphone frames played
// back as a remote speaker on the loopback device, and the clear message
// when an audio device does not exist.
#include <catch2/catch.hpp>

#include "audio_test_support.hpp"
#include "places/audio/speech_signal.hpp"
#include "places/audio/voice_session.hpp"

using namespace places::audio;

TEST_CASE("voice session: frames from one visitor's microphone are heard by another", "[audio][session]") {
    auto opened = VoiceSession::open({.loopback = true, .playback = {.queuedFrames = 2}});
    INFO(opened.diagnostics.firstError());
    REQUIRE(opened.ok());
    VoiceSession& session = *opened;
    CHECK(!session.hasMicrophone());  // loopback: samples come through push()
    CHECK(session.describe().find("HRTF") != std::string::npos);

    const auto speech = speechLikeSignal(kFrameSamples * 50, {.phase = 0.05f});
    std::vector<float> stereo(kFrameSamples * 2);
    double heard = 0.0;
    bool wasSpeaking = false;
    session.setListener({{0.0f, 1.6f, 0.0f}});
    for (std::size_t f = 0; f < 50; ++f) {
        for (EncodedFrame& e : session.push(std::span(speech).subspan(f * kFrameSamples, kFrameSamples), f * 20000))
            session.receive({42, e.sequence, std::uint32_t(e.captureMicros / 1000), std::move(e.opus)});
        session.setSpeakerPose(42, {{1.0f, 1.6f, -1.0f}});
        session.update();
        session.output().renderLoopback(stereo);
        heard += test::rms(stereo);
        wasSpeaking = wasSpeaking || session.speaking(42);
    }
    CHECK(session.selfSpeaking());
    // Speech from the very first sample: the VAD learns the room's floor in
    // the first pause between syllables (~150 ms), and sends from then on.
    CHECK(session.sender().counts().framesSent >= 40);
    CHECK(wasSpeaking);
    CHECK(heard / 50.0 > 0.01);
}

TEST_CASE("voice session: a device that does not exist is named in the error", "[audio][session]") {
    const auto opened = VoiceSession::open({.outputDevice = "No Such Sound Card 7"});
    REQUIRE_FALSE(opened.ok());
    const std::string error = opened.diagnostics.firstError();
    INFO(error);
    CHECK(error.find("No Such Sound Card 7") != std::string::npos);
    CHECK(error.find("no audio output device") != std::string::npos);
    const auto mic = CaptureDevice::open("No Such Microphone 7");
    REQUIRE_FALSE(mic.ok());
    CHECK(mic.diagnostics.firstError().find("No Such Microphone 7") != std::string::npos);
}
