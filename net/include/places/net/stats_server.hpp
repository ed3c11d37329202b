#pragma once
// Serves the relay's metrics over HTTP (GET /metrics, Prometheus text format)
// from its own thread, with cpp-httplib. The text comes from a callback that
// must be thread-safe (RelayLoop::metricsText is).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "places/core/diagnostic.hpp"

namespace places::net {

class StatsServer {
public:
    // Binds 0.0.0.0:`port` (0 = any free port) and starts serving.
    static Result<std::unique_ptr<StatsServer>> start(std::uint16_t port, std::function<std::string()> text);
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
