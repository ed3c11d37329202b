#pragma once
// The relay's rules: handshake and tickets, venues and instances, snapshots with
// interest management, chat/events, moderation, resume, timeouts and limits.
// Runs against a Transport and a Clock (style.md, principle 6); RelayLoop drives
// it in real time. Not thread-safe: one thread calls pump(), tick() and shutdown().
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "places/net/fair_config.hpp"
#include "places/net/interest.hpp"
#include "places/net/load_shedder.hpp"
#include "places/net/relay_log.hpp"
#include "places/net/relay_metrics.hpp"
#include "places/net/ticket.hpp"
#include "places/net/transport.hpp"
#include "places/net/voice_forwarding.hpp"

namespace places::net {

struct RelayLimits {
    double posesPerSecond = 120.0;     // per peer; the protocol allows 30-90 Hz
    double poseBurst = 30.0;
    double reliablePerSecond = 20.0;   // chat, events, moderation
    double reliableBurst = 40.0;
    double strikes = 10.0;             // malformed messages tolerated in a burst...
    double strikesPerSecond = 0.5;     // ...and recovered per second; at zero: disconnect
    double rateLimitStrike = 0.1;      // a rate-limited message costs this many strikes
    double voiceFramesPerSecond = 50.0;  // per speaker: one 20 ms frame each...
    double voiceBurst = 10.0;            // ...plus a burst for frames bunched by the network
};

struct RelayConfig {
    std::uint32_t tickRateHz = 30;
    std::uint32_t avatarCapacity = 1000;     // per instance
    std::uint32_t spectatorCapacity = 500;   // per instance
    // A venue whose instances are all full and number this many is full: joins
    // and portal moves into it are refused (the wire's instance number is 16-bit).
    std::uint32_t maxInstancesPerVenue = 65'536;
    std::optional<PublicKey> ticketKey;      // tickets required when set
    bool open = false;                       // accept anonymous visitors
    VenueBounds bounds;
    std::size_t snapshotBudgetBytes = 900;   // per client per tick (27 kB/s at 30 Hz)
    InterestParams interest;
    bool naiveForwarding = false;            // bench baseline: all avatars to all, every tick
    std::uint64_t peerTimeoutMs = 10'000;    // silence before a peer is dropped
    // Hello deadline: a connection without a session is closed at once (its
    // slot freed, docs/formats/protocol.md "Limits") after this long. Clients
    // send their Hello on connecting, so a round trip is all it takes.
    std::uint64_t handshakeTimeoutMs = 3'000;
    std::uint64_t resumeWindowMs = 30'000;
    // Half-open floods: the transport's connection table holds `maxPeers`
    // (ENetTransport::listen's maxPeers). Connections without a session are
    // capped per remote address, and once the table is within `reservedPeers`
    // of full the oldest of them is closed for each new one, so a client with
    // a ticket always finds a free slot.
    std::size_t maxPeers = 4095;
    std::size_t reservedPeers = 64;
    std::size_t pendingPerAddress = 32;
    // Banning an anonymous visitor bans its address for this long (addresses
    // are shared and reassigned: never for good). Tickets are banned by id.
    std::uint64_t anonymousBanMs = 3'600'000;
    RelayLimits limits;
    // Overload: the relay measures what its ticks cost and degrades in a fixed
    // order instead of letting ticks overrun and updates queue (load_shedder.hpp,
    // docs/formats/protocol.md "Overload"). shed.enabled = false: never degrade.
    ShedParams shed;
    // No snapshot is queued for a peer with more than this still unsent in the
    // transport (a link that cannot keep up): the snapshot of a later tick,
    // written from the newest states, goes instead of a queue of stale ones.
    std::size_t maxQueuedBytesPerPeer = 4 * 900;
    // The incoming queue (Transport::setReceiveQueueBytes): deep while calm, so
    // bursts are not lost, and short from shed level 1 on, so poses cannot age in
    // it (256 kB is ~650 small datagrams on Linux, ~20-30 ms of poses at 1,000
    // visitors); the kernel drops what does not fit and newer poses follow.
    std::size_t receiveQueueBytes = 4u << 20;
    std::size_t receiveQueueBytesShedding = 256u << 10;
    // An avatar whose newest pose reached the relay longer ago than this (its
    // sender stalled, lost its poses or is detached) is not sent: no snapshot
    // carries a pose older than this at the relay, and the avatar is not in
    // anyone's interest set until a fresh pose arrives; viewers keep the state
    // they have. Clients send 30-90 poses a second, so a live sender is always
    // fresher than this. 0 = never withheld. (docs/formats/protocol.md, "Overload")
    std::uint32_t staleAfterMs = 100;
    // The far tier's tighter budget: a far avatar whose newest pose is older
    // than this at the relay is not picked this tick (it keeps waiting and wins
    // a later tick, once a fresh pose arrived). The far tier is where a
    // receiver meets an avatar at a random moment of its pose cycle, so a lost
    // pose would otherwise show as a late one. 0 = only staleAfterMs.
    std::uint32_t farStaleAfterMs = 60;
    // Tests only: microseconds added to each tick's measured cost, as if the
    // machine were that much slower. Called on the relay's thread.
    std::function<std::uint64_t()> injectedTickCostMicros;
    VoiceConfig voice;
    // Events in the venues (schedules, booths, portals); empty = none.
    FairConfig fair;
};

// What tests and tools can see of a session.
struct SessionInfo {
    ParticipantId id = 0;
    Role role = Role::Visitor;
    std::string name;
    std::string venue;
    std::uint16_t instance = 0;
    bool connected = false;
    bool muted = false;
};

class Relay {
public:
    // `log` (optional, outlives the relay) hears joins, leaves, refusals, moderation and overflow.
    Relay(RelayConfig config, Transport& transport, const Clock& clock, RelayLog* log = nullptr);
    ~Relay();
    Relay(const Relay&) = delete;
    Relay& operator=(const Relay&) = delete;

    // Handles every event the transport has ready (waiting up to `waitMs` for the
    // first). With a `budgetMicros` it stops once handling took that long, so a
    // flood of packets cannot hold the next tick back (counted in receiveCut);
    // returns false when it stopped with events possibly left.
    bool pump(std::uint32_t waitMs = 0, std::uint64_t budgetMicros = 0);
    // One fixed-rate step: timeouts, roster updates, one snapshot per client.
    void tick();
    // Tells every client (Disconnect{Shutdown}) and disconnects them; refuses new hellos after.
    void shutdown(std::string_view text);

    const RelayMetrics& metrics() const;
    const RelayConfig& config() const;
    std::vector<SessionInfo> sessions() const;
    std::size_t instanceCount(const std::string& venue) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace places::net
