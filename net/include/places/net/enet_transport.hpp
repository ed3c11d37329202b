#pragma once
// Transport over ENet (UDP): channel 0 reliable, channel 1 unreliable sequenced.
// One ENetTransport = one ENet host, used from one thread only. A relay listens;
// clients (bots) may hold many connections on one host.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "places/core/diagnostic.hpp"
#include "places/net/transport.hpp"

typedef struct _ENetHost ENetHost;
typedef struct _ENetPeer ENetPeer;
typedef struct _ENetEvent ENetEvent;

namespace places::net {

class ENetTransport final : public Transport {
public:
    // Listens on `port` (0 = any free port, see port()) on all interfaces, or
    // only on `address` when given (an in-process demo relay stays on loopback).
    static Result<std::unique_ptr<ENetTransport>> listen(std::uint16_t port, std::size_t maxPeers = 4095,
                                                         const std::string& address = {});
    // A host for outgoing connections only, sending from `bindAddress` (a local
    // IPv4 address such as "127.0.0.5"; empty = any), so tests can act as many hosts.
    static Result<std::unique_ptr<ENetTransport>> client(std::size_t maxConnections = 1,
                                                         const std::string& bindAddress = {});

    ~ENetTransport() override;
    ENetTransport(const ENetTransport&) = delete;
    ENetTransport& operator=(const ENetTransport&) = delete;

    // Starts connecting to host:port; a Connected (or Disconnected) event follows.
    // kNoPeer when the address does not resolve or no connection slot is free.
    PeerId connect(const std::string& host, std::uint16_t port);
    std::uint16_t port() const;
    // UDP bytes including ENet's own headers (for honest bandwidth numbers).
    std::uint64_t totalSentBytes() const;
    std::uint64_t totalReceivedBytes() const;
    // ENet's smoothed round-trip time to `peer` in milliseconds; none for an unknown peer.
    std::optional<std::uint32_t> roundTripMs(PeerId peer) const;
    // Datagrams of flush()es the kernel refused (a full send buffer), lost as UDP loss.
    std::uint64_t sendLost() const { return sendLost_; }

    bool poll(TransportEvent& out, std::uint32_t waitMs = 0) override;
    void send(PeerId peer, Channel channel, std::span<const std::byte> bytes) override;
    void disconnect(PeerId peer) override;
    void abort(PeerId peer) override;
    void flush() override;
    std::string address(PeerId peer) const override;
    void blockConnects(const std::string& address, bool blocked) override;
    std::size_t queuedBytes(PeerId peer) const override;
    void setReceiveQueueBytes(std::size_t bytes) override;

private:
    explicit ENetTransport(ENetHost* host) : host_(host) {}
    PeerId track(ENetPeer* peer);

    // ENet's intercept callback of a listening host (drops blocked CONNECTs).
    static int interceptBlockedConnects(ENetHost* host, ENetEvent* event);

    ENetHost* host_;
    std::unordered_map<PeerId, ENetPeer*> peers_;
    std::unordered_set<std::uint32_t> blocked_;  // IPv4 addresses in ENet's (network) byte order
    PeerId nextPeer_ = 1;
    std::uint64_t sendLost_ = 0;
};

// Splits "host:port"; none when malformed.
std::optional<std::pair<std::string, std::uint16_t>> parseHostPort(const std::string& text);

}  // namespace places::net
