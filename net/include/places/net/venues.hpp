#pragma once
// Venues and their instances: where a joining participant goes. An instance
// holds at most `avatarCapacity` avatars and `spectatorCapacity` spectators;
// when the instances of a venue are full a new one opens. Hosts (a stage act)
// hold a venue-wide slot instead and are mirrored into every instance; they
// watch instance 0. Plain data, no networking: the relay's rules own one.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/net/protocol.hpp"

namespace places::net {

// One avatar's latest state, as the relay keeps it for snapshots. `version` grows
// with each change, so "unchanged since the client acknowledged it" is one compare.
struct AvatarSlot {
    ParticipantId id = 0;  // 0 = free
    bool hasState = false;
    std::uint16_t poseTimeMs = 0;
    std::uint32_t version = 0;
    QuantizedAvatar state;
};

// Avatars in slots (stable indices; freed slots are reused), with their head
// positions in a parallel array for the interest loop.
struct AvatarTable {
    std::vector<AvatarSlot> slots;
    std::vector<glm::vec3> positions;  // metres, venue frame
    std::vector<std::uint32_t> freeSlots;

    std::uint32_t add(ParticipantId id);
    void remove(std::uint32_t slot);
};

struct Instance {
    AvatarTable avatars;
    std::uint32_t avatarCount = 0;
    std::uint32_t spectatorCount = 0;
    std::vector<ParticipantId> members;  // every session that watches this instance, hosts excepted
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
    VenueDirectory(std::uint32_t avatarCapacity, std::uint32_t spectatorCapacity)
        : avatarCapacity_(avatarCapacity), spectatorCapacity_(spectatorCapacity) {}

    // Places `id` in `venueName` by role; none when the 65,536th instance would be needed.
    std::optional<Placement> join(const std::string& venueName, Role role, ParticipantId id);
    void leave(const Placement& placement, ParticipantId id);

    Venue* find(const std::string& name);
    const std::vector<std::unique_ptr<Venue>>& venues() const { return venues_; }
    std::size_t instanceCount() const;

private:
    std::vector<std::unique_ptr<Venue>> venues_;
    std::uint32_t avatarCapacity_;
    std::uint32_t spectatorCapacity_;
};

}  // namespace places::net
