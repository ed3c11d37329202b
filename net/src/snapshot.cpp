#include "places/net/snapshot.hpp"

#include <limits>

namespace places::net {
namespace {

void setCode(SnapshotEntry& e, FieldIndex f, FieldCode c) {
    const unsigned shift = 2 * static_cast<unsigned>(f);
    e.mask = static_cast<std::uint16_t>((e.mask & ~(3u << shift)) | (static_cast<unsigned>(c) << shift));
}

template <class T, std::size_t N>
bool fitsDelta(const std::array<T, N>& cur, const std::array<T, N>& base, std::int64_t lo, std::int64_t hi,
               std::array<std::int16_t, 3>& delta) {
    for (std::size_t i = 0; i < 3; ++i) {
        const std::int64_t d = static_cast<std::int64_t>(cur[i]) - static_cast<std::int64_t>(base[i]);
        if (d < lo || d > hi) return false;
        delta[i] = static_cast<std::int16_t>(d);
    }
    return true;
}

// Codes one position field: Same, Delta8, Delta16 (if allowed) or Absolute.
template <class T>
void codePosition(SnapshotEntry& e, FieldIndex f, std::size_t slot, const std::array<T, 3>& cur,
                  const std::array<T, 3>* base, bool delta16Allowed, std::array<T, 3>& absolute) {
    if (base && cur == *base) return setCode(e, f, FieldCode::Same);
    if (base && fitsDelta(cur, *base, -128, 127, e.deltas[slot])) return setCode(e, f, FieldCode::Delta8);
    if (base && delta16Allowed && fitsDelta(cur, *base, -32768, 32767, e.deltas[slot]))
        return setCode(e, f, FieldCode::Delta16);
    e.deltas[slot] = {};
    absolute = cur;
    setCode(e, f, FieldCode::Absolute);
}

void codeRotation(SnapshotEntry& e, FieldIndex f, std::uint32_t cur, const std::uint32_t* base, std::uint32_t& absolute) {
    if (base && cur == *base) return setCode(e, f, FieldCode::Same);
    absolute = cur;
    setCode(e, f, FieldCode::Absolute);
}

template <class T>
bool resolvePosition(const SnapshotEntry& e, FieldIndex f, std::size_t slot, const std::array<T, 3>* base,
                     const std::array<T, 3>& absolute, std::int64_t lo, std::int64_t hi, std::array<T, 3>& out) {
    switch (e.code(f)) {
        case FieldCode::Same: out = *base; return true;
        case FieldCode::Absolute: out = absolute; return true;
        case FieldCode::Delta8:
        case FieldCode::Delta16:
            for (std::size_t i = 0; i < 3; ++i) {
                const std::int64_t v = static_cast<std::int64_t>((*base)[i]) + e.deltas[slot][i];
                if (v < lo || v > hi) return false;
                out[i] = static_cast<T>(v);
            }
            return true;
    }
    return false;
}

}  // namespace

SnapshotEntry makeEntry(ParticipantId id, std::uint16_t poseTimeMs, const QuantizedAvatar& current,
                        const QuantizedAvatar* baseline, std::uint8_t baselineAge) {
    SnapshotEntry e;
    e.id = id;
    e.poseTimeMs = poseTimeMs;
    if (baseline) {
        e.mask = kEntryHasBaseline;
        e.baselineAge = baselineAge;
    }
    auto& a = e.absolute;
    codePosition(e, FieldIndex::HeadPos, 0, current.headPos, baseline ? &baseline->headPos : nullptr, true, a.headPos);
    codeRotation(e, FieldIndex::HeadRot, current.headRot, baseline ? &baseline->headRot : nullptr, a.headRot);
    codePosition(e, FieldIndex::LeftPos, 1, current.leftPos, baseline ? &baseline->leftPos : nullptr, false, a.leftPos);
    codeRotation(e, FieldIndex::LeftRot, current.leftRot, baseline ? &baseline->leftRot : nullptr, a.leftRot);
    codePosition(e, FieldIndex::RightPos, 2, current.rightPos, baseline ? &baseline->rightPos : nullptr, false,
                 a.rightPos);
    codeRotation(e, FieldIndex::RightRot, current.rightRot, baseline ? &baseline->rightRot : nullptr, a.rightRot);
    return e;
}

std::optional<QuantizedAvatar> applyEntry(const SnapshotEntry& e, const QuantizedAvatar* base) {
    const bool needsBase = (e.mask & kEntryHasBaseline) != 0;
    if (needsBase && !base) return std::nullopt;
    if (!needsBase) base = nullptr;
    QuantizedAvatar s;
    constexpr std::int64_t i16lo = std::numeric_limits<std::int16_t>::min();
    constexpr std::int64_t i16hi = std::numeric_limits<std::int16_t>::max();
    const auto rot = [&](FieldIndex f, std::uint32_t baseValue, std::uint32_t absolute) {
        return e.code(f) == FieldCode::Absolute ? absolute : baseValue;
    };
    if (!resolvePosition(e, FieldIndex::HeadPos, 0, base ? &base->headPos : nullptr, e.absolute.headPos, 0,
                         kMaxExtentMm, s.headPos) ||
        !resolvePosition(e, FieldIndex::LeftPos, 1, base ? &base->leftPos : nullptr, e.absolute.leftPos, i16lo, i16hi,
                         s.leftPos) ||
        !resolvePosition(e, FieldIndex::RightPos, 2, base ? &base->rightPos : nullptr, e.absolute.rightPos, i16lo,
                         i16hi, s.rightPos))
        return std::nullopt;
    s.headRot = rot(FieldIndex::HeadRot, base ? base->headRot : 0, e.absolute.headRot);
    s.leftRot = rot(FieldIndex::LeftRot, base ? base->leftRot : 0, e.absolute.leftRot);
    s.rightRot = rot(FieldIndex::RightRot, base ? base->rightRot : 0, e.absolute.rightRot);
    return s;
}

std::size_t encodedSize(const SnapshotEntry& e) {
    std::size_t n = 6 + ((e.mask & kEntryHasBaseline) ? 1 : 0);
    const auto position = [&](FieldIndex f, std::size_t absolute) {
        switch (e.code(f)) {
            case FieldCode::Same: return std::size_t{0};
            case FieldCode::Absolute: return absolute;
            case FieldCode::Delta8: return std::size_t{3};
            case FieldCode::Delta16: return std::size_t{6};
        }
        return std::size_t{0};
    };
    const auto rotation = [&](FieldIndex f) { return e.code(f) == FieldCode::Absolute ? std::size_t{4} : 0; };
    n += position(FieldIndex::HeadPos, 8) + rotation(FieldIndex::HeadRot);
    n += position(FieldIndex::LeftPos, 6) + rotation(FieldIndex::LeftRot);
    n += position(FieldIndex::RightPos, 6) + rotation(FieldIndex::RightRot);
    return n;
}

void stampPoseWait(std::span<std::byte> snapshot, std::uint16_t tenthsOfMs) {
    if (snapshot.size() < kSnapshotHeaderBytes) return;
    // Little-endian like every field of the protocol (ByteWriter::u16).
    snapshot[kSnapshotPoseWaitOffset] = static_cast<std::byte>(tenthsOfMs & 0xffu);
    snapshot[kSnapshotPoseWaitOffset + 1] = static_cast<std::byte>(tenthsOfMs >> 8);
}

void AckTracker::received(std::uint16_t seq) {
    if (mask_ == 0) {
        latest_ = seq;
        mask_ = 1;
    } else if (sequenceNewer(seq, latest_)) {
        const std::uint16_t shift = sequenceDistance(seq, latest_);
        mask_ = shift >= 32 ? 1u : (mask_ << shift) | 1u;
        latest_ = seq;
    } else {
        const std::uint16_t back = sequenceDistance(latest_, seq);
        if (back < 32) mask_ |= 1u << back;
    }
}

void SnapshotReceiver::apply(const Snapshot& snapshot, std::vector<Update>& out) {
    acks_.received(snapshot.seq);
    for (const auto& e : snapshot.entries) {
        if (e.id >= byId_.size()) byId_.resize(static_cast<std::size_t>(e.id) + 1);
        History& h = byId_[e.id];
        const QuantizedAvatar* base = nullptr;
        if (e.mask & kEntryHasBaseline) {
            const auto want = static_cast<std::uint16_t>(snapshot.seq - e.baselineAge);
            for (std::size_t i = 0; i < h.count; ++i)
                if (h.seq[i] == want) base = &h.state[i];
        }
        const auto state = applyEntry(e, base);
        if (!state) {
            ++unresolved_;
            continue;
        }
        h.seq[h.next] = snapshot.seq;
        h.state[h.next] = *state;
        h.next = static_cast<std::uint8_t>((h.next + 1) % kBaselineDepth);
        if (h.count < kBaselineDepth) ++h.count;
        out.push_back({e.id, *state, e.poseTimeMs});
    }
}

void SnapshotReceiver::forget(ParticipantId id) {
    if (id < byId_.size()) byId_[id] = History{};
}

void SnapshotReceiver::reset() {
    byId_.clear();
    acks_.reset();
}

}  // namespace places::net
