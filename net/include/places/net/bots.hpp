#pragma once
// Simulated visitors for load tests and benchmarks: N real Clients over ENet in
// one process that walk around, look around and (optionally) chat. Bots share
// the process's steady clock, so "pose latency" is exact: the sender's
// PoseUpdate::sendTimeMs against the receiving bot's clock when a snapshot
// brings that pose (this includes the wait for the relay's next tick).
// ENet wants one host per thread: bots are spread over several threads, each
// with its own host holding up to `botsPerThread` connections.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace places::net {

struct BotConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 7777;
    std::size_t count = 10;
    std::string venue = "bots";
    double durationSeconds = 10.0;  // measured time, after everyone connected
    std::uint32_t poseRateHz = 30;
    bool chat = false;              // each bot says something about every 10 s
    std::vector<std::byte> ticket;  // empty = anonymous (relay --open)
    std::size_t botsPerThread = 250;
    double connectTimeoutSeconds = 15.0;
    float areaMetres = 40.0f;       // bots walk inside a square of this side around the origin
    int cpu = -1;                   // pin bot threads to this CPU (-1 = no pinning)
};

struct BotReport {
    std::size_t connected = 0;
    std::size_t failed = 0;
    double latencyP50Ms = 0, latencyP95Ms = 0, latencyP99Ms = 0;
    std::uint64_t latencySamples = 0;
    double downBytesPerSecondPerClient = 0;   // UDP payload incl. ENet headers
    double upBytesPerSecondPerClient = 0;
    double downPayloadBytesPerSecondPerClient = 0;  // Places messages only
    double snapshotsPerSecondPerClient = 0;
    double avatarUpdatesPerSecondPerClient = 0;
    std::uint64_t chatReceived = 0;
    std::uint64_t dropped = 0;  // malformed messages + unresolvable entries seen by bots
    double seconds = 0;

    std::string toJson() const;
};

// Runs the bots to completion (or until `stop`); blocks the calling thread.
BotReport runBots(const BotConfig& config, const std::atomic<bool>* stop = nullptr);

}  // namespace places::net
