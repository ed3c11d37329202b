#include "places/net/voice_forwarding.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace places::net {

float voiceDistanceGain(float distance, const VoiceConfig& config) {
    if (!(distance <= config.cutoffDistance)) return 0.0f;  // also NaN
    return config.referenceDistance / std::max(distance, config.referenceDistance);
}

void pickVoiceStreams(const glm::vec3& listener, ParticipantId self, std::span<const VoiceCandidate> candidates,
                      const VoiceConfig& config, std::vector<ParticipantId>& out) {
    out.clear();
    if (config.streams == 0) return;
    // At most a few dozen candidates (the relay passes the nearest 64 talkers
    // and the venue's hosts): a small array and a partial sort beat a heap.
    struct Ranked {
        bool host;
        float score;
        ParticipantId id;
    };
    thread_local std::vector<Ranked> ranked;
    ranked.clear();
    for (const VoiceCandidate& c : candidates) {
        if (c.id == self || !(c.level > 0.0f)) continue;
        const float score = c.host ? c.level : c.level * voiceDistanceGain(glm::distance(listener, c.position), config);
        if (!(score > 0.0f)) continue;
        ranked.push_back({c.host, score, c.id});
    }
    const std::size_t n = std::min<std::size_t>(config.streams, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(),
                      [](const Ranked& a, const Ranked& b) {
                          if (a.host != b.host) return a.host;
                          if (a.score != b.score) return a.score > b.score;
                          return a.id < b.id;
                      });
    for (std::size_t i = 0; i < n; ++i) out.push_back(ranked[i].id);
}

}  // namespace places::net
