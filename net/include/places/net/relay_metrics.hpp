#pragma once
// What the relay counts, and its Prometheus text form (exposition format 0.0.4).
// Owned and written by the relay's thread; the stats server only ever sees the
// rendered text (RelayLoop publishes it), so there is no shared mutable state.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "places/net/fair_report.hpp"
#include "places/net/load_shedder.hpp"
#include "places/net/pose_age.hpp"

namespace places::net {

// Rolling window of tick durations for percentiles (the last kWindow ticks).
class TickTimes {
public:
    static constexpr std::size_t kWindow = 1024;
    void add(std::uint64_t micros);
    // q in [0,1]; 0 when empty. Nearest-rank over the window.
    std::uint64_t percentile(double q) const;
    std::uint64_t count() const { return count_; }

private:
    std::array<std::uint64_t, kWindow> ring_{};
    std::uint64_t count_ = 0;
};

struct RelayMetrics {
    // gauges
    std::uint64_t peers = 0;          // transport connections, joined or not
    std::uint64_t sessions = 0;       // joined participants, including detached ones awaiting resume
    std::uint64_t avatars = 0;
    std::uint64_t spectators = 0;
    std::uint64_t venues = 0;
    std::uint64_t instances = 0;
    // counters
    std::uint64_t bytesIn = 0, bytesOut = 0;
    std::uint64_t messagesIn = 0, messagesOut = 0;
    std::uint64_t snapshotsOut = 0;
    std::uint64_t joins = 0, resumes = 0, refusals = 0, timeouts = 0, kicks = 0, bans = 0;
    std::uint64_t ticks = 0, tickOverruns = 0;
    // voice (voice_relay.cpp): frames in on the voice channel; copies out; frames
    // forwarded to no one (malformed, rate-limited, muted, no avatar); copies
    // not sent because a listener's voice byte budget was spent
    std::uint64_t voiceFramesIn = 0, voiceFramesOut = 0, voiceFramesDropped = 0, voiceBudgetDrops = 0;
    std::uint64_t voiceBytesIn = 0, voiceBytesOut = 0;
    // gauges of the last tick's selection: listeners with a connection, streams
    // chosen for them in all, and the most any one listener got
    std::uint64_t voiceListeners = 0, voiceStreams = 0, voiceStreamsMax = 0;
    std::map<std::string, std::uint64_t, std::less<>> dropped;  // by reason
    TickTimes tickTimes;
    std::uint64_t lastFlushMicros = 0;  // of the last tick: time in Transport::flush (the sends)
    // Overload (load_shedder.hpp): the degradation level and what each step shed.
    std::uint64_t shedLevel = 0;                          // a ShedLevel
    std::array<std::uint64_t, kShedLevels> shedTicks{};  // ticks run at each level
    std::uint64_t shedRaises = 0, shedLowers = 0;         // level changes
    std::uint64_t farTierSkipped = 0;  // viewer-ticks whose far tier waited for a later tick (level >= 2)
    // Avatar-ticks withheld from every snapshot because the avatar's newest pose
    // was older than RelayConfig::staleAfterMs at the relay (never sent late).
    std::uint64_t staleWithheld = 0;
    std::uint64_t farStaleSkipped = 0;  // far-tier picks passed over: pose older than RelayConfig::farStaleAfterMs
    std::uint64_t joinsDiverted = 0;   // joins an instance refused at level 4, placed in another instance
    std::uint64_t joinsRefusedAtCapacity = 0;  // visitors refused at level 4 without headroom (ShedParams::admitAgeMs)
    // p99 age of the poses relayed over the last second at their send (waiting
    // to arrive, to the tick, and the tick): what admission at capacity watches.
    std::uint32_t relayedPoseAgeP99Ms = 0;
    // Smoothed cost of the tick and its phases, each as a share of the tick period
    // (receive: handling packets since the previous tick).
    struct TickLoad {
        double receive = 0, housekeeping = 0, snapshots = 0, flush = 0, total = 0;
    } tickLoad;
    // Incoming poses (relay_handlers.cpp): how long each waited before the relay
    // handled it (PoseAgeEstimator, ms); poses never forwarded because a newer one
    // of the same sender arrived before the tick; drains of the transport stopped
    // at their time budget (Relay::pump) with packets possibly left for the next.
    DelayHistogram poseInboundDelay;
    std::uint64_t posesSuperseded = 0;
    std::uint64_t receiveCut = 0;

    // The fair: per booth, refreshed once a second (fair_report.hpp).
    std::vector<BoothReportRow> booths;

    void drop(std::string_view reason) {
        auto it = dropped.find(reason);
        if (it == dropped.end()) it = dropped.emplace(std::string(reason), 0).first;
        ++it->second;
    }
    std::uint64_t droppedTotal() const;
};

std::string renderPrometheus(const RelayMetrics& m);

}  // namespace places::net
