#pragma once
// The relay's per-client snapshot state and the writing of one client's
// snapshot per tick. Per (client, avatar) pair it keeps only what deltas and
// priorities need (16 bytes + the tick last sent): the seqs of the last
// kBaselineDepth sends and the newest of them known acknowledged (the
// baseline); the states themselves live once per avatar in
// AvatarTable::history, and the entries' bytes are encoded once per tick in an
// EntryCache. The client's acknowledgements are kept as one cumulative window
// (latest seq + 32-bit mask) and resolved against a pair's sends only when the
// pair is about to be sent: no per-snapshot record of what went out, and no
// pass over pairs when an acknowledgement arrives. Snapshot seq = the relay's
// tick number (low 16 bits), so a client gets consecutive seqs, one per tick.
// Owned by the client's session; relay thread only.
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "entry_cache.hpp"
#include "places/net/interest.hpp"
#include "places/net/snapshot.hpp"
#include "places/net/venues.hpp"

namespace places::net {

struct SnapshotParams {
    std::size_t budgetBytes = 900;  // per client per tick, snapshot payload
    double nearShare = 2.0 / 3.0;   // of the entry budget the near tier may use; the rest goes by priority
    InterestParams interest;
    // Overload shedding (load_shedder.hpp) narrows these; the defaults shed nothing.
    std::size_t maxFarPicks = kMaxSnapshotEntries;  // far-tier avatars ranked for sending per viewer-tick
    std::uint32_t farEveryTicks = 1;                // a viewer's far tier runs on every n-th tick only
    // Far-tier picks whose pose reached the relay longer ago than this (ms,
    // relay clock) wait for a fresher one (RelayConfig::farStaleAfterMs); 0 = no limit.
    std::uint32_t farStaleAfterMs = 0;
};

// Whether a viewer's far tier runs at `tick` (viewers staggered by `phase`, so
// the relay's far-tier work is spread evenly over the ticks).
inline bool farTierDue(const SnapshotParams& params, std::uint32_t tick, std::uint32_t phase) {
    return params.farEveryTicks <= 1 || (tick + phase) % params.farEveryTicks == 0;
}

// One tick of one instance, shared by all its viewers.
struct SnapshotFrame {
    std::uint32_t tick = 0;
    std::uint32_t serverTimeMs = 0;
    const AvatarTable* hosts = nullptr;
    EntryCache* hostEntries = nullptr;
    const AvatarTable* avatars = nullptr;
    EntryCache* entries = nullptr;
    const InterestGrid* grid = nullptr;
    const SnapshotParams* params = nullptr;
    InterestScratch* scratch = nullptr;
};

// Where the viewer's own avatar is, so it is never sent to itself.
struct SelfSlot {
    std::uint32_t table = 2;  // 0 instance, 1 hosts, other = none
    std::uint32_t slot = 0;
};

class SnapshotWriter {
public:
    void reset();
    // The viewer was told the avatar in `slot` left (Roster Leave) and its
    // client dropped that avatar's baselines: the next entry goes absolute.
    // Slots reused by another id reset on their own; this is for the same id
    // coming back to the same slot (a portal move and return).
    void forget(std::uint8_t tableIndex, std::uint32_t slot);
    // Adds what the client acknowledged (PoseUpdate ackSnapshot/ackMask) to the window.
    void onAck(std::uint16_t latest, std::uint32_t mask);
    // Encodes this tick's snapshot for one viewer into `out`: mirrored hosts
    // first, then the near tier, then by priority, until the budget is spent.
    // `phase` staggers which slice of the crowd this viewer ranks per tick.
    void write(const SnapshotFrame& frame, const Viewer& viewer, SelfSlot self, std::uint32_t phase,
               std::vector<std::byte>& out);
    // Naive all-to-all baseline (bench only): every avatar, absolute, every tick,
    // in as many MTU-sized snapshots as needed; `emit` is called per packet.
    // Far-tier picks passed over for a stale pose since the last call.
    std::uint64_t takeFarStaleSkips() { return std::exchange(farStaleSkips_, 0); }
    static void writeNaive(const SnapshotFrame& frame, SelfSlot self, std::vector<std::byte>& scratch,
                           const std::function<void(std::span<std::byte>)>& emit);

private:
    struct Pair {
        ParticipantId owner = 0;       // the avatar this pair describes (slots are reused)
        std::uint8_t sends = 0;        // sends so far (past 255 it cycles 252..255); ring position = sends % depth
        std::uint8_t hasBaseline = 0;
        std::uint32_t baseline = 0;    // tick of the newest send known acknowledged
        std::array<std::uint16_t, kBaselineDepth> sent{};  // seqs of the last sends (ring)
    };
    static_assert(sizeof(Pair) == 16, "a client's pairs are its largest state: keep them to a quarter line");
    enum class Append : std::uint8_t { Sent, Unchanged, NoRoom };

    bool acknowledged(std::uint16_t seq) const;
    // Moves p.baseline to the newest of p's sends the client acknowledged.
    void resolveBaseline(Pair& p, std::uint32_t tick) const;
    Append append(std::uint8_t table, std::uint32_t slot, const SnapshotFrame& frame, std::size_t budget,
                  std::vector<std::byte>& out, std::size_t& size);

    std::vector<Pair> pairs_[2];            // by slot: 0 instance avatars, 1 venue hosts
    std::vector<std::uint32_t> lastSent_;   // instance avatars: tick last sent or found unchanged (0 = never)
    std::vector<std::uint32_t> near_, picks_;
    std::uint64_t farStaleSkips_ = 0;
    std::uint16_t ackLatest_ = 0;
    std::uint32_t ackMask_ = 0;  // bit k = seq ackLatest_ - k acknowledged; 0 = none yet
};

}  // namespace places::net
