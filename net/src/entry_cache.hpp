#pragma once
// Snapshot entries encoded once per tick and shared by every viewer: an entry
// depends only on the avatar and on how old the viewer's baseline is (0 = no
// baseline, absolute), and in a crowd most viewers of an avatar share the same
// few baseline ages. Relay thread only.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "places/net/venues.hpp"

namespace places::net {

class EntryCache {
public:
    // Starts tick `tick` for `table`: records each slot's state into the table's
    // history ring (that is what snapshots of this tick carry) and forgets the
    // entries of the previous tick. Also fills `present` (1 = slot has an avatar
    // with a state received at most `staleAfterMs` before `nowMs`, relay clock;
    // 0 = no limit) for the interest queries, and returns how many avatars with
    // a state were left out as stale.
    std::size_t begin(AvatarTable& table, std::uint32_t tick, std::uint32_t nowMs = 0, std::uint32_t staleAfterMs = 0);

    // The wire bytes of `slot`'s entry against its state `age` ticks ago
    // (1..min(255, kHistoryTicks - 1)), or absolute for age 0. Valid until the next call.
    std::span<const std::byte> entry(std::uint32_t slot, std::uint32_t age);

    const std::vector<std::uint8_t>& present() const { return present_; }

private:
    struct Variant {
        std::uint32_t generation = 0;  // of the begin() that encoded it; 0 = empty
        std::uint8_t age = 0;
        std::uint8_t size = 0;
        std::uint32_t offset = 0;
    };
    static constexpr std::size_t kVariants = 4;

    const AvatarTable* table_ = nullptr;
    std::uint32_t tick_ = 0;
    // One cache serves every table of a tick in turn (instances, venues' hosts):
    // entries are valid for one begin() only, not for one tick.
    std::uint32_t generation_ = 0;
    std::vector<std::array<Variant, kVariants>> variants_;  // by slot
    std::vector<std::byte> arena_;                           // this tick's encoded entries
    std::vector<std::uint8_t> present_;
};

}  // namespace places::net
