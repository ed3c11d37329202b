// The relay under overload: what a tick cost, the degradation level it leads
// to (LoadShedder), and what each level changes (docs/formats/protocol.md,
// "Overload"). Level changes are rare (at most one per raiseAfterTicks), so
// applying one may walk every instance.
#include <algorithm>
#include <cstdio>

#include "relay_state.hpp"

namespace places::net {

void Relay::State::observeLoad(const TickCost& cost) {
    const std::uint64_t injected = config.injectedTickCostMicros ? config.injectedTickCostMicros() : 0;
    const std::uint64_t total = cost.receive + cost.housekeeping + cost.snapshots + cost.flush + injected;
    // The phases are smoothed like the total, for /metrics: which part grew.
    const double period = 1e6 / static_cast<double>(std::max<std::uint32_t>(config.tickRateHz, 1));
    const double a = config.shed.smoothing;
    RelayMetrics::TickLoad& load = metrics.tickLoad;
    const auto smooth = [&](double& v, std::uint64_t micros) { v += a * (static_cast<double>(micros) / period - v); };
    smooth(load.receive, cost.receive);
    smooth(load.housekeeping, cost.housekeeping);
    smooth(load.snapshots, cost.snapshots);
    smooth(load.flush, cost.flush);
    const ShedLevel before = shedder.level();
    const int change = shedder.observe(total);
    load.total = shedder.load();
    ++metrics.shedTicks[static_cast<std::size_t>(shedder.level())];
    if (change != 0) applyShedLevel(before);
}

void Relay::State::applyShedLevel(ShedLevel from) {
    const ShedLevel level = shedder.level();
    const auto at = [&](ShedLevel l) { return level >= l; };
    metrics.shedLevel = static_cast<std::uint64_t>(level);
    (level > from ? metrics.shedRaises : metrics.shedLowers) += 1;
    // Each level keeps what the ones below it shed (load_shedder.hpp).
    SnapshotParams p;
    p.budgetBytes = config.snapshotBudgetBytes;
    p.interest = config.interest;
    p.farStaleAfterMs = config.farStaleAfterMs;
    if (at(ShedLevel::FewerFar)) {
        p.interest.rankPerTick = std::max<std::uint32_t>(config.interest.rankPerTick / 2, 16);
        p.maxFarPicks = 8;
    }
    if (at(ShedLevel::SlowerFar)) p.farEveryTicks = 3;
    if (at(ShedLevel::SmallerNear)) p.interest.nearCount = std::max<std::uint32_t>(config.interest.nearCount / 2, 1);
    snapshotParams = p;
    // Level 4 closes the instances open now; one opened for the next join stays
    // open (it is small, so a viewer there costs little), and leaving level 4
    // reopens them all.
    if (at(ShedLevel::FewerFar) != (from >= ShedLevel::FewerFar))
        transport.setReceiveQueueBytes(at(ShedLevel::FewerFar) ? config.receiveQueueBytesShedding : config.receiveQueueBytes);
    const bool closed = at(ShedLevel::RefuseJoins);
    if (closed != (from >= ShedLevel::RefuseJoins))
        for (const auto& venue : venues.venues())
            for (const auto& instance : venue->instances) instance->closedToJoins = closed;
    if (!log) return;
    RelayLogRecord r;
    r.kind = RelayLogKind::Shed;
    char text[160];
    std::snprintf(text, sizeof text, "level %d %s (was %d %s), tick load %.2f of the period",
                  static_cast<int>(level), toString(level).data(), static_cast<int>(from), toString(from).data(),
                  shedder.load());
    r.reason = text;
    log->record(r);
}

bool Relay::State::backlogged(PeerId peer) {
    if (transport.queuedBytes(peer) <= config.maxQueuedBytesPerPeer) return false;
    metrics.drop("snapshot_backlog");
    return true;
}

}  // namespace places::net
