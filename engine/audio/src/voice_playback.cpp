#include "places/audio/voice_playback.hpp"

#include <algorithm>

#include <AL/al.h>
#include <glm/geometric.hpp>

#include "spatial_source.hpp"

namespace places::audio {

struct VoicePlayback::Speaker {
    explicit Speaker(bool concealment) : stream(concealment) {}
    VoiceStream stream;
    SpatialSource source;
    HeadPose head;
    bool placed = false;
    bool started = false;  // has queued its first frame
};

namespace {

void addCounts(StreamCounts& total, const StreamCounts& c) {
    total.decoded += c.decoded;
    total.recovered += c.recovered;
    total.concealed += c.concealed;
    total.silent += c.silent;
    total.corrupt += c.corrupt;
}

}  // namespace

float distanceGain(float distanceM, const PlaybackSettings& s) {
    if (!(distanceM <= s.cutoffM)) return 0.0f;  // also NaN
    const float d = std::clamp(distanceM, s.referenceDistanceM, s.cutoffM);
    return s.referenceDistanceM / (s.referenceDistanceM + s.rolloff * (d - s.referenceDistanceM));
}

VoicePlayback::VoicePlayback(const PlaybackSettings& settings) : settings_(settings), pcm_(kFrameSamples) {
    setListener(listener_);
}

VoicePlayback::~VoicePlayback() = default;

void VoicePlayback::receive(const VoicePacket& packet) {
    auto it = speakers_.find(packet.speaker);
    if (it == speakers_.end()) {
        if (speakers_.size() >= kMaxSpeakers) {
            ++closed_.refusedSpeakers;
            return;
        }
        it = speakers_.emplace(packet.speaker, std::make_unique<Speaker>(settings_.concealment)).first;
    }
    ++closed_.packets;
    it->second->stream.receive(packet.sequence, packet.captureTimeMs, packet.opus);
}

void VoicePlayback::setListener(const HeadPose& head) {
    listener_ = head;
    const glm::quat q = glm::normalize(head.orientation);
    const glm::vec3 at = q * glm::vec3(0.0f, 0.0f, -1.0f), up = q * glm::vec3(0.0f, 1.0f, 0.0f);
    const float orientation[6] = {at.x, at.y, at.z, up.x, up.y, up.z};
    alListener3f(AL_POSITION, head.position.x, head.position.y, head.position.z);
    alListenerfv(AL_ORIENTATION, orientation);
}

void VoicePlayback::setSpeakerPose(std::uint32_t speaker, const HeadPose& head) {
    if (auto it = speakers_.find(speaker); it != speakers_.end()) {
        it->second->head = head;
        it->second->placed = true;
    }
}

void VoicePlayback::update() {
    for (auto it = speakers_.begin(); it != speakers_.end();) {
        Speaker& s = *it->second;
        if (s.stream.framesSincePacket() > kIdleCloseFrames) {
            addCounts(closed_.slots, s.stream.counts());
            ++closed_.closedStreams;
            it = speakers_.erase(it);
            continue;
        }
        // One frame from the stream per buffer the mixer finished (a new
        // stream: one to start), so the jitter buffer runs on the sound
        // card's clock; a short queue (start, or an update that came late)
        // is padded with silence instead of draining the jitter buffer early.
        std::uint32_t queued = 0;
        const std::uint32_t played = s.source.reclaim(queued);
        for (std::uint32_t i = 0; i < (s.started ? played : 1u); ++i, ++queued) {
            s.stream.next(pcm_);
            s.source.queue(pcm_);
        }
        s.started = true;
        if (queued < settings_.queuedFrames) {
            std::fill(pcm_.begin(), pcm_.end(), 0.0f);
            for (; queued < settings_.queuedFrames; ++queued) s.source.queue(pcm_);
        }
        const float distance = s.placed ? glm::distance(s.head.position, listener_.position) : 0.0f;
        s.source.place(s.head.position, !s.placed);
        s.source.setAttenuation(settings_.referenceDistanceM, settings_.rolloff, settings_.cutoffM,
                                distance > settings_.cutoffM ? 0.0f : 1.0f);
        s.source.keepPlaying();
        ++it;
    }
}

bool VoicePlayback::speaking(std::uint32_t speaker) const {
    const auto it = speakers_.find(speaker);
    return it != speakers_.end() && it->second->stream.speaking();
}

std::vector<std::uint32_t> VoicePlayback::speakers() const {
    std::vector<std::uint32_t> ids;
    for (const auto& [id, s] : speakers_) ids.push_back(id);
    return ids;
}

std::uint32_t VoicePlayback::lastCaptureTimeMs(std::uint32_t speaker) const {
    const auto it = speakers_.find(speaker);
    return it == speakers_.end() ? 0 : it->second->stream.lastCaptureTimeMs();
}

PlaybackCounts VoicePlayback::counts() const {
    PlaybackCounts c = closed_;
    for (const auto& [id, s] : speakers_) addCounts(c.slots, s->stream.counts());
    return c;
}

}  // namespace places::audio
