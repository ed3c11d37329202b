#pragma once
// An open relay as `places relay --open` runs it (4,095 peer slots, default
// limits) on its own thread in this process, for `places bench flood|soak`.
#include <atomic>
#include <stdexcept>
#include <thread>

#include "places/net/enet_transport.hpp"
#include "places/net/relay_loop.hpp"

namespace places::cli {

struct InProcessRelay {
    InProcessRelay() : transport(listenOrThrow()), relay(openConfig(), *transport, clock), loop(relay, clock) {
        thread = std::thread([this] { loop.run(stop); });
    }
    ~InProcessRelay() { halt(); }
    InProcessRelay(const InProcessRelay&) = delete;
    InProcessRelay& operator=(const InProcessRelay&) = delete;

    // Shuts the relay down and joins its thread; relay.metrics() is safe to read after.
    void halt() {
        stop = true;
        if (thread.joinable()) thread.join();
    }
    std::uint16_t port() const { return transport->port(); }

    static places::net::RelayConfig openConfig() {
        places::net::RelayConfig config;
        config.open = true;
        return config;
    }
    static std::unique_ptr<places::net::ENetTransport> listenOrThrow() {
        auto t = places::net::ENetTransport::listen(0);
        if (!t) throw std::runtime_error(t.diagnostics.firstError());
        return std::move(*t);
    }

    places::net::SteadyClock clock;
    std::unique_ptr<places::net::ENetTransport> transport;
    places::net::Relay relay;
    places::net::RelayLoop loop;
    std::atomic<bool> stop{false};
    std::thread thread;
};

}  // namespace places::cli
