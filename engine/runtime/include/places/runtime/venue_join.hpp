#pragma once
// Joining a venue from a front end (`places view --relay`, the headset later):
// the options as the user gives them, turned into a joined VenueClient or one
// clear sentence (the commands exit 2 with it): a malformed HOST:PORT, an
// unreadable ticket file, a ticket for another venue than the scene's, an
// unreachable relay (naming host and port, after the connect timeout), a
// refused ticket (the relay's reason), another protocol version.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "places/core/diagnostic.hpp"
#include "places/net/transport.hpp"
#include "places/runtime/render_scene.hpp"
#include "places/runtime/venue_client.hpp"

namespace places::runtime {

struct VenueJoinSettings {
    std::string relay;       // HOST:PORT
    std::string ticketFile;  // a file holding the ticket text `places ticket` printed; empty = anonymous
    std::vector<std::byte> ticket;  // or the ticket itself (wire form), e.g. from an in-process relay
    std::string name;        // anonymous only (the relay must run with --open)
    bool spectate = false;   // join without an avatar, whatever the ticket's role
    double connectTimeoutSeconds = 5.0;
    std::uint32_t poseRateHz = 30;  // poses sent per second at most (30-90; a headset sends more)
    // A refusal for a full venue (every instance full, or the relay at its
    // capacity) is tried again after a growing, jittered pause (2, 4, 8, then
    // 15 s) until this much time has passed since the first try; 0 = never.
    double fullRetrySeconds = 60.0;
    // Told each wait for a retry ("...; trying again in 4 s"), so a visitor
    // knows the command is not stuck. May be empty.
    std::function<void(const std::string&)> onWait;
};

// Connects and services the session until the Welcome arrives or the join
// fails (at most the connect timeout, and the retries of a full venue).
// `scene` gives the venue id and title.
Result<std::unique_ptr<VenueClient>> joinVenue(const VenueJoinSettings& settings, const RenderScene& scene,
                                               const net::Clock& clock);

// joinVenue for a command: each diagnostic goes to stderr as "PREFIX: ...";
// nullptr when the join failed (the command exits 2).
std::unique_ptr<VenueClient> joinVenueOrReport(const VenueJoinSettings& settings, const RenderScene& scene,
                                               const net::Clock& clock, const char* prefix);

}  // namespace places::runtime
