#pragma once
// A relay on its own thread and clients over real ENet on loopback, shared by
// the integration tests (enet_loopback_test, hostile_relay_test).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "places/net/client.hpp"
#include "places/net/enet_transport.hpp"
#include "places/net/relay_loop.hpp"

namespace places::net::test {

inline constexpr auto kDeadline = std::chrono::seconds(20);

// A relay on its own thread, listening on a free port.
struct LoopbackRelay {
    explicit LoopbackRelay(RelayConfig config = openConfig()) {
        auto t = ENetTransport::listen(0, config.maxPeers);
        REQUIRE(t);
        transport = std::move(*t);
        relay = std::make_unique<Relay>(config, *transport, clock);
        loop = std::make_unique<RelayLoop>(*relay, clock);
        thread = std::thread([this] { loop->run(stop); });
    }
    ~LoopbackRelay() { halt(); }
    static RelayConfig openConfig() {
        RelayConfig config;
        config.open = true;
        return config;
    }
    // Shuts the relay down (clients are told) and joins its thread.
    void halt() {
        stop = true;
        if (thread.joinable()) thread.join();
    }
    SteadyClock clock;
    std::unique_ptr<ENetTransport> transport;
    std::unique_ptr<Relay> relay;
    std::unique_ptr<RelayLoop> loop;
    std::atomic<bool> stop{false};
    std::thread thread;
};

struct LoopbackClient {
    // `bindAddress`: the client's own address (any 127.x.y.z works on Linux loopback).
    LoopbackClient(std::uint16_t port, const std::string& name, const std::string& bindAddress = {}) {
        auto t = ENetTransport::client(1, bindAddress);
        REQUIRE(t);
        net = std::move(*t);
        ClientConfig cc;
        cc.venue = "hall";
        cc.name = name;
        client = std::make_unique<Client>(cc, *net, clock);
        REQUIRE(net->connect("127.0.0.1", port) != kNoPeer);
    }
    void service() {
        TransportEvent e;
        while (net->poll(e, 1)) {
            if (e.kind == TransportEventKind::Connected) client->start(e.peer);
            client->handle(e);
        }
        client->update();
        net->flush();
    }
    SteadyClock clock;
    std::unique_ptr<ENetTransport> net;
    std::unique_ptr<Client> client;
};

// Services `clients` until `done` or the deadline; true if done.
inline bool serviceUntil(std::vector<LoopbackClient*> clients, const std::function<bool()>& done) {
    const auto end = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < end) {
        for (auto* c : clients) c->service();
        if (done()) return true;
    }
    return false;
}

}  // namespace places::net::test
