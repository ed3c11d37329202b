#pragma once
// One OpenAL source streaming a voice: 20 ms buffers queued ahead of the
// mixer and recycled once played. Needs the AudioOutput's context current.
// Not copyable or movable (held by pointer).
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

namespace places::audio {

class SpatialSource {
public:
    SpatialSource();
    ~SpatialSource();
    SpatialSource(const SpatialSource&) = delete;
    SpatialSource& operator=(const SpatialSource&) = delete;

    // Takes back the buffers the mixer has finished and returns how many;
    // `queued` receives how many are still queued.
    std::uint32_t reclaim(std::uint32_t& queued);
    void queue(std::span<const float> pcm);
    // Starts (again) after the first queue or an underrun.
    void keepPlaying();
    // Venue-frame position; `inHead`: at the listener (a speaker whose pose is unknown).
    void place(const glm::vec3& position, bool inHead);
    void setAttenuation(float referenceDistanceM, float rolloff, float maxDistanceM, float gain);

private:
    std::uint32_t source_ = 0;
    std::vector<std::uint32_t> buffers_;  // all of them, deleted with the source
    std::vector<std::uint32_t> free_;     // not queued
    std::vector<std::int16_t> samples_;
};

}  // namespace places::audio
