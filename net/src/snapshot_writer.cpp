#include "snapshot_writer.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "protocol_state.hpp"

namespace places::net {
namespace {

constexpr std::size_t kCountOffset = 9;  // type u8, seq u16, serverTimeMs u32, poseWait u16, then count u8
constexpr std::size_t kMinEntryBytes = 7;       // id, mask, poseTime, baseline age: all fields unchanged
constexpr std::size_t kFarEntryBytes = 32;      // far avatars: mostly absolute (38 B) or old baselines
constexpr std::size_t kMaxMisses = 4;           // picks that did not fit before the budget counts as spent
constexpr std::uint32_t kMaxBaselineAge = std::min<std::uint32_t>(255, kHistoryTicks - 1);

// Writes the header into out[0, kSnapshotHeaderBytes); returns the header size.
std::size_t beginSnapshot(std::vector<std::byte>& out, std::uint16_t seq, std::uint32_t serverTimeMs) {
    out.clear();
    ByteWriter w(out);
    w.u8(static_cast<std::uint8_t>(MessageType::Snapshot));
    w.u16(seq);
    w.u32(serverTimeMs);
    w.u16(kNoPoseWait);  // poseWait: each viewer's own, stamped by the relay
    w.u8(0);  // count, patched as entries are appended
    return out.size();
}

std::uint8_t count(const std::vector<std::byte>& out) { return static_cast<std::uint8_t>(out[kCountOffset]); }

void bumpCount(std::vector<std::byte>& out) { out[kCountOffset] = static_cast<std::byte>(count(out) + 1); }

}  // namespace

void SnapshotWriter::reset() {
    for (auto& p : pairs_) p.clear();
    lastSent_.clear();
    ackLatest_ = 0;
    ackMask_ = 0;
}

void SnapshotWriter::forget(std::uint8_t tableIndex, std::uint32_t slot) {
    if (tableIndex < 2 && slot < pairs_[tableIndex].size()) pairs_[tableIndex][slot] = Pair{};
}

void SnapshotWriter::onAck(std::uint16_t latest, std::uint32_t mask) {
    if (mask == 0) return;
    if (ackMask_ == 0) {
        ackLatest_ = latest;
        ackMask_ = mask;
    } else if (sequenceNewer(latest, ackLatest_)) {
        const std::uint16_t shift = sequenceDistance(latest, ackLatest_);
        ackMask_ = (shift >= 32 ? 0u : ackMask_ << shift) | mask;
        ackLatest_ = latest;
    } else {  // an older PoseUpdate arriving late still tells what was received
        const std::uint16_t back = sequenceDistance(ackLatest_, latest);
        if (back < 32) ackMask_ |= mask << back;
    }
}

bool SnapshotWriter::acknowledged(std::uint16_t seq) const {
    const std::uint16_t back = sequenceDistance(ackLatest_, seq);
    return back < 32 && ((ackMask_ >> back) & 1u) != 0;
}

void SnapshotWriter::resolveBaseline(Pair& p, std::uint32_t tick) const {
    const auto now = static_cast<std::uint16_t>(tick);
    const std::size_t held = std::min<std::size_t>(p.sends, kBaselineDepth);
    for (std::size_t k = 1; k <= held; ++k) {  // newest send first
        const std::uint16_t seq = p.sent[(p.sends - k) % kBaselineDepth];
        // Older sends are outside the acknowledgement window (and too old for a
        // delta); stopping here also keeps 16-bit seqs from wrapping into it.
        if (sequenceDistance(now, seq) >= 32) return;
        const std::uint32_t sentTick = tick - sequenceDistance(now, seq);
        if (p.hasBaseline && sentTick <= p.baseline) return;  // nothing newer than what we have
        if (acknowledged(seq)) {
            p.hasBaseline = 1;
            p.baseline = sentTick;
            return;
        }
    }
}

SnapshotWriter::Append SnapshotWriter::append(std::uint8_t tableIndex, std::uint32_t slot, const SnapshotFrame& frame,
                                              std::size_t budget, std::vector<std::byte>& out, std::size_t& size) {
    const AvatarTable& table = tableIndex == 0 ? *frame.avatars : *frame.hosts;
    EntryCache& entries = tableIndex == 0 ? *frame.entries : *frame.hostEntries;
    const AvatarSlot& a = table.slots[slot];
    Pair& p = pairs_[tableIndex][slot];
    if (p.owner != a.id) p = Pair{a.id};
    resolveBaseline(p, frame.tick);
    std::uint32_t age = 0;
    if (p.hasBaseline) {
        const std::uint32_t since = frame.tick - p.baseline;
        const auto seq = static_cast<std::uint16_t>(p.baseline);
        // Still among the client's last kBaselineDepth receipts of this avatar?
        const std::size_t held = std::min<std::size_t>(p.sends, kBaselineDepth);
        const bool kept = std::find(p.sent.begin(), p.sent.begin() + static_cast<std::ptrdiff_t>(held), seq) !=
                          p.sent.begin() + static_cast<std::ptrdiff_t>(held);
        if (kept && p.baseline >= a.changedTick) {
            // The client has the current state: nothing to send, and it counts as fresh.
            if (tableIndex == 0) lastSent_[slot] = frame.tick;
            return Append::Unchanged;
        }
        if (kept && since >= 1 && since <= kMaxBaselineAge) age = since;
    }
    const std::span<const std::byte> bytes = entries.entry(slot, age);
    if (size + bytes.size() > budget) return Append::NoRoom;
    std::memcpy(out.data() + size, bytes.data(), bytes.size());
    size += bytes.size();
    out[kCountOffset] = static_cast<std::byte>(static_cast<std::uint8_t>(out[kCountOffset]) + 1);
    p.sent[p.sends % kBaselineDepth] = static_cast<std::uint16_t>(frame.tick);
    // Saturate at a multiple of the depth so the ring position keeps cycling.
    static_assert(256 % kBaselineDepth == 0);
    p.sends = static_cast<std::uint8_t>(p.sends == 255 ? 256 - kBaselineDepth : p.sends + 1);
    if (tableIndex == 0) lastSent_[slot] = frame.tick;
    return Append::Sent;
}

void SnapshotWriter::write(const SnapshotFrame& frame, const Viewer& viewer, SelfSlot self, std::uint32_t phase,
                           std::vector<std::byte>& out) {
    const SnapshotParams& params = *frame.params;
    const std::size_t slots = frame.avatars->slots.size();
    if (pairs_[0].size() < slots) {
        pairs_[0].resize(slots);
        lastSent_.resize(slots, 0);
    }
    // The far tier reads this block of lastSent_ after the near tier: start
    // loading it now (a client's state is cold at 1,000 clients).
    // Ranked slices advance once per far-tier run: counting ticks instead would
    // visit only some slices when the run interval divides the slice count.
    const bool farDue = farTierDue(params, frame.tick, phase);
    const auto [begin, end] = params.farEveryTicks <= 1
                                  ? sliceOf(slots, params.interest.rankPerTick, frame.tick, phase)
                                  : sliceOf(slots, params.interest.rankPerTick, (frame.tick + phase) / params.farEveryTicks, 0);
    if (farDue)
        for (std::size_t i = begin; i < end; i += 64 / sizeof(std::uint32_t)) __builtin_prefetch(&lastSent_[i]);
    std::size_t size = beginSnapshot(out, static_cast<std::uint16_t>(frame.tick), frame.serverTimeMs);
    const std::size_t budget = std::max(params.budgetBytes, kSnapshotHeaderBytes + kMaxEntryBytes);
    out.resize(budget);
    const auto full = [&] { return count(out) == kMaxSnapshotEntries || size + kMinEntryBytes > budget; };

    // Mirrored hosts: the stage act goes first, whenever it changed.
    const auto& hostSlots = frame.hosts->slots;
    if (pairs_[1].size() < hostSlots.size()) pairs_[1].resize(hostSlots.size());
    const auto& hostPresent = frame.hostEntries->present();
    for (std::uint32_t i = 0; i < hostSlots.size(); ++i) {
        if (!hostPresent[i] || (self.table == 1 && self.slot == i)) continue;
        if (full() || append(1, i, frame, budget, out, size) == Append::NoRoom) break;
    }

    const std::uint32_t exclude = self.table == 0 ? self.slot : UINT32_MAX;
    const std::size_t nearRoom = budget > size ? budget - size : 0;
    // The near tier: the nearest avatars, every tick, out of a share of the budget.
    frame.grid->nearest(viewer.position, params.interest.nearCount, params.interest.nearRadius, exclude, near_);
    for (const std::uint32_t i : near_) {
        __builtin_prefetch(&pairs_[0][i], 1);
        __builtin_prefetch(&lastSent_[i], 1);
    }
    const std::size_t nearBudget = size + static_cast<std::size_t>(static_cast<double>(nearRoom) * params.nearShare);
    for (const std::uint32_t i : near_) {
        if (full()) break;
        append(0, i, frame, nearBudget, out, size);
    }
    if (!farDue) {
        out.resize(size);
        return;
    }
    // The far tier: this tick's slice of the crowd by priority. A pick that does
    // not fit keeps waiting (its priority grows) and wins a later tick.
    // Rank about as many as can still fit: every pick costs an entry lookup.
    const std::size_t farRoom = budget > size ? budget - size : 0;
    const std::size_t maxPicks =
        std::min<std::size_t>({kMaxSnapshotEntries, farRoom / kFarEntryBytes + kMaxMisses, params.maxFarPicks});
    pickByPriority(viewer, *frame.grid, lastSent_, begin, end, frame.tick, params.interest, maxPicks, *frame.scratch,
                   picks_);
    for (const std::uint32_t i : picks_) __builtin_prefetch(&pairs_[0][i], 1);
    std::size_t misses = 0;
    for (const std::uint32_t i : picks_) {
        if (full() || misses == kMaxMisses) break;
        if (i == exclude || lastSent_[i] == frame.tick) continue;  // itself, or near and handled
        if (params.farStaleAfterMs != 0 &&
            frame.serverTimeMs - frame.avatars->slots[i].poseReceivedMs > params.farStaleAfterMs) {
            ++farStaleSkips_;  // not sent late: it keeps its priority and goes once a fresh pose is in
            continue;
        }
        if (append(0, i, frame, budget, out, size) == Append::NoRoom) ++misses;
    }
    out.resize(size);
}

void SnapshotWriter::writeNaive(const SnapshotFrame& frame, SelfSlot self, std::vector<std::byte>& out,
                                const std::function<void(std::span<std::byte>)>& emit) {
    const auto seq = static_cast<std::uint16_t>(frame.tick);
    beginSnapshot(out, seq, frame.serverTimeMs);
    const auto add = [&](EntryCache& entries, std::uint32_t table, std::size_t n) {
        for (std::uint32_t i = 0; i < n; ++i) {
            if (!entries.present()[i] || (self.table == table && self.slot == i)) continue;
            const std::span<const std::byte> e = entries.entry(i, 0);
            if (out.size() + e.size() > kMaxClientMessageBytes || count(out) == kMaxSnapshotEntries) {
                emit(out);
                beginSnapshot(out, seq, frame.serverTimeMs);
            }
            out.insert(out.end(), e.begin(), e.end());
            bumpCount(out);
        }
    };
    add(*frame.hostEntries, 1, frame.hosts->slots.size());
    add(*frame.entries, 0, frame.avatars->slots.size());
    if (count(out) != 0) emit(out);
}

}  // namespace places::net
