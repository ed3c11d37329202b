#include "snapshot_writer.hpp"

#include <algorithm>
#include <cassert>

#include <glm/geometric.hpp>

#include "protocol_state.hpp"

namespace places::net {
namespace {

constexpr std::size_t kCountOffset = 7;  // type u8, seq u16, serverTimeMs u32, then count u8
constexpr std::size_t kMinEntryBytes = 7;       // id, mask, poseTime, baseline age: all fields unchanged
constexpr std::size_t kTypicalEntryBytes = 20;  // a walking avatar against a recent baseline
constexpr std::size_t kMaxMisses = 4;           // picks that did not fit before the budget counts as spent

void beginSnapshot(std::vector<std::byte>& out, std::uint16_t seq, std::uint32_t serverTimeMs) {
    out.clear();
    ByteWriter w(out);
    w.u8(static_cast<std::uint8_t>(MessageType::Snapshot));
    w.u16(seq);
    w.u32(serverTimeMs);
    w.u8(0);  // count, patched as entries are appended
}

void bumpCount(std::vector<std::byte>& out) {
    out[kCountOffset] = static_cast<std::byte>(static_cast<std::uint8_t>(out[kCountOffset]) + 1);
}

}  // namespace

void SnapshotWriter::PairTable::fit(std::size_t n) {
    if (owner.size() >= n) return;
    owner.resize(n, 0);
    accumulated.resize(n, 0.0f);
    ackedVersion.resize(n, 0);
    history.resize(n);
    eligible.resize(n, 0);
}

void SnapshotWriter::PairTable::claim(std::size_t i, ParticipantId id) {
    if (owner[i] == id) return;
    owner[i] = id;
    accumulated[i] = 0.0f;
    ackedVersion[i] = 0;
    history[i] = History{};
}

void SnapshotWriter::reset() {
    for (auto& t : tables_) t = PairTable{};
    nearSet_.clear();
    for (auto& r : records_) r = SentRecord{};
}

void SnapshotWriter::onAck(std::uint16_t latest, std::uint32_t mask) {
    for (std::uint32_t i = 0; i < 32; ++i) {
        if (!(mask & (1u << i))) continue;
        const auto seq = static_cast<std::uint16_t>(latest - i);
        SentRecord& rec = records_[seq % kRecords];
        if (!rec.valid || rec.acked || rec.seq != seq) continue;
        rec.acked = true;
        for (const SentEntry& e : rec.entries) {
            PairTable& t = tables_[e.table];
            if (e.slot >= t.owner.size() || t.owner[e.slot] != e.id) continue;
            History& h = t.history[e.slot];
            const SentState& s = h.sent[e.ring];
            if (s.seq != seq) continue;  // overwritten by later sends
            if (h.hasBaseline && !sequenceNewer(seq, h.baselineSeq)) continue;
            h.hasBaseline = true;
            h.baseline = e.ring;
            h.baselineSeq = seq;
            t.ackedVersion[e.slot] = s.version;
        }
    }
}

bool SnapshotWriter::append(PairTable& t, std::uint8_t tableIndex, std::uint32_t slot, const AvatarSlot& avatar,
                            std::size_t budget, std::vector<std::byte>& out, SentRecord& record) {
    History& h = t.history[slot];
    const std::uint16_t seq = record.seq;
    const QuantizedAvatar* base = nullptr;
    std::uint16_t age = 0;
    if (h.hasBaseline && h.sent[h.baseline].seq == h.baselineSeq) {
        age = sequenceDistance(seq, h.baselineSeq);
        if (age >= 1 && age <= 255) base = &h.sent[h.baseline].state;
    }
    const SnapshotEntry entry = makeEntry(avatar.id, avatar.poseTimeMs, avatar.state, base, static_cast<std::uint8_t>(age));
    if (out.size() + encodedSize(entry) > budget) return false;
    ByteWriter w(out);
    writeSnapshotEntry(w, entry);
    bumpCount(out);
    const std::uint8_t ring = h.next;
    h.sent[ring] = {seq, avatar.version, avatar.state};
    h.next = static_cast<std::uint8_t>((h.next + 1) % kBaselineDepth);
    if (h.count < kBaselineDepth) ++h.count;
    if (h.hasBaseline && h.baseline == ring) h.hasBaseline = false;  // just overwritten
    t.accumulated[slot] = 0.0f;
    record.entries.push_back({tableIndex, ring, avatar.id, slot});
    return true;
}

void SnapshotWriter::write(const Viewer& viewer, ParticipantId self, Venue& venue, Instance& instance,
                           const SnapshotParams& params, std::uint32_t serverTimeMs, InterestScratch& scratch,
                           std::vector<std::byte>& out) {
    const std::uint16_t seq = nextSeq_++;
    SentRecord& record = records_[seq % kRecords];
    record.seq = seq;
    record.valid = true;
    record.acked = false;
    record.entries.clear();
    beginSnapshot(out, seq, serverTimeMs);
    const std::size_t budget = std::max(params.budgetBytes, kSnapshotHeaderBytes + kMaxEntryBytes);
    const auto changed = [](PairTable& t, std::size_t i, const AvatarSlot& a, ParticipantId viewerId) {
        if (a.id == 0 || !a.hasState || a.id == viewerId) return false;
        t.claim(i, a.id);
        return t.ackedVersion[i] != a.version;
    };

    // Mirrored hosts: the stage act goes first, whenever it changed.
    PairTable& hostTable = tables_[1];
    hostTable.fit(venue.hosts.slots.size());
    for (std::uint32_t i = 0; i < venue.hosts.slots.size(); ++i) {
        const AvatarSlot& a = venue.hosts.slots[i];
        if (changed(hostTable, i, a, self) && !append(hostTable, 1, i, a, budget, out, record)) break;
    }

    PairTable& t = tables_[0];
    const auto& slots = instance.avatars.slots;
    const auto& positions = instance.avatars.positions;
    t.fit(slots.size());
    const std::uint32_t slices = std::max<std::uint32_t>(params.interest.slices, 1);
    const std::uint32_t slice = sweep_++ % slices;
    for (std::size_t i = slice; i < slots.size(); i += slices) t.eligible[i] = changed(t, i, slots[i], self) ? 1 : 0;
    const std::size_t room = budget > out.size() ? budget - out.size() : 0;
    // A moving avatar's delta entry is ~20-30 bytes: pick about what can fit, not
    // the 7-byte minimum, since every pick costs an entry encoding.
    const std::size_t maxPicks = std::min<std::size_t>(kMaxSnapshotEntries, room / kTypicalEntryBytes + 1);
    pickInterest(viewer, positions, std::span(t.eligible.data(), slots.size()),
                 std::span(t.accumulated.data(), slots.size()), params.interest, slice, maxPicks, scratch, picks_);

    // The near tier: last ticks' near set plus this slice's nearest, re-ranked by
    // where everyone is now, so newcomers are found within `slices` ticks.
    const float nearR2 = params.interest.nearRadius * params.interest.nearRadius;
    nearScratch_.clear();
    const auto offer = [&](std::uint32_t i) {
        if (i >= slots.size() || !changed(t, i, slots[i], self)) return;
        for (const auto& [d2, j] : nearScratch_)
            if (j == i) return;
        const glm::vec3 d = positions[i] - viewer.position;
        const float d2 = glm::dot(d, d);
        if (d2 <= nearR2) nearScratch_.emplace_back(d2, i);
    };
    for (const std::uint32_t i : nearSet_) offer(i);
    for (const std::uint32_t i : picks_.nearest) offer(i);
    std::sort(nearScratch_.begin(), nearScratch_.end());
    if (nearScratch_.size() > params.interest.nearCount) nearScratch_.resize(params.interest.nearCount);
    nearSet_.clear();
    for (const auto& [d2, i] : nearScratch_) nearSet_.push_back(i);

    const auto full = [&] {
        return static_cast<std::uint8_t>(out[kCountOffset]) == kMaxSnapshotEntries || out.size() + kMinEntryBytes > budget;
    };
    const std::size_t nearBudget =
        out.size() + static_cast<std::size_t>(static_cast<double>(room) * params.nearShare);
    std::vector<std::uint8_t>& sent = t.eligible;  // reused: 1 = may still be sent this tick
    for (const std::uint32_t i : nearSet_) sent[i] = 1;
    for (const std::uint32_t i : nearSet_) {
        if (full()) break;
        if (append(t, 0, i, slots[i], nearBudget, out, record)) sent[i] = 0;
    }
    // A pick that does not fit keeps its accumulator and wins a later tick.
    std::size_t misses = 0;
    for (const std::uint32_t i : picks_.byPriority) {
        if (full() || misses == kMaxMisses) break;
        if (!sent[i]) continue;
        if (append(t, 0, i, slots[i], budget, out, record)) sent[i] = 0;
        else ++misses;
    }
}

void SnapshotWriter::writeNaive(ParticipantId self, Venue& venue, Instance& instance, std::uint32_t serverTimeMs,
                                std::vector<std::byte>& out,
                                const std::function<void(std::span<const std::byte>)>& emit) {
    beginSnapshot(out, nextSeq_++, serverTimeMs);
    const auto add = [&](const AvatarSlot& a) {
        if (a.id == 0 || !a.hasState || a.id == self) return;
        const SnapshotEntry e = makeEntry(a.id, a.poseTimeMs, a.state, nullptr, 0);
        if (out.size() + encodedSize(e) > kMaxClientMessageBytes ||
            static_cast<std::uint8_t>(out[kCountOffset]) == kMaxSnapshotEntries) {
            emit(out);
            beginSnapshot(out, nextSeq_++, serverTimeMs);
        }
        ByteWriter w(out);
        writeSnapshotEntry(w, e);
        bumpCount(out);
    };
    for (const auto& a : venue.hosts.slots) add(a);
    for (const auto& a : instance.avatars.slots) add(a);
    if (out[kCountOffset] != std::byte{0}) emit(out);
}

}  // namespace places::net
