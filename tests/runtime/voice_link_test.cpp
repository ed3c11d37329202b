// The voice link of a front end: speaking flags land on the avatars whose
// voice is heard (on OpenAL Soft's loopback device), and push-to-talk key
// names map to keys or are refused.
#include <catch2/catch.hpp>

#include <GLFW/glfw3.h>

#include "places/audio/opus_codec.hpp"
#include "places/audio/speech_signal.hpp"
#include "places/runtime/voice_link.hpp"

using namespace places;

TEST_CASE("linkVoices marks the avatars heard as speaking, and only them", "[runtime][voice]") {
    auto opened = audio::VoiceSession::open({.loopback = true, .playback = {.queuedFrames = 2}});
    REQUIRE(opened.ok());
    audio::VoiceSession& voice = *opened;
    std::vector<render::AvatarState> avatars(2);
    avatars[0].id = 11;
    avatars[0].head.position = {2.0f, 1.6f, -3.0f};
    avatars[1].id = 12;
    avatars[1].head.position = {-2.0f, 1.6f, -3.0f};
    const auto speech = audio::speechLikeSignal(audio::kFrameSamples * 10, {.phase = 0.05f});
    audio::OpusVoiceEncoder encoder;
    std::vector<float> stereo(audio::kFrameSamples * 2);
    for (std::uint16_t f = 0; f < 10; ++f) {
        voice.receive({11, f, f * 20u, encoder.encode(std::span(speech).subspan(f * audio::kFrameSamples,
                                                                                 audio::kFrameSamples))});
        runtime::linkVoices(voice, {{0.0f, 1.6f, 0.0f}}, avatars);
        voice.output().renderLoopback(stereo);
    }
    CHECK(avatars[0].speaking);
    CHECK_FALSE(avatars[1].speaking);
}

TEST_CASE("push-to-talk key names", "[runtime][voice]") {
    CHECK(runtime::talkKeyCode("v") == GLFW_KEY_V);
    CHECK(runtime::talkKeyCode("V") == GLFW_KEY_V);
    CHECK(runtime::talkKeyCode("7") == GLFW_KEY_7);
    CHECK(runtime::talkKeyCode("space") == GLFW_KEY_SPACE);
    CHECK(runtime::talkKeyCode("F5") == GLFW_KEY_F5);
    CHECK(runtime::talkKeyCode("left_ctrl") == GLFW_KEY_LEFT_CONTROL);
    CHECK_FALSE(runtime::talkKeyCode("f13"));
    CHECK_FALSE(runtime::talkKeyCode("f05"));
    CHECK_FALSE(runtime::talkKeyCode("ctrl"));
    CHECK_FALSE(runtime::talkKeyCode(""));
}
