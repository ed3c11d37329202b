#include "places/net/relay_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace places::net {

void TickTimes::add(std::uint64_t micros) { ring_[count_++ % kWindow] = micros; }

std::uint64_t TickTimes::percentile(double q) const {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(count_, kWindow));
    if (n == 0) return 0;
    std::vector<std::uint64_t> v(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(n));
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
    const std::size_t k = std::clamp<std::size_t>(rank, 1, n) - 1;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

std::uint64_t RelayMetrics::droppedTotal() const {
    std::uint64_t total = 0;
    for (const auto& [reason, n] : dropped) total += n;
    return total;
}

namespace {

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help, std::uint64_t v) {
    out.append("# HELP places_relay_").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE places_relay_").append(name).append(" ").append(type).append("\n");
    out.append("places_relay_").append(name).append(" ").append(std::to_string(v)).append("\n");
}

}  // namespace

std::string renderPrometheus(const RelayMetrics& m) {
    std::string out;
    metric(out, "peers", "gauge", "Transport connections, joined or not.", m.peers);
    metric(out, "sessions", "gauge", "Joined participants, including detached ones awaiting resume.", m.sessions);
    metric(out, "avatars", "gauge", "Participants with an avatar.", m.avatars);
    metric(out, "spectators", "gauge", "Participants without an avatar.", m.spectators);
    metric(out, "venues", "gauge", "Venues with at least one instance.", m.venues);
    metric(out, "instances", "gauge", "Open venue instances.", m.instances);
    metric(out, "bytes_in_total", "counter", "Payload bytes received.", m.bytesIn);
    metric(out, "bytes_out_total", "counter", "Payload bytes sent.", m.bytesOut);
    metric(out, "messages_in_total", "counter", "Messages received.", m.messagesIn);
    metric(out, "messages_out_total", "counter", "Messages sent.", m.messagesOut);
    metric(out, "snapshots_out_total", "counter", "Snapshots sent.", m.snapshotsOut);
    metric(out, "joins_total", "counter", "Successful joins.", m.joins);
    metric(out, "resumes_total", "counter", "Sessions resumed with a token.", m.resumes);
    metric(out, "refusals_total", "counter", "Refused hellos.", m.refusals);
    metric(out, "timeouts_total", "counter", "Peers dropped for silence.", m.timeouts);
    metric(out, "kicks_total", "counter", "Participants kicked.", m.kicks);
    metric(out, "bans_total", "counter", "Participants banned.", m.bans);
    metric(out, "ticks_total", "counter", "Relay ticks run.", m.ticks);
    metric(out, "tick_overruns_total", "counter", "Ticks that took longer than the tick interval.", m.tickOverruns);
    metric(out, "voice_frames_in_total", "counter", "Voice frames received.", m.voiceFramesIn);
    metric(out, "voice_frames_out_total", "counter", "Voice frame copies forwarded to listeners.", m.voiceFramesOut);
    metric(out, "voice_frames_dropped_total", "counter",
           "Voice frames forwarded to no one (malformed, rate-limited, muted, no avatar).", m.voiceFramesDropped);
    metric(out, "voice_budget_drops_total", "counter", "Voice frame copies not sent: the listener's voice budget was spent.",
           m.voiceBudgetDrops);
    metric(out, "voice_bytes_in_total", "counter", "Voice payload bytes received.", m.voiceBytesIn);
    metric(out, "voice_bytes_out_total", "counter", "Voice payload bytes sent.", m.voiceBytesOut);
    metric(out, "voice_listeners", "gauge", "Connected listeners at the last voice selection.", m.voiceListeners);
    metric(out, "voice_streams", "gauge", "Voice streams chosen for all listeners at the last selection.", m.voiceStreams);
    metric(out, "voice_streams_per_listener_max", "gauge", "Most voice streams any listener was chosen.", m.voiceStreamsMax);
    out.append("# HELP places_relay_dropped_total Messages dropped, by reason.\n");
    out.append("# TYPE places_relay_dropped_total counter\n");
    for (const auto& [reason, n] : m.dropped)
        out.append("places_relay_dropped_total{reason=\"").append(reason).append("\"} ").append(std::to_string(n)).append("\n");
    renderBoothMetrics(m.booths, out);
    out.append("# HELP places_relay_tick_seconds Relay tick duration over the last ticks.\n");
    out.append("# TYPE places_relay_tick_seconds summary\n");
    for (const double q : {0.5, 0.9, 0.99}) {
        char line[96];
        std::snprintf(line, sizeof line, "places_relay_tick_seconds{quantile=\"%g\"} %.6f\n", q,
                      static_cast<double>(m.tickTimes.percentile(q)) * 1e-6);
        out.append(line);
    }
    out.append("places_relay_tick_seconds_count ").append(std::to_string(m.tickTimes.count())).append("\n");
    metric(out, "shed_level", "gauge",
           "Overload degradation level: 0 normal, 1 fewer far-tier updates, 2 lower rate for distant avatars, "
           "3 smaller near set, 4 new joins refused by the open instances.",
           m.shedLevel);
    out.append("# HELP places_relay_shed_level_changes_total Degradation level changes, by direction.\n");
    out.append("# TYPE places_relay_shed_level_changes_total counter\n");
    out.append("places_relay_shed_level_changes_total{direction=\"up\"} ").append(std::to_string(m.shedRaises)).append("\n");
    out.append("places_relay_shed_level_changes_total{direction=\"down\"} ").append(std::to_string(m.shedLowers)).append("\n");
    out.append("# HELP places_relay_shed_ticks_total Ticks run at each degradation level.\n");
    out.append("# TYPE places_relay_shed_ticks_total counter\n");
    for (std::size_t i = 0; i < kShedLevels; ++i)
        out.append("places_relay_shed_ticks_total{level=\"")
            .append(toString(static_cast<ShedLevel>(i)))
            .append("\"} ")
            .append(std::to_string(m.shedTicks[i]))
            .append("\n");
    metric(out, "far_tier_skipped_total", "counter",
           "Viewer-ticks whose far tier was left for a later tick (degradation level 2 and up).", m.farTierSkipped);
    metric(out, "stale_avatars_withheld_total", "counter",
           "Avatar-ticks not sent to anyone: the avatar's newest pose was older than the staleness limit.",
           m.staleWithheld);
    metric(out, "far_stale_skipped_total", "counter",
           "Far-tier picks passed over for a tick: the avatar's newest pose was older than the far tier's limit.",
           m.farStaleSkipped);
    metric(out, "joins_diverted_total", "counter",
           "Joins the open instances refused under overload (level 4), placed in an overflow instance.",
           m.joinsDiverted);
    metric(out, "relayed_pose_age_p99_milliseconds", "gauge",
           "p99 age of the poses relayed over the last second at their send (arrival, wait for the tick, the tick).",
           m.relayedPoseAgeP99Ms);
    metric(out, "joins_refused_capacity_total", "counter",
           "Visitors and spectators refused at level 4 while the relayed poses' age was over the admission limit.",
           m.joinsRefusedAtCapacity);
    out.append("# HELP places_relay_tick_load Smoothed cost of the tick and its phases, as a share of the tick period.\n");
    out.append("# TYPE places_relay_tick_load gauge\n");
    const std::pair<const char*, double> phases[] = {{"receive", m.tickLoad.receive},
                                                     {"housekeeping", m.tickLoad.housekeeping},
                                                     {"snapshots", m.tickLoad.snapshots},
                                                     {"flush", m.tickLoad.flush},
                                                     {"total", m.tickLoad.total}};
    for (const auto& [phase, v] : phases) {
        char line[96];
        std::snprintf(line, sizeof line, "places_relay_tick_load{phase=\"%s\"} %.4f\n", phase, v);
        out.append(line);
    }
    metric(out, "poses_superseded_total", "counter",
           "Poses never forwarded: a newer pose of the same sender arrived before the tick.", m.posesSuperseded);
    metric(out, "receive_cut_total", "counter",
           "Transport drains stopped at their time budget, packets possibly left for the next drain.", m.receiveCut);
    out.append("# HELP places_relay_pose_inbound_delay_seconds How long a pose waited on its way in before the "
               "relay handled it, above the fastest of its sender recently.\n");
    out.append("# TYPE places_relay_pose_inbound_delay_seconds histogram\n");
    std::uint64_t cumulative = 0;
    std::size_t ms = 0;
    for (const std::uint32_t le : {5u, 10u, 25u, 50u, 100u, 250u, 500u, 1000u}) {
        for (; ms <= le; ++ms) cumulative += m.poseInboundDelay.counts[ms];
        char line[112];
        std::snprintf(line, sizeof line, "places_relay_pose_inbound_delay_seconds_bucket{le=\"%g\"} %llu\n", le / 1000.0,
                      static_cast<unsigned long long>(cumulative));
        out.append(line);
    }
    out.append("places_relay_pose_inbound_delay_seconds_bucket{le=\"+Inf\"} ")
        .append(std::to_string(m.poseInboundDelay.total))
        .append("\n");
    char sum[96];
    std::snprintf(sum, sizeof sum, "places_relay_pose_inbound_delay_seconds_sum %.3f\n",
                  static_cast<double>(m.poseInboundDelay.sumMs) / 1000.0);
    out.append(sum);
    out.append("places_relay_pose_inbound_delay_seconds_count ").append(std::to_string(m.poseInboundDelay.total)).append("\n");
    return out;
}

}  // namespace places::net
