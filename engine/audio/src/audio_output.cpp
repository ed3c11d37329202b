#include "places/audio/audio_output.hpp"

#include <cassert>

#define AL_ALEXT_PROTOTYPES
#include <AL/al.h>
#include <AL/alc.h>
#include <AL/alext.h>

#include "device_names.hpp"

namespace places::audio {

struct AudioOutput::Handles {
    ALCdevice* device = nullptr;
    ALCcontext* context = nullptr;
    ~Handles() {
        if (context) {
            if (alcGetCurrentContext() == context) alcMakeContextCurrent(nullptr);
            alcDestroyContext(context);
        }
        if (device) alcCloseDevice(device);
    }
};

namespace {

std::string hrtfStatusText(ALCint status) {
    switch (status) {
        case ALC_HRTF_DISABLED_SOFT: return "disabled";
        case ALC_HRTF_ENABLED_SOFT: return "enabled";
        case ALC_HRTF_DENIED_SOFT: return "denied by the user's OpenAL configuration";
        case ALC_HRTF_REQUIRED_SOFT: return "required by the user's OpenAL configuration";
        case ALC_HRTF_HEADPHONES_DETECTED_SOFT: return "enabled (headphones detected)";
        case ALC_HRTF_UNSUPPORTED_FORMAT_SOFT: return "unsupported for this output format";
        default: return "unknown";
    }
}

}  // namespace

Result<AudioOutput> AudioOutput::open(const AudioOutputSettings& settings) {
    Result<AudioOutput> result;
    const SourceLocation where{settings.loopback ? "loopback" : (settings.device.empty() ? "default" : settings.device)};
    AudioOutput out;
    out.handles_ = std::make_unique<Handles>();
    out.loopback_ = settings.loopback;
    std::vector<ALCint> attributes;
    if (settings.loopback) {
        if (!alcIsExtensionPresent(nullptr, "ALC_SOFT_loopback")) {
            result.diagnostics.error(where, "OpenAL has no ALC_SOFT_loopback extension (OpenAL Soft needed)");
            return result;
        }
        out.handles_->device = alcLoopbackOpenDeviceSOFT(nullptr);
        attributes = {ALC_FORMAT_CHANNELS_SOFT, ALC_STEREO_SOFT, ALC_FORMAT_TYPE_SOFT, ALC_FLOAT_SOFT};
    } else {
        out.handles_->device = alcOpenDevice(settings.device.empty() ? nullptr : settings.device.c_str());
        attributes = {ALC_REFRESH, ALCint(settings.refreshHz)};
    }
    if (!out.handles_->device) {
        result.diagnostics.error(where, settings.loopback ? "cannot open OpenAL's loopback device"
                                                          : "no audio output device" + describeChoices(playbackDeviceNames()));
        return result;
    }
    attributes.insert(attributes.end(), {ALC_FREQUENCY, 48000, ALC_HRTF_SOFT, settings.hrtf ? ALC_TRUE : ALC_FALSE, 0});
    out.handles_->context = alcCreateContext(out.handles_->device, attributes.data());
    if (!out.handles_->context || !alcMakeContextCurrent(out.handles_->context)) {
        result.diagnostics.error(where, "cannot create an OpenAL context (stereo, 48 kHz) on this device");
        return result;
    }
    const ALCchar* name = alcGetString(out.handles_->device, ALC_DEVICE_SPECIFIER);
    out.name_ = settings.loopback ? "loopback" : (name ? name : "");
    if (alcIsExtensionPresent(out.handles_->device, "ALC_SOFT_HRTF")) {
        ALCint status = ALC_HRTF_DISABLED_SOFT, enabled = ALC_FALSE;
        alcGetIntegerv(out.handles_->device, ALC_HRTF_STATUS_SOFT, 1, &status);
        alcGetIntegerv(out.handles_->device, ALC_HRTF_SOFT, 1, &enabled);
        out.hrtf_.active = enabled == ALC_TRUE;
        out.hrtf_.status = hrtfStatusText(status);
        if (out.hrtf_.active) {
            const ALCchar* hrtfName = alcGetString(out.handles_->device, ALC_HRTF_SPECIFIER_SOFT);
            out.hrtf_.name = hrtfName ? hrtfName : "";
        }
    } else {
        out.hrtf_.status = "no ALC_SOFT_HRTF extension";
    }
    // Inverse distance, clamped: gain = ref / (ref + rolloff * (d - ref)), d
    // held within [ref, max]; per-source ref/rolloff/max are set by playback.
    alDistanceModel(AL_INVERSE_DISTANCE_CLAMPED);
    result.value = std::move(out);
    return result;
}

AudioOutput::~AudioOutput() = default;
AudioOutput::AudioOutput(AudioOutput&&) noexcept = default;
AudioOutput& AudioOutput::operator=(AudioOutput&&) noexcept = default;

void AudioOutput::renderLoopback(std::span<float> stereo) {
    assert(loopback_ && stereo.size() % 2 == 0);
    alcRenderSamplesSOFT(handles_->device, stereo.data(), ALCsizei(stereo.size() / 2));
}

std::vector<std::string> playbackDeviceNames() {
    const bool all = alcIsExtensionPresent(nullptr, "ALC_ENUMERATE_ALL_EXT");
    return splitDeviceList(alcGetString(nullptr, all ? ALC_ALL_DEVICES_SPECIFIER : ALC_DEVICE_SPECIFIER));
}

std::vector<std::string> captureDeviceNames() {
    return splitDeviceList(alcGetString(nullptr, ALC_CAPTURE_DEVICE_SPECIFIER));
}

}  // namespace places::audio
