// The relay's voice rules: a frame from a speaker goes at once (no waiting for
// the tick) to the listeners that chose it at the last tick, within each
// listener's voice byte budget, on the voice channel, so poses and snapshots
// never wait behind it. The choice (selectVoiceStreams) runs once per tick.
#include <algorithm>
#include <limits>

#include "relay_state.hpp"

namespace places::net {
namespace {

// Per-frame decay of a speaker's level: a voice that stops fades from the
// ranking within ~150 ms rather than holding its slot for the whole window.
constexpr float kLevelDecayPerFrame = 0.9f;
// Talkers ranked per listener at most (InterestGrid::nearest's limit).
constexpr std::size_t kNearestTalkers = 64;

}  // namespace

bool Relay::State::canHear(const Session& listener, const Session& speaker) const {
    // Private talks (fair_handlers.cpp): their members hear only each other,
    // and nobody outside hears them. Muted speakers are refused on arrival.
    return listener.id != speaker.id && !speaker.muted && sameTalk(listener, speaker);
}

void Relay::State::onVoice(Session& s, const Voice& m) {
    if (s.muted) {
        ++metrics.voiceFramesDropped;
        return metrics.drop("voice_muted");
    }
    if (!s.placement.avatar()) {  // spectators have no place to speak from
        ++metrics.voiceFramesDropped;
        return metrics.drop("voice_no_avatar");
    }
    const std::uint64_t now = clock.nowMicros();
    s.voice.lastFrameUs = now;
    s.voice.level = std::max(loudnessAmplitude(m.frame.loudness), s.voice.level * kLevelDecayPerFrame);

    VoiceFrom out{m.frame};
    out.frame.speaker = s.id;
    buffer.clear();
    encodeMessage(out, buffer);
    const auto size = static_cast<double>(buffer.size());
    const auto forward = [&](ParticipantId id) {
        Session* o = findSession(id);
        if (!o || o->peer == kNoPeer || !canHear(*o, s)) return;
        if (!o->voice.budgetReady) {
            o->voice.budget = TokenBucket(config.voice.listenerBytesPerSecond, config.voice.listenerBurstBytes, now);
            o->voice.budgetReady = true;
        }
        if (!o->voice.budget.take(now, size)) {
            ++metrics.voiceBudgetDrops;
            return;
        }
        sendRaw(o->peer, Channel::Voice, buffer);
        ++metrics.voiceFramesOut;
        metrics.voiceBytesOut += buffer.size();
    };
    if (config.voice.forwardAll) forEachAudience(s, forward);
    else
        for (ParticipantId id : s.voice.listeners) forward(id);
}

void Relay::State::selectVoiceStreams() {
    const std::uint64_t now = clock.nowMicros();
    const std::uint64_t window = static_cast<std::uint64_t>(config.voice.activeMs) * 1000;
    const auto talking = [&](const Session& s) {
        return s.voice.lastFrameUs != 0 && now - s.voice.lastFrameUs <= window && !s.muted;
    };
    sessions.forEach([](Session& s) { s.voice.listeners.clear(); });
    metrics.voiceListeners = metrics.voiceStreams = metrics.voiceStreamsMax = 0;
    if (config.voice.forwardAll) return;  // onVoice sends to the whole audience

    VoiceScratch& vs = voiceScratch;
    const auto candidate = [](const Session& s, bool host) {
        return VoiceCandidate{s.id, s.viewer.position, s.voice.level, host};
    };
    for (const auto& venue : venues.venues()) {
        vs.hosts.clear();
        for (ParticipantId id : venue->hostIds)
            if (const Session* h = findSession(id); h && talking(*h)) vs.hosts.push_back(candidate(*h, true));
        for (std::size_t i = 0; i < venue->instances.size(); ++i) {
            const Instance& instance = *venue->instances[i];
            vs.speakers.clear();
            vs.positions.clear();
            for (ParticipantId id : instance.members) {
                const Session* s = findSession(id);
                if (!s || s->placement.kind != SlotKind::InstanceAvatar || !talking(*s)) continue;
                vs.speakers.push_back(candidate(*s, false));
                vs.positions.push_back(s->viewer.position);
            }
            vs.present.assign(vs.positions.size(), 1);
            // The interest grid over the talkers only: a listener ranks the
            // nearest few within the cutoff, however many talk venue-wide.
            vs.grid.build(vs.positions, vs.present, config.voice.cutoffDistance);
            const auto choose = [&](Session& listener) {
                if (listener.peer == kNoPeer) return;
                vs.pool.assign(vs.hosts.begin(), vs.hosts.end());
                if (!vs.speakers.empty()) {
                    vs.grid.nearest(listener.viewer.position, kNearestTalkers, config.voice.cutoffDistance,
                                    std::numeric_limits<std::uint32_t>::max(), vs.near);
                    for (std::uint32_t k : vs.near) vs.pool.push_back(vs.speakers[k]);
                }
                std::erase_if(vs.pool, [&](const VoiceCandidate& c) {
                    const Session* speaker = findSession(c.id);
                    return !speaker || !canHear(listener, *speaker);
                });
                pickVoiceStreams(listener.viewer.position, listener.id, vs.pool, config.voice, vs.picks);
                for (ParticipantId id : vs.picks) findSession(id)->voice.listeners.push_back(listener.id);
                ++metrics.voiceListeners;
                metrics.voiceStreams += vs.picks.size();
                metrics.voiceStreamsMax = std::max<std::uint64_t>(metrics.voiceStreamsMax, vs.picks.size());
            };
            for (ParticipantId id : instance.members)
                if (Session* s = findSession(id)) choose(*s);
            if (i == 0)
                for (ParticipantId id : venue->hostIds)
                    if (Session* s = findSession(id)) choose(*s);
        }
    }
}

}  // namespace places::net
