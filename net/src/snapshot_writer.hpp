#pragma once
// The relay's per-client snapshot state: what it sent of each avatar (the last
// kBaselineDepth states, for deltas), which of those the client acknowledged,
// and each avatar's interest accumulator. Owned by the client's session; used
// only on the relay thread.
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "places/net/interest.hpp"
#include "places/net/snapshot.hpp"
#include "places/net/venues.hpp"

namespace places::net {

struct SnapshotParams {
    std::size_t budgetBytes = 900;  // per client per tick, snapshot payload
    double nearShare = 2.0 / 3.0;   // of the entry budget the near tier may use; the rest goes by priority
    InterestParams interest;
};

class SnapshotWriter {
public:
    void reset();
    void onAck(std::uint16_t latest, std::uint32_t mask);
    // Encodes this tick's snapshot for one viewer into `out` (cleared first):
    // mirrored hosts first, then the interest picks of `instance`, until the budget is spent.
    void write(const Viewer& viewer, ParticipantId self, Venue& venue, Instance& instance, const SnapshotParams& params,
               std::uint32_t serverTimeMs, InterestScratch& scratch, std::vector<std::byte>& out);
    // Naive all-to-all baseline (bench only): every avatar, absolute, every tick,
    // in as many MTU-sized snapshots as needed; `emit` is called per packet.
    void writeNaive(ParticipantId self, Venue& venue, Instance& instance, std::uint32_t serverTimeMs,
                    std::vector<std::byte>& scratch, const std::function<void(std::span<const std::byte>)>& emit);

private:
    struct SentState {
        std::uint16_t seq = 0;
        std::uint32_t version = 0;
        QuantizedAvatar state;
    };
    struct History {
        std::array<SentState, kBaselineDepth> sent{};
        std::uint8_t count = 0;
        std::uint8_t next = 0;
        bool hasBaseline = false;
        std::uint8_t baseline = 0;
        std::uint16_t baselineSeq = 0;
    };
    // One per avatar table (instance avatars, venue hosts), indexed by slot.
    struct PairTable {
        std::vector<ParticipantId> owner;
        std::vector<float> accumulated;
        std::vector<std::uint32_t> ackedVersion;  // 0 = nothing acknowledged
        std::vector<History> history;
        std::vector<std::uint8_t> eligible;       // scratch for the interest pass
        void fit(std::size_t n);
        void claim(std::size_t i, ParticipantId id);
    };
    struct SentEntry {
        std::uint8_t table;  // 0 instance, 1 hosts
        std::uint8_t ring;
        ParticipantId id;
        std::uint32_t slot;
    };
    struct SentRecord {
        std::uint16_t seq = 0;
        bool valid = false;
        bool acked = false;
        std::vector<SentEntry> entries;
    };
    static constexpr std::size_t kRecords = 32;  // the ack mask covers 32 snapshots

    bool append(PairTable& table, std::uint8_t tableIndex, std::uint32_t slot, const AvatarSlot& avatar,
                std::size_t budget, std::vector<std::byte>& out, SentRecord& record);

    PairTable tables_[2];
    std::array<SentRecord, kRecords> records_{};
    std::uint16_t nextSeq_ = 1;
    InterestPicks picks_;
    std::uint32_t sweep_ = 0;                // which slice of the candidates this tick sweeps
    std::vector<std::uint32_t> nearSet_;     // full-rate avatars, refreshed slice by slice
    std::vector<std::pair<float, std::uint32_t>> nearScratch_;
};

}  // namespace places::net
