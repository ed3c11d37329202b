#include "entry_cache.hpp"

#include <cassert>

#include "places/net/snapshot.hpp"
#include "protocol_state.hpp"

namespace places::net {

std::size_t EntryCache::begin(AvatarTable& table, std::uint32_t tick, std::uint32_t nowMs, std::uint32_t staleAfterMs) {
    assert(tick != 0);
    table_ = &table;
    tick_ = tick;
    if (++generation_ == 0) {  // wrapped: forget everything rather than match a stale entry
        for (auto& v : variants_) v = {};
        generation_ = 1;
    }
    arena_.clear();
    const std::size_t n = table.slots.size();
    if (variants_.size() < n) variants_.resize(n);
    present_.resize(n);
    const std::size_t row = tick % kHistoryTicks;
    std::size_t stale = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const AvatarSlot& a = table.slots[i];
        const bool has = a.id != 0 && a.hasState;
        // The history is written for stale avatars too: a delta sent once the
        // avatar is fresh again may refer to any of the last kHistoryTicks rows.
        if (has) table.history[i][row] = a.state;
        const bool fresh = staleAfterMs == 0 || nowMs - a.poseReceivedMs <= staleAfterMs;
        present_[i] = has && fresh ? 1 : 0;
        stale += has && !fresh ? 1 : 0;
    }
    return stale;
}

std::span<const std::byte> EntryCache::entry(std::uint32_t slot, std::uint32_t age) {
    assert(table_ && slot < table_->slots.size() && age < kHistoryTicks && age <= 255);
    std::array<Variant, kVariants>& cached = variants_[slot];
    Variant* free = nullptr;
    for (Variant& v : cached) {
        if (v.generation == generation_ && v.age == age) return {arena_.data() + v.offset, v.size};
        if (v.generation != generation_ && !free) free = &v;
    }
    const AvatarSlot& a = table_->slots[slot];
    const QuantizedAvatar* base = age ? &table_->history[slot][(tick_ - age) % kHistoryTicks] : nullptr;
    const SnapshotEntry e = makeEntry(a.id, a.poseTimeMs, a.state, base, static_cast<std::uint8_t>(age));
    const std::size_t offset = arena_.size();
    arena_.resize(offset + kEntryScratchBytes);
    const std::size_t size = writeSnapshotEntry(e, arena_.data() + offset);
    arena_.resize(offset + size);
    // More distinct ages this tick than cached ones: encoded, but not kept.
    if (free)
        *free = {generation_, static_cast<std::uint8_t>(age), static_cast<std::uint8_t>(size),
                 static_cast<std::uint32_t>(offset)};
    return {arena_.data() + offset, size};
}

}  // namespace places::net
