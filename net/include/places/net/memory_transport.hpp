#pragma once
// An in-process Transport for unit tests: delivery is immediate, ordered and
// lossless, unless a test cuts a link (both ends then hear nothing, as with a
// pulled cable; the relay must notice by its own timeout).
// Lifetime: a transport that is destroyed closes its links first, so the other
// end sees Disconnected; transports must be used from one thread.
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "places/net/transport.hpp"

namespace places::net {

class MemoryTransport final : public Transport {
public:
    MemoryTransport() = default;
    MemoryTransport(const MemoryTransport&) = delete;
    MemoryTransport& operator=(const MemoryTransport&) = delete;
    ~MemoryTransport() override;

    // Connects this endpoint to `server`; both get a Connected event. Returns the
    // id of the new peer on this side. `address` is this endpoint's address as
    // the server sees it (tests of per-address limits and bans give distinct ones).
    PeerId connect(MemoryTransport& server, std::string address = "10.0.0.1");
    // Silently drops the link to `peer` in both directions (no events).
    void cut(PeerId peer);
    bool connected(PeerId peer) const;
    // Loses every `n`-th unreliable message sent to `peer` from now on (0 = none),
    // as a lossy network would: tests of deltas and acknowledgements under loss.
    void loseEveryNthUnreliable(PeerId peer, unsigned n);
    // Reports `bytes` as queued for `peer` (queuedBytes) from now on, as a link
    // that cannot keep up would: tests of what the relay does about a backlog.
    // Delivery itself stays immediate.
    void reportBacklog(PeerId peer, std::size_t bytes);

    bool poll(TransportEvent& out, std::uint32_t waitMs = 0) override;
    void send(PeerId peer, Channel channel, std::span<const std::byte> bytes) override;
    void disconnect(PeerId peer) override;
    void abort(PeerId peer) override;
    void flush() override {}
    std::string address(PeerId peer) const override;
    void blockConnects(const std::string& address, bool blocked) override;
    std::size_t queuedBytes(PeerId peer) const override;
    // Recorded only (delivery is immediate): what the relay asked for, 0 if never.
    void setReceiveQueueBytes(std::size_t bytes) override { receiveQueueBytes_ = bytes; }
    std::size_t receiveQueueBytes() const { return receiveQueueBytes_; }

    std::uint64_t bytesSent() const { return bytesSent_; }

private:
    struct Link {
        MemoryTransport* remote = nullptr;
        PeerId remotePeer = kNoPeer;
        std::string remoteAddress;
        unsigned loseEvery = 0;
        unsigned unreliableSent = 0;
        std::size_t backlog = 0;
    };
    PeerId addLink(MemoryTransport* remote, PeerId remotePeer, std::string remoteAddress);
    void push(TransportEventKind kind, PeerId peer, Channel channel, std::span<const std::byte> bytes);

    std::unordered_map<PeerId, Link> links_;
    std::deque<TransportEvent> inbox_;
    std::unordered_set<std::string> blocked_;
    PeerId nextPeer_ = 1;
    std::uint64_t bytesSent_ = 0;
    std::size_t receiveQueueBytes_ = 0;
};

}  // namespace places::net
