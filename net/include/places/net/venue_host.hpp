#pragma once
// An in-process venue host for `places demo` and tests: a relay on a free UDP
// port on its own thread (RelayLoop), a festival key pair generated for the run
// (so tickets for any role can be issued on the spot), and groups of bots per
// venue, each group on its own thread. stop() ends the bots, then the relay, and
// gives a summary: who was where (per venue and instance), relay tick p99, pose
// latency p99.
// The relay is open (anonymous visitors: each bot its own name) and accepts
// the host's tickets (a group in another role joins with one); it listens on
// loopback only, so nobody else can walk in.
// Threads: call everything from one owner thread; the census is copied from the
// relay's thread once a second (RelayLoop::onPublish).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "places/core/diagnostic.hpp"
#include "places/net/bots.hpp"
#include "places/net/relay.hpp"

namespace places::net {

class ENetTransport;
class RelayLoop;

struct BotGroup {
    std::string venue;
    std::size_t count = 10;
    Role role = Role::Visitor;  // other roles join with a ticket the host signs
    std::uint32_t seed = 1;
    float centreX = 0.0f, centreZ = 0.0f;  // local frame metres
    float areaMetres = 20.0f;
    bool chat = false;
    std::string chatText = "hello from a bot";
    bool givenNames = false;  // BotConfig::givenNames
    std::size_t voice = 0;    // BotConfig::voice: the first `voice` bots talk (generated speech)
};

// Participants of one venue instance, from the relay's own session table.
struct InstanceCensus {
    std::string venue;
    std::uint16_t instance = 0;  // 0-based, as in the Welcome
    std::size_t avatars = 0;     // roles with an avatar
    std::size_t spectators = 0;
};

struct VenueHostSummary {
    std::vector<InstanceCensus> census;  // the last census while every bot group still ran
    double relayTickP99Ms = 0;
    std::uint64_t relayTicks = 0;
    double poseLatencyP99Ms = 0;  // worst of the groups' p99
    std::vector<BotGroup> groups;
    std::vector<BotReport> reports;  // one per group
    std::string toJson() const;
};

class VenueHost {
public:
    // Starts the relay on 127.0.0.1 at `port` (0 = any free port).
    static Result<std::unique_ptr<VenueHost>> start(RelayConfig config = {}, std::uint16_t port = 0);
    ~VenueHost();
    VenueHost(const VenueHost&) = delete;
    VenueHost& operator=(const VenueHost&) = delete;

    std::uint16_t port() const { return port_; }
    // A ticket signed with this run's key (wire form), valid for `ttlSeconds`.
    std::vector<std::byte> ticket(const std::string& venue, Role role, const std::string& name,
                                  std::uint64_t ttlSeconds = 3600) const;
    // Starts a group of bots that walk (and maybe chat) until stop().
    void addBots(const BotGroup& group);
    // Waits until the census shows at least `sessions` participants, or the timeout; true if so.
    bool waitForParticipants(std::size_t sessions, double timeoutSeconds) const;
    // The latest census (refreshed once a second).
    std::vector<InstanceCensus> census() const;
    // Ends the bots, then the relay (clients are told); idempotent.
    VenueHostSummary stop();

private:
    VenueHost() = default;

    KeyPair keys_;
    std::uint16_t port_ = 0;
    std::unique_ptr<ENetTransport> transport_;
    std::unique_ptr<SteadyClock> clock_;
    std::unique_ptr<Relay> relay_;
    std::unique_ptr<RelayLoop> loop_;
    std::atomic<bool> relayStop_{false};
    std::thread relayThread_;

    struct Group {
        BotGroup spec;
        BotReport report;
        std::thread thread;
    };
    std::atomic<bool> botsStop_{false};
    std::vector<std::unique_ptr<Group>> groups_;

    mutable std::mutex mutex_;
    std::vector<InstanceCensus> census_;
    bool stopped_ = false;
    VenueHostSummary summary_;
};

}  // namespace places::net
