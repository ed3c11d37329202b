#pragma once
// Pieces of the fair's test setups shared by the net, ui and runtime tests:
// a venue with booth B1 (Ruhr Robotics GmbH, staffed by Eva), the portal
// "gate" (a 4 m square around (10, 10)) and an exhibitor's ticket.
#include <string>
#include <vector>

#include "places/net/fair_config.hpp"
#include "places/net/ticket.hpp"

namespace places::net::test {

// `venue` with booth B1, always open, staffed by Eva.
inline FairVenue boothVenue(const std::string& venue) {
    FairVenue v;
    v.venue = venue;
    v.booths.push_back({"B1", "Ruhr Robotics GmbH", {"Eva"}, {}});
    return v;
}

// The portal "gate" (x and z 8..12) to `target`'s spawn "entrance".
inline FairPortal gatePortal(const std::string& target) {
    FairPortal gate;
    gate.name = "gate";
    gate.zone.outline = {{8, 8}, {8, 12}, {12, 12}, {12, 8}};
    gate.venue = target;
    gate.spawn = "entrance";
    return gate;
}

// An exhibitor's ticket for `name` at `venue`, signed with `keys`, valid until 2096.
inline std::vector<std::byte> exhibitorTicket(const KeyPair& keys, const std::string& name,
                                              const std::string& venue = "hall") {
    Ticket t;
    t.role = Role::Exhibitor;
    t.venue = venue;
    t.name = name;
    t.expiresUnix = 4'000'000'000ull;
    t.id = randomTicketId();
    return signTicket(t, keys.secretKey);
}

}  // namespace places::net::test
