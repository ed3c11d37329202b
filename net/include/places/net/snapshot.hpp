#pragma once
// Snapshot entries as deltas against a baseline, and the client's side of it.
// The baseline of an entry is the state of the same avatar in an earlier snapshot
// that the client acknowledged. Each end keeps the last kBaselineDepth states per
// avatar: the relay those it sent, the client those it received. The relay only
// refers to a state still among its last kBaselineDepth sends, which (snapshots
// arrive in order or not at all) is then among the client's last receipts.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "places/net/protocol.hpp"

namespace places::net {

inline constexpr std::size_t kBaselineDepth = 4;

// The smallest entry that turns `baseline` (null = none) into `current`.
SnapshotEntry makeEntry(ParticipantId id, std::uint16_t poseTimeMs, const QuantizedAvatar& current,
                        const QuantizedAvatar* baseline, std::uint8_t baselineAge);
// The full state an entry describes; none when it needs a baseline it was not
// given, or a delta leaves the valid range.
std::optional<QuantizedAvatar> applyEntry(const SnapshotEntry& entry, const QuantizedAvatar* baseline);
// Bytes `entry` takes on the wire.
std::size_t encodedSize(const SnapshotEntry& entry);
inline constexpr std::size_t kSnapshotHeaderBytes = 1 + 2 + 4 + 2 + 1;
// Where Snapshot::poseWait sits in an encoded snapshot: the writer shares one
// frame among all viewers, the relay stamps each viewer's own value last.
inline constexpr std::size_t kSnapshotPoseWaitOffset = 1 + 2 + 4;
// Sets the poseWait field of an encoded snapshot.
void stampPoseWait(std::span<std::byte> snapshot, std::uint16_t tenthsOfMs);
inline constexpr std::size_t kMaxEntryBytes = 2 + 2 + 2 + 8 + 4 + (6 + 4) * 2;

// Which snapshots a client has received, in the (latest, mask) form of PoseUpdate.
class AckTracker {
public:
    void received(std::uint16_t seq);
    std::uint16_t latest() const { return latest_; }
    std::uint32_t mask() const { return mask_; }
    void reset() { latest_ = 0; mask_ = 0; }

private:
    std::uint16_t latest_ = 0;
    std::uint32_t mask_ = 0;
};

// The client's side: resolves entries against what it received before.
class SnapshotReceiver {
public:
    struct Update {
        ParticipantId id = 0;
        QuantizedAvatar state;
        std::uint16_t poseTimeMs = 0;
    };
    // Appends one Update per resolvable entry to `out`; an entry whose baseline is
    // unknown is skipped and counted (it does not happen with a conforming relay).
    void apply(const Snapshot& snapshot, std::vector<Update>& out);
    void forget(ParticipantId id);
    void reset();

    const AckTracker& acks() const { return acks_; }
    std::uint64_t unresolved() const { return unresolved_; }

private:
    struct History {
        std::array<std::uint16_t, kBaselineDepth> seq{};
        std::array<QuantizedAvatar, kBaselineDepth> state{};
        std::uint8_t count = 0;
        std::uint8_t next = 0;
    };
    std::vector<History> byId_;  // indexed by participant id (ids are dense from 1)
    AckTracker acks_;
    std::uint64_t unresolved_ = 0;
};

}  // namespace places::net
