// The relay over real ENet on loopback (label integration). Unreliable deliveries
// are never counted exactly; every wait has a generous deadline so a loaded
// machine slows these tests down instead of failing them.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>


#include "loopback_harness.hpp"
#include "places/net/stats_server.hpp"

using namespace places::net;
using places::net::test::LoopbackClient;
using places::net::test::LoopbackRelay;
using places::net::test::serviceUntil;

namespace {

AvatarPose at(float x, float z) {
    AvatarPose p;
    p.head.position = {x, 1.7f, z};
    p.leftHand.position = {x - 0.3f, 1.2f, z};
    p.rightHand.position = {x + 0.3f, 1.2f, z};
    return p;
}

}  // namespace

TEST_CASE("ENet loopback: join, see each other move, chat arrives once in order", "[integration]") {
    LoopbackRelay relay;
    LoopbackClient a(relay.transport->port(), "Ada"), b(relay.transport->port(), "Bob");
    a.client->setPose(at(1, 1));
    b.client->setPose(at(-2, 3));
    REQUIRE(serviceUntil({&a, &b}, [&] {
        return a.client->state() == ClientState::Joined && b.client->state() == ClientState::Joined;
    }));
    const ParticipantId bob = b.client->welcome()->you;
    REQUIRE(serviceUntil({&a, &b}, [&] {
        const auto p = a.client->avatarPose(bob);
        return p && std::abs(p->head.position.x + 2.0f) < 0.01f;
    }));
    for (int i = 0; i < 10; ++i) a.client->sendChat("line " + std::to_string(i));
    REQUIRE(serviceUntil({&a, &b}, [&] { return b.client->chat().size() >= 10; }));
    for (int i = 0; i < 10; ++i) CHECK(b.client->chat()[static_cast<std::size_t>(i)].text == "line " + std::to_string(i));
    // Let stragglers arrive: nothing is delivered twice.
    serviceUntil({&a, &b}, [start = std::chrono::steady_clock::now()] {
        return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300);
    });
    CHECK(b.client->chat().size() == 10);
    CHECK(a.client->stats().malformed == 0);
    CHECK(a.client->stats().unresolvedEntries == 0);
}

TEST_CASE("ENet loopback: stopping the relay tells connected clients", "[integration]") {
    auto relay = std::make_unique<LoopbackRelay>();
    LoopbackClient a(relay->transport->port(), "Ada");
    REQUIRE(serviceUntil({&a}, [&] { return a.client->state() == ClientState::Joined; }));
    relay->stop = true;
    REQUIRE(serviceUntil({&a}, [&] { return a.client->disconnectNotice().has_value(); }));
    CHECK(a.client->disconnectNotice()->reason == DisconnectReason::Shutdown);
    relay.reset();
}

TEST_CASE("the stats endpoint serves Prometheus text", "[integration]") {
    LoopbackRelay relay;
    LoopbackClient a(relay.transport->port(), "Ada");
    REQUIRE(serviceUntil({&a}, [&] { return a.client->state() == ClientState::Joined; }));
    auto server = StatsServer::start(0, [&] { return relay.loop->metricsText(); });
    REQUIRE(server);
    httplib::Client http("127.0.0.1", (*server)->port());
    std::string body;
    REQUIRE(serviceUntil({&a}, [&] {
        auto res = http.Get("/metrics");
        if (!res || res->status != 200) return false;
        body = res->body;
        return body.find("places_relay_sessions 1") != std::string::npos;
    }));
    CHECK(body.find("# TYPE places_relay_tick_seconds summary") != std::string::npos);
    CHECK(body.find("places_relay_tick_seconds{quantile=\"0.99\"}") != std::string::npos);
    CHECK(body.find("places_relay_joins_total 1") != std::string::npos);
}

TEST_CASE("places relay shuts down cleanly on SIGTERM, telling its clients", "[integration]") {
    std::uint16_t port = 0;
    {
        auto probe = ENetTransport::listen(0);  // a free port, released for the child
        REQUIRE(probe);
        port = (*probe)->port();
    }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const std::string p = std::to_string(port);
        execl(PLACES_CLI, PLACES_CLI, "relay", "--open", "--port", p.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    LoopbackClient a(port, "Ada");
    const bool joined = serviceUntil({&a}, [&] {
        if (a.client->state() == ClientState::Disconnected || a.client->peer() == kNoPeer) {
            // The child may not listen yet: retry.
            a.client = std::make_unique<Client>(ClientConfig{{}, "hall", "Ada"}, *a.net, a.clock);
            a.net->connect("127.0.0.1", port);
        }
        return a.client->state() == ClientState::Joined;
    });
    if (!joined) kill(child, SIGKILL);
    REQUIRE(joined);
    REQUIRE(kill(child, SIGTERM) == 0);
    REQUIRE(serviceUntil({&a}, [&] { return a.client->disconnectNotice().has_value(); }));
    CHECK(a.client->disconnectNotice()->reason == DisconnectReason::Shutdown);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

// flush() sends a host's datagrams in batches of 128 (sendmmsg,
// enet_transport.cpp; 140 clients cross a batch's end): each peer must still
// get its own bytes, reliable and unreliable, and nothing may be lost on an
// idle loopback.
TEST_CASE("ENet loopback: a flush sends every peer its own datagrams", "[integration]") {
    auto server = ENetTransport::listen(0, 256, "127.0.0.1");
    REQUIRE(server.value);
    constexpr std::size_t kClients = 140;
    std::vector<std::unique_ptr<ENetTransport>> clients;
    for (std::size_t i = 0; i < kClients; ++i) {
        auto c = ENetTransport::client(1, "127.0.0." + std::to_string(2 + i % 4));
        REQUIRE(c.value);
        REQUIRE((*c.value)->connect("127.0.0.1", (*server.value)->port()) != kNoPeer);
        clients.push_back(std::move(*c.value));
    }
    const auto end = std::chrono::steady_clock::now() + places::net::test::kDeadline;
    std::vector<PeerId> peers;  // in the server's order of connection
    std::vector<std::vector<std::vector<std::byte>>> got(kClients);  // per client, what it received
    TransportEvent e;
    const auto serviceAll = [&] {
        while ((*server.value)->poll(e))
            if (e.kind == TransportEventKind::Connected) peers.push_back(e.peer);
        for (std::size_t i = 0; i < kClients; ++i)
            while (clients[i]->poll(e))
                if (e.kind == TransportEventKind::Received) got[i].push_back(e.data);
    };
    while (peers.size() < kClients && std::chrono::steady_clock::now() < end) serviceAll();
    REQUIRE(peers.size() == kClients);
    // Each server peer gets a message naming it, 600 B so several fill a datagram.
    const auto message = [](PeerId peer, std::size_t k) {
        std::vector<std::byte> m(600, static_cast<std::byte>(k));
        std::memcpy(m.data(), &peer, sizeof peer);
        return m;
    };
    for (int round = 0; round < 3; ++round) {
        for (PeerId p : peers) {
            (*server.value)->send(p, Channel::Reliable, message(p, static_cast<std::size_t>(round)));
            (*server.value)->send(p, Channel::Unreliable, message(p, 100 + static_cast<std::size_t>(round)));
        }
        (*server.value)->flush();
    }
    const auto counted = [&](std::size_t i, bool reliable) {
        return std::count_if(got[i].begin(), got[i].end(), [&](const auto& m) {
            return m.size() == 600 && (static_cast<int>(m[599]) < 100) == reliable;
        });
    };
    // Reliable messages would also arrive by ENet's resends (outside a flush);
    // unreliable ones only from the flush itself: at least one of the three.
    const auto allIn = [&] {
        for (std::size_t i = 0; i < kClients; ++i)
            if (counted(i, true) < 3 || counted(i, false) < 1) return false;
        return true;
    };
    while (!allIn() && std::chrono::steady_clock::now() < end) serviceAll();
    REQUIRE(allIn());
    std::set<PeerId> named;
    for (std::size_t i = 0; i < kClients; ++i) {
        PeerId first;
        std::memcpy(&first, got[i].front().data(), sizeof first);
        named.insert(first);
        std::vector<int> rounds;
        for (const auto& m : got[i]) {
            PeerId p;
            std::memcpy(&p, m.data(), sizeof p);
            CHECK(p == first);  // every message this client got was addressed to it
            if (static_cast<int>(m[599]) < 100) rounds.push_back(static_cast<int>(m[599]));
        }
        CHECK(rounds == std::vector<int>{0, 1, 2});  // reliable: once each, in order
    }
    CHECK(named.size() == kClients);  // and every client got a different peer's
    CHECK((*server.value)->sendLost() == 0);
}
