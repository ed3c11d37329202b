#pragma once
// Serves the relay's metrics over HTTP (GET /metrics, Prometheus text format)
// from its own thread. The text comes from a callback that must be thread-safe
// (RelayLoop::metricsText is).
//
// Faces the internet, so it is one poll() loop over non-blocking sockets rather
// than a worker per connection: an idle or slow connection (slowloris) costs a
// file descriptor, never a worker, and is closed at its deadline. Limits:
// `maxConnections` open at once (beyond it the oldest connection is closed, so a
// scrape always gets in), `deadlineMs` from accept to the last response byte,
// requests up to `maxRequestBytes` (431 beyond). One request per connection
// (Connection: close), no request body.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "places/core/diagnostic.hpp"

namespace places::net {

struct StatsServerLimits {
    std::size_t maxConnections = 1024;
    std::uint32_t deadlineMs = 2000;
    std::size_t maxRequestBytes = 8192;
};

class StatsServer {
public:
    // Binds `bindAddress`:`port` (0 = any free port) and starts serving. This
    // machine only unless told otherwise: the metrics are the operator's.
    static Result<std::unique_ptr<StatsServer>> start(std::uint16_t port, std::function<std::string()> text,
                                                      StatsServerLimits limits = {},
                                                      const std::string& bindAddress = "127.0.0.1");
    ~StatsServer();  // stops and joins the serving thread
    StatsServer(const StatsServer&) = delete;
    StatsServer& operator=(const StatsServer&) = delete;

    std::uint16_t port() const { return port_; }

private:
    struct Impl;
    explicit StatsServer(std::unique_ptr<Impl> impl, std::uint16_t port);
    std::unique_ptr<Impl> impl_;
    std::uint16_t port_;
};

}  // namespace places::net
