#pragma once
// An attacker for tests and benchmarks: ENet connections that complete ENet's
// own handshake and then never send a Places Hello, from `addresses` local
// addresses (127.0.0.2, 127.0.0.3, ...; Linux routes all of 127/8 to loopback),
// each reconnected as soon as the relay drops it. Runs on its own thread from
// construction until destruction.
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace places::net {

struct FloodConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 7777;
    std::size_t connections = 500;  // spread evenly over the addresses
    std::size_t addresses = 20;     // at most 250 (127.0.0.2-251)
};

class HalfOpenFlood {
public:
    explicit HalfOpenFlood(FloodConfig config);
    ~HalfOpenFlood();
    HalfOpenFlood(const HalfOpenFlood&) = delete;
    HalfOpenFlood& operator=(const HalfOpenFlood&) = delete;

    // ENet connections established so far (reconnections included).
    std::uint64_t connects() const { return connects_.load(); }
    // False if a local address could not be bound (the flood then does nothing).
    bool ok() const { return ok_.load(); }

private:
    void run(FloodConfig config);
    std::atomic<bool> stop_{false};
    std::atomic<bool> ok_{true};
    std::atomic<std::uint64_t> connects_{0};
    std::thread thread_;
};

}  // namespace places::net
