#pragma once
// Venues and their instances: where a joining participant goes. An instance
// holds at most `avatarCapacity` avatars and `spectatorCapacity` spectators;
// when the instances of a venue are full a new one opens. Hosts (a stage act)
// hold a venue-wide slot instead and are mirrored into every instance; they
// watch instance 0. Plain data, no networking: the relay's rules own one.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/net/protocol.hpp"

namespace places::net {

// One avatar's latest state, as the relay keeps it for snapshots.
struct AvatarSlot {
    ParticipantId id = 0;  // 0 = free
    bool hasState = false;
    std::uint16_t poseTimeMs = 0;
    // When the relay received that pose (its clock, ms, wraps): a state it has
    // held too long is not sent as an update (RelayConfig::staleAfterMs).
    std::uint32_t poseReceivedMs = 0;
    // The first relay tick whose snapshots carry `state`: a client that acknowledged
    // a snapshot of this avatar from that tick or later already has it.
    std::uint32_t changedTick = 0;
    QuantizedAvatar state;
};

// How many ticks of each avatar's past states the relay keeps for deltas (a
// baseline older than this is not used: the entry goes absolute). A power of two.
inline constexpr std::uint32_t kHistoryTicks = 32;

// Avatars in slots (stable indices; freed slots are reused), with their head
// positions in a parallel array for interest management, and the states each
// slot had at the last kHistoryTicks ticks (ring indexed by tick % kHistoryTicks;
// written by the relay's tick, read for delta baselines). A slot's history
// belongs to its current owner from the first tick it is snapshotted.
struct AvatarTable {
    std::vector<AvatarSlot> slots;
    std::vector<glm::vec3> positions;  // metres, venue frame
    std::vector<std::array<QuantizedAvatar, kHistoryTicks>> history;
    std::vector<std::uint32_t> freeSlots;

    std::uint32_t add(ParticipantId id);
    void remove(std::uint32_t slot);
};

struct Instance {
    AvatarTable avatars;
    std::uint32_t avatarCount = 0;
    std::uint32_t spectatorCount = 0;
    std::vector<ParticipantId> members;  // every session that watches this instance, hosts excepted
    // Set by an overloaded relay (degradation level 4): joins go to another
    // instance, which is opened if none has room. Members stay; resumes return.
    bool closedToJoins = false;
};

struct Venue {
    std::string name;
    std::vector<std::unique_ptr<Instance>> instances;  // stable addresses
    AvatarTable hosts;
    std::vector<ParticipantId> hostIds;
};

enum class SlotKind : std::uint8_t { InstanceAvatar, HostAvatar, Spectator };

struct Placement {
    Venue* venue = nullptr;
    std::uint16_t instance = 0;
    SlotKind kind = SlotKind::Spectator;
    std::uint32_t slot = 0;  // in Instance::avatars or Venue::hosts; unused for spectators

    AvatarSlot* avatar() const;
};

class VenueDirectory {
public:
    // `maxInstances` per venue, at most 65,536 (instance numbers are 16-bit).
    VenueDirectory(std::uint32_t avatarCapacity, std::uint32_t spectatorCapacity, std::uint32_t maxInstances = 65'536)
        : avatarCapacity_(avatarCapacity), spectatorCapacity_(spectatorCapacity),
          maxInstances_(std::min<std::uint32_t>(std::max<std::uint32_t>(maxInstances, 1), 65'536)) {}

    // Places `id` in `venueName` by role; none when the venue is full (every
    // instance full and no other may open).
    std::optional<Placement> join(const std::string& venueName, Role role, ParticipantId id);
    // Whether join would place someone of `role` there now (changes nothing).
    bool hasRoom(const std::string& venueName, Role role) const;
    void leave(const Placement& placement, ParticipantId id);

    Venue* find(const std::string& name);
    const Venue* find(const std::string& name) const;
    const std::vector<std::unique_ptr<Venue>>& venues() const { return venues_; }
    std::size_t instanceCount() const;

private:
    std::vector<std::unique_ptr<Venue>> venues_;
    std::uint32_t avatarCapacity_;
    std::uint32_t spectatorCapacity_;
    std::uint32_t maxInstances_;
    // The instance join picks for `role`; none: a new one is needed.
    std::optional<std::size_t> pick(const Venue& venue, Role role) const;
};

}  // namespace places::net
