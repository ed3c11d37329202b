#pragma once
// A relay and clients wired through MemoryTransport and stepped with a FakeClock:
// the relay's rules run exactly as in production, deterministically.
#include <memory>
#include <vector>

#include "places/net/client.hpp"
#include "places/net/memory_transport.hpp"
#include "places/net/relay.hpp"
#include "places/net/ticket.hpp"

namespace places::net::test {

struct TestPeer {
    std::unique_ptr<MemoryTransport> net = std::make_unique<MemoryTransport>();
    std::unique_ptr<Client> client;
};

class RelayHarness {
public:
    explicit RelayHarness(RelayConfig config, RelayLog* log = nullptr) : relay(std::move(config), relayNet, clock, log) {}

    static RelayConfig openConfig() {
        RelayConfig c;
        c.open = true;
        return c;
    }

    Client& join(const std::string& venue, const std::string& name, std::vector<std::byte> ticket = {},
                 bool spectate = false) {
        ClientConfig cc;
        cc.spectate = spectate;
        cc.venue = ticket.empty() ? venue : "";
        cc.name = ticket.empty() ? name : "";
        cc.ticket = std::move(ticket);
        auto& p = peers.emplace_back();
        p.client = std::make_unique<Client>(cc, *p.net, clock);
        p.client->start(p.net->connect(relayNet));
        settle();
        return *p.client;
    }

    // Delivers everything in flight, both ways, until quiet.
    void settle() {
        for (int round = 0; round < 8; ++round) {
            relay.pump();
            TransportEvent e;
            for (auto& p : peers)
                while (p.net->poll(e)) p.client->handle(e);
        }
    }

    // Advances time by `ms`, lets every joined client send its pose, runs one tick.
    void step(std::uint64_t ms = 34) {
        clock.advanceMillis(ms);
        for (auto& p : peers) p.client->update();
        settle();
        relay.tick();
        settle();
    }

    TestPeer& peerOf(const Client& c) {
        for (auto& p : peers)
            if (p.client.get() == &c) return p;
        throw std::logic_error("not a harness client");
    }

    FakeClock clock;
    MemoryTransport relayNet;
    Relay relay;
    std::vector<TestPeer> peers;
};

// A hand-driven connection for sending arbitrary bytes.
struct RawPeer {
    explicit RawPeer(RelayHarness& h) : harness(h), peer(net.connect(h.relayNet)) {}
    void send(const std::vector<std::byte>& bytes, Channel channel = Channel::Reliable) {
        net.send(peer, channel, bytes);
        harness.relay.pump();
    }
    std::vector<Message> received() {
        std::vector<Message> out;
        TransportEvent e;
        while (net.poll(e))
            if (e.kind == TransportEventKind::Received)
                if (auto d = decodeMessage(e.data)) out.push_back(*d.value);
        return out;
    }
    RelayHarness& harness;
    MemoryTransport net;
    PeerId peer;
};

inline std::vector<std::byte> ticketFor(const KeyPair& keys, Role role, const std::string& name, std::uint64_t expires,
                                 const std::string& venue = "hall") {
    Ticket t;
    t.role = role;
    t.venue = venue;
    t.name = name;
    t.expiresUnix = expires;
    t.id = randomTicketId();
    return signTicket(t, keys.secretKey);
}

inline AvatarPose poseAt(float x, float z, float yawRadians = 0.0f) {
    AvatarPose p;
    p.head.position = {x, 1.7f, z};
    p.head.orientation = glm::angleAxis(yawRadians, glm::vec3(0, 1, 0));
    p.leftHand.position = {x - 0.3f, 1.2f, z};
    p.rightHand.position = {x + 0.3f, 1.2f, z};
    return p;
}

}  // namespace places::net::test
