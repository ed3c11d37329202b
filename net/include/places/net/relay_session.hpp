#pragma once
// A front end's connection to a relay (desktop view, headless client, later the
// headset): one ENet host holding one Client, serviced once per frame without
// blocking. Every way a join can fail becomes one sentence for the user (the
// commands exit with code 2 on it): an unreachable relay (no Welcome within
// connectTimeoutSeconds, naming host and port), a refused ticket (the relay's
// reason), a ticket for another venue than the scene's (checked before
// connecting: the Welcome does not carry the venue, and an anonymous Hello names
// the scene's venue itself), another protocol version (both versions named).
// Destroying the session leaves the venue on purpose (Bye), so the relay frees
// the slot at once instead of after its timeout.
// Single-threaded: the frame loop's thread owns it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "places/core/diagnostic.hpp"
#include "places/net/client.hpp"
#include "places/net/enet_transport.hpp"

namespace places::net {

struct RelaySessionConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 7777;
    std::vector<std::byte> ticket;  // wire form (ticket.hpp); empty = anonymous (needs an --open relay)
    std::string venue;              // the scene's venue; empty = accept the ticket's
    std::string name;               // anonymous only
    bool spectate = false;          // join without an avatar (Hello flag), whatever the ticket's role
    std::uint32_t poseRateHz = 30;
    std::uint32_t interpolationDelayMs = 100;
    double connectTimeoutSeconds = 5.0;  // from connect() to the Welcome
};

enum class SessionState : std::uint8_t {
    Connecting,  // waiting for the Welcome
    Joined,
    Failed,      // never joined: error() says why
    Ended,       // joined, then the relay ended it or the connection was lost: error() says why
    Left,        // left on purpose (leave())
};

class RelaySession {
public:
    // Checks the ticket's layout and venue, creates the host and starts
    // connecting. An unusable ticket is an error here; nothing is sent then.
    static Result<std::unique_ptr<RelaySession>> open(RelaySessionConfig config, const Clock& clock);
    ~RelaySession();
    RelaySession(const RelaySession&) = delete;
    RelaySession& operator=(const RelaySession&) = delete;

    // Handles everything that arrived, sends the pose when due, flushes; never blocks.
    void service();
    void setPose(const AvatarPose& pose) { client_->setPose(pose); }
    void sendChat(std::string_view text) { client_->sendChat(text); }
    // Says Bye (the relay frees the slot at once); the destructor does it too.
    void leave();

    SessionState state() const { return state_; }
    // Why the session failed or ended, one sentence naming the relay; empty otherwise.
    const std::string& error() const { return error_; }
    // ENet's smoothed round-trip time to the relay; none while not connected.
    std::optional<std::uint32_t> roundTripMs() const;
    // "host:port" as given.
    std::string address() const;

    Client& client() { return *client_; }
    const Client& client() const { return *client_; }

private:
    RelaySession(RelaySessionConfig config, std::unique_ptr<ENetTransport> net, const Clock& clock);
    void fail(SessionState state, std::string text);
    void checkState();

    RelaySessionConfig config_;
    std::unique_ptr<ENetTransport> net_;
    const Clock& clock_;
    std::unique_ptr<Client> client_;
    PeerId peer_ = kNoPeer;
    bool connected_ = false;  // the ENet connection is up (the Hello went out)
    std::uint64_t startedMicros_ = 0;
    SessionState state_ = SessionState::Connecting;
    std::string error_;
};

}  // namespace places::net
