#pragma once
// Voice in a front end: the options every front end takes (--no-audio,
// --audio-device NAME, --microphone NAME, --push-to-talk KEY), opening the
// session with one clear line when there is no audio device, and the link
// between the venue and the session each frame: the listener at this
// visitor's head, each remote speaker at its avatar's (interpolated) head,
// and the avatars' speaking flags from what is heard.
//
// The frames themselves go to and from the relay through two one-line
// adapters (places/audio/voice_format.hpp) in VenueLayer, once places_net
// carries voice (issue 11, the network side).
#include <optional>
#include <string>
#include <vector>

#include "places/audio/voice_session.hpp"
#include "places/render/avatar_instances.hpp"

namespace places::runtime {

struct VoiceOptions {
    bool enabled = true;         // --no-audio: false
    std::string outputDevice;    // --audio-device NAME
    std::string microphone;      // --microphone NAME
    std::string pushToTalkKey;   // --push-to-talk KEY; empty = voice activity
};

// "places view: voice: ..." on stderr when it opened, or the reason there too
// ("... no audio output device ...; voice is off (--no-audio hides this)").
// None when disabled or unavailable: the front end carries on silent.
std::optional<audio::VoiceSession> openVoice(const VoiceOptions& options, const char* who);

// Both device lists, one name a line (--list-audio-devices).
std::string audioDeviceList();

// Places the voices for this frame and marks the avatars heard as speaking.
// `avatars[i].id` is the speaker id of that participant's voice.
void linkVoices(audio::VoiceSession& voice, const audio::HeadPose& listener,
                std::vector<render::AvatarState>& avatars);

// The GLFW key code of a push-to-talk key name: a letter or digit, "space",
// "tab", "f1".."f12", "left_shift", "left_ctrl", "left_alt", "right_shift",
// "right_ctrl", "right_alt", "caps_lock" (case-insensitive). None if unknown.
std::optional<int> talkKeyCode(const std::string& name);

}  // namespace places::runtime
