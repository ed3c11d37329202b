#include "voice_options.hpp"

#include <cstdio>

#include <CLI/CLI.hpp>

namespace places::cli {

void addVoiceOptions(CLI::App& cmd, runtime::VoiceOptions& voice) {
    cmd.add_flag("!--no-audio", voice.enabled, "Joined: no voice (no sound card needed)");
    cmd.add_option("--audio-device", voice.outputDevice, "Joined: play voices on this device (see --list-audio-devices)");
    cmd.add_option("--microphone", voice.microphone, "Joined: capture from this microphone");
    cmd.add_option("--push-to-talk", voice.pushToTalkKey,
                   "Joined: send voice only while KEY is held (a letter, space, left_ctrl, f5...); default: voice "
                   "activity")
        ->check(
            [](const std::string& key) -> std::string {
                if (runtime::talkKeyCode(key)) return {};
                std::string why = "unknown key '";
                why += key;
                why += "' (a letter or digit, space, tab, f1-f12, left_shift, left_ctrl, left_alt, right_shift, "
                       "right_ctrl, right_alt, caps_lock)";
                return why;
            },
            "KEY");
    // A callback, so it runs (and exits) before the scene is asked for.
    cmd.add_flag_callback(
        "--list-audio-devices",
        [] {
            std::fputs(runtime::audioDeviceList().c_str(), stdout);
            throw CLI::Success();
        },
        "Print the playback devices and microphones, then exit");
}

}  // namespace places::cli
