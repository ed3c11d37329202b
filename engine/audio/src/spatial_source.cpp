#include "spatial_source.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <AL/al.h>

#include "places/audio/voice_format.hpp"

namespace places::audio {

SpatialSource::SpatialSource() {
    alGetError();
    alGenSources(1, &source_);
    if (alGetError() != AL_NO_ERROR) throw std::runtime_error("alGenSources failed (no OpenAL context?)");
    alSourcei(source_, AL_LOOPING, AL_FALSE);
}

SpatialSource::~SpatialSource() {
    alSourceStop(source_);
    alSourcei(source_, AL_BUFFER, 0);  // unqueues everything
    alDeleteSources(1, &source_);
    if (!buffers_.empty()) alDeleteBuffers(ALsizei(buffers_.size()), buffers_.data());
}

std::uint32_t SpatialSource::reclaim(std::uint32_t& queued) {
    ALint processed = 0, stillQueued = 0;
    alGetSourcei(source_, AL_BUFFERS_PROCESSED, &processed);
    for (ALint i = 0; i < processed; ++i) {
        ALuint b = 0;
        alSourceUnqueueBuffers(source_, 1, &b);
        free_.push_back(b);
    }
    alGetSourcei(source_, AL_BUFFERS_QUEUED, &stillQueued);
    queued = std::uint32_t(std::max(stillQueued, 0));
    return std::uint32_t(std::max(processed, 0));
}

void SpatialSource::queue(std::span<const float> pcm) {
    if (free_.empty()) {
        ALuint b = 0;
        alGenBuffers(1, &b);
        buffers_.push_back(b);
        free_.push_back(b);
    }
    const ALuint b = free_.back();
    free_.pop_back();
    samples_.resize(pcm.size());
    for (std::size_t i = 0; i < pcm.size(); ++i)
        samples_[i] = std::int16_t(std::lround(std::clamp(pcm[i], -1.0f, 1.0f) * 32767.0f));
    alBufferData(b, AL_FORMAT_MONO16, samples_.data(), ALsizei(samples_.size() * sizeof(std::int16_t)),
                 ALsizei(kSampleRateHz));
    alSourceQueueBuffers(source_, 1, &b);
}

void SpatialSource::keepPlaying() {
    ALint state = AL_STOPPED;
    alGetSourcei(source_, AL_SOURCE_STATE, &state);
    if (state != AL_PLAYING) alSourcePlay(source_);
}

void SpatialSource::place(const glm::vec3& position, bool inHead) {
    alSourcei(source_, AL_SOURCE_RELATIVE, inHead ? AL_TRUE : AL_FALSE);
    const glm::vec3 p = inHead ? glm::vec3(0.0f) : position;
    alSource3f(source_, AL_POSITION, p.x, p.y, p.z);
}

void SpatialSource::setAttenuation(float referenceDistanceM, float rolloff, float maxDistanceM, float gain) {
    alSourcef(source_, AL_REFERENCE_DISTANCE, referenceDistanceM);
    alSourcef(source_, AL_ROLLOFF_FACTOR, rolloff);
    alSourcef(source_, AL_MAX_DISTANCE, maxDistanceM);
    alSourcef(source_, AL_GAIN, gain);
}

}  // namespace places::audio
