#pragma once
// The voice options of every command that joins a relay as a client
// (`places view`, its --headless form, `places xr --relay`): one call adds
//   --no-audio, --audio-device NAME, --microphone NAME, --push-to-talk KEY,
//   --list-audio-devices
// bound to a runtime::VoiceOptions, which VenueLayer::enableVoice opens. An
// unknown push-to-talk key is bad input (exit 2, the key named) before any
// scene, window or device is touched; --list-audio-devices prints and exits.
#include "places/runtime/voice_link.hpp"

namespace CLI {
class App;
}

namespace places::cli {

void addVoiceOptions(CLI::App& command, runtime::VoiceOptions& voice);

}  // namespace places::cli
