#include "places/net/half_open_flood.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "places/net/enet_transport.hpp"

namespace places::net {

HalfOpenFlood::HalfOpenFlood(FloodConfig config) : thread_([this, config] { run(config); }) {}

HalfOpenFlood::~HalfOpenFlood() {
    stop_ = true;
    thread_.join();
}

void HalfOpenFlood::run(FloodConfig config) {
    const std::size_t addresses = std::clamp<std::size_t>(config.addresses, 1, 250);
    std::vector<std::unique_ptr<ENetTransport>> hosts;
    for (std::size_t h = 0; h < addresses; ++h) {
        const std::size_t n = config.connections * (h + 1) / addresses - config.connections * h / addresses;
        if (n == 0) continue;
        auto t = ENetTransport::client(n, "127.0.0." + std::to_string(2 + h));
        if (!t) {
            ok_ = false;
            return;
        }
        hosts.push_back(std::move(*t));
        for (std::size_t i = 0; i < n; ++i) hosts.back()->connect(config.host, config.port);
    }
    TransportEvent e;
    while (!stop_.load()) {
        for (auto& host : hosts)
            while (host->poll(e, 0)) {
                if (e.kind == TransportEventKind::Connected) ++connects_;
                if (e.kind == TransportEventKind::Disconnected) host->connect(config.host, config.port);
            }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace places::net
