#include "places/audio/capture_device.hpp"

#include <AL/al.h>
#include <AL/alc.h>

#include "device_names.hpp"
#include "places/audio/audio_output.hpp"
#include "places/audio/voice_format.hpp"

namespace places::audio {

struct CaptureDevice::Handle {
    ALCdevice* device = nullptr;
    ~Handle() {
        if (device) {
            alcCaptureStop(device);
            alcCaptureCloseDevice(device);
        }
    }
};

Result<CaptureDevice> CaptureDevice::open(const std::string& name) {
    Result<CaptureDevice> result;
    CaptureDevice capture;
    capture.handle_ = std::make_unique<Handle>();
    capture.handle_->device = alcCaptureOpenDevice(name.empty() ? nullptr : name.c_str(), ALCuint(kSampleRateHz),
                                                   AL_FORMAT_MONO16, ALCsizei(kRingSamples));
    if (!capture.handle_->device) {
        result.diagnostics.error({name.empty() ? "default" : name},
                                 "no microphone (OpenAL capture device, mono 48 kHz)" +
                                     describeChoices(captureDeviceNames()));
        return result;
    }
    const ALCchar* actual = alcGetString(capture.handle_->device, ALC_CAPTURE_DEVICE_SPECIFIER);
    capture.name_ = actual ? actual : name;
    alcCaptureStart(capture.handle_->device);
    result.value = std::move(capture);
    return result;
}

CaptureDevice::~CaptureDevice() = default;
CaptureDevice::CaptureDevice(CaptureDevice&&) noexcept = default;
CaptureDevice& CaptureDevice::operator=(CaptureDevice&&) noexcept = default;

std::size_t CaptureDevice::read(std::vector<float>& out) {
    ALCint available = 0;
    alcGetIntegerv(handle_->device, ALC_CAPTURE_SAMPLES, 1, &available);
    if (available <= 0) return 0;
    scratch_.resize(std::size_t(available));
    alcCaptureSamples(handle_->device, scratch_.data(), available);
    out.reserve(out.size() + scratch_.size());
    for (const std::int16_t s : scratch_) out.push_back(float(s) / 32768.0f);
    return scratch_.size();
}

}  // namespace places::audio
