#include "places/net/venues.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace places::net {

std::uint32_t AvatarTable::add(ParticipantId id) {
    std::uint32_t slot;
    if (!freeSlots.empty()) {
        slot = freeSlots.back();
        freeSlots.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(slots.size());
        slots.emplace_back();
        positions.emplace_back(0.0f);
        history.emplace_back();
    }
    slots[slot] = AvatarSlot{};
    slots[slot].id = id;
    return slot;
}

void AvatarTable::remove(std::uint32_t slot) {
    assert(slot < slots.size() && slots[slot].id != 0);
    slots[slot].id = 0;
    slots[slot].hasState = false;
    freeSlots.push_back(slot);
}

AvatarSlot* Placement::avatar() const {
    switch (kind) {
        case SlotKind::InstanceAvatar: return &venue->instances[instance]->avatars.slots[slot];
        case SlotKind::HostAvatar: return &venue->hosts.slots[slot];
        case SlotKind::Spectator: return nullptr;
    }
    return nullptr;
}

const Venue* VenueDirectory::find(const std::string& name) const {
    for (const auto& v : venues_)
        if (v->name == name) return v.get();
    return nullptr;
}

Venue* VenueDirectory::find(const std::string& name) {
    return const_cast<Venue*>(std::as_const(*this).find(name));
}

std::optional<std::size_t> VenueDirectory::pick(const Venue& venue, Role role) const {
    const bool avatar = hasAvatar(role);
    // Avatars fill the first instance with room (keeps crowds together);
    // spectators go where most avatars are, to see the crowd.
    std::optional<std::size_t> chosen;
    for (std::size_t i = 0; i < venue.instances.size(); ++i) {
        const Instance& in = *venue.instances[i];
        if (in.closedToJoins) continue;
        if (avatar ? in.avatarCount >= avatarCapacity_ : in.spectatorCount >= spectatorCapacity_) continue;
        if (avatar) return i;
        if (!chosen || in.avatarCount > venue.instances[*chosen]->avatarCount) chosen = i;
    }
    return chosen;
}

bool VenueDirectory::hasRoom(const std::string& venueName, Role role) const {
    const Venue* venue = find(venueName);
    // A new venue, a host's venue-wide slot, an instance with room, or room for another instance.
    if (!venue || role == Role::Host) return true;
    return pick(*venue, role) || venue->instances.size() < maxInstances_;
}

std::optional<Placement> VenueDirectory::join(const std::string& venueName, Role role, ParticipantId id) {
    Venue* venue = find(venueName);
    if (!venue) {
        venues_.push_back(std::make_unique<Venue>());
        venue = venues_.back().get();
        venue->name = venueName;
    }
    Placement p;
    p.venue = venue;
    if (role == Role::Host) {
        p.kind = SlotKind::HostAvatar;
        p.slot = venue->hosts.add(id);
        venue->hostIds.push_back(id);
        if (venue->instances.empty()) venue->instances.push_back(std::make_unique<Instance>());
        return p;
    }
    const bool avatar = hasAvatar(role);
    std::optional<std::size_t> chosen = pick(*venue, role);
    if (!chosen) {
        if (venue->instances.size() >= maxInstances_) return std::nullopt;
        venue->instances.push_back(std::make_unique<Instance>());
        chosen = venue->instances.size() - 1;
    }
    p.instance = static_cast<std::uint16_t>(*chosen);
    Instance& in = *venue->instances[*chosen];
    in.members.push_back(id);
    if (avatar) {
        p.kind = SlotKind::InstanceAvatar;
        p.slot = in.avatars.add(id);
        ++in.avatarCount;
    } else {
        p.kind = SlotKind::Spectator;
        ++in.spectatorCount;
    }
    return p;
}

void VenueDirectory::leave(const Placement& p, ParticipantId id) {
    Venue& venue = *p.venue;
    if (p.kind == SlotKind::HostAvatar) {
        venue.hosts.remove(p.slot);
        std::erase(venue.hostIds, id);
        return;
    }
    Instance& in = *venue.instances[p.instance];
    std::erase(in.members, id);
    if (p.kind == SlotKind::InstanceAvatar) {
        in.avatars.remove(p.slot);
        --in.avatarCount;
    } else {
        --in.spectatorCount;
    }
}

std::size_t VenueDirectory::instanceCount() const {
    std::size_t n = 0;
    for (const auto& v : venues_) n += v->instances.size();
    return n;
}

}  // namespace places::net
