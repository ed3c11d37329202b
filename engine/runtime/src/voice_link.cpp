#include "places/runtime/voice_link.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <GLFW/glfw3.h>

namespace places::runtime {

std::optional<audio::VoiceSession> openVoice(const VoiceOptions& options, const char* who) {
    if (!options.enabled) return std::nullopt;
    audio::VoiceSessionSettings settings;
    settings.outputDevice = options.outputDevice;
    settings.microphone = options.microphone;
    settings.pushToTalk = !options.pushToTalkKey.empty();
    auto session = audio::VoiceSession::open(settings);
    for (const Diagnostic& d : session.diagnostics.items())
        std::fprintf(stderr, "%s: %s%s\n", who, d.format().c_str(),
                     d.severity == Severity::Error ? "; voice is off (--no-audio hides this)" : "");
    if (!session.ok()) return std::nullopt;
    // stderr, like every status line: stdout may carry one JSON object (--summary).
    std::fprintf(stderr, "%s: %s\n", who, session->describe().c_str());
    return std::move(*session.value);
}

std::string audioDeviceList() {
    std::string s = "playback devices (--audio-device):\n";
    for (const std::string& n : audio::playbackDeviceNames()) s += "  " + n + "\n";
    s += "microphones (--microphone):\n";
    for (const std::string& n : audio::captureDeviceNames()) s += "  " + n + "\n";
    return s;
}

void linkVoices(audio::VoiceSession& voice, const audio::HeadPose& listener,
                std::vector<render::AvatarState>& avatars) {
    voice.setListener(listener);
    for (render::AvatarState& a : avatars) {
        voice.setSpeakerPose(a.id, {a.head.position, a.head.orientation});
        a.speaking = voice.speaking(a.id);
    }
    voice.update();
}

std::optional<int> talkKeyCode(const std::string& name) {
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (key.size() == 1 && key[0] >= 'a' && key[0] <= 'z') return GLFW_KEY_A + (key[0] - 'a');
    if (key.size() == 1 && key[0] >= '0' && key[0] <= '9') return GLFW_KEY_0 + (key[0] - '0');
    // f1..f9, f10..f12 (no leading zeros).
    if (key.size() == 2 && key[0] == 'f' && key[1] >= '1' && key[1] <= '9') return GLFW_KEY_F1 + (key[1] - '1');
    if (key.size() == 3 && key[0] == 'f' && key[1] == '1' && key[2] >= '0' && key[2] <= '2')
        return GLFW_KEY_F10 + (key[2] - '0');
    static const struct {
        const char* name;
        int code;
    } named[] = {{"space", GLFW_KEY_SPACE},           {"tab", GLFW_KEY_TAB},
                 {"left_shift", GLFW_KEY_LEFT_SHIFT}, {"left_ctrl", GLFW_KEY_LEFT_CONTROL},
                 {"left_alt", GLFW_KEY_LEFT_ALT},     {"right_shift", GLFW_KEY_RIGHT_SHIFT},
                 {"right_ctrl", GLFW_KEY_RIGHT_CONTROL}, {"right_alt", GLFW_KEY_RIGHT_ALT},
                 {"caps_lock", GLFW_KEY_CAPS_LOCK}};
    for (const auto& n : named)
        if (key == n.name) return n.code;
    return std::nullopt;
}

}  // namespace places::runtime
