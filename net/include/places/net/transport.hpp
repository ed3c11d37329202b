#pragma once
// The narrow boundary between the relay's rules (or a client) and the network
// (style.md, principle 6): peers connect, disconnect and deliver messages on a
// channel. ENetTransport is the real one; MemoryTransport serves unit tests.
// A Transport is used from one thread only (ENet: one host per thread).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "places/net/protocol.hpp"

namespace places::net {

// Identifies a connection on one transport; never reused while the transport lives.
using PeerId = std::uint32_t;
inline constexpr PeerId kNoPeer = 0;

enum class TransportEventKind : std::uint8_t { Connected, Disconnected, Received };

struct TransportEvent {
    TransportEventKind kind = TransportEventKind::Received;
    PeerId peer = kNoPeer;
    Channel channel = Channel::Reliable;
    std::vector<std::byte> data;  // Received only; capacity is reused across polls
};

class Transport {
public:
    virtual ~Transport() = default;
    // Takes the next pending event, waiting up to `waitMs` for one; false if none.
    virtual bool poll(TransportEvent& out, std::uint32_t waitMs = 0) = 0;
    // Queues `bytes` (copied) for `peer`; unknown or closed peers are ignored.
    virtual void send(PeerId peer, Channel channel, std::span<const std::byte> bytes) = 0;
    // Closes after what is queued has gone out; a Disconnected event follows on both ends.
    virtual void disconnect(PeerId peer) = 0;
    // Closes at once, dropping what is queued, so the connection's slot is free
    // now: a politely closed ENet peer keeps its slot until the remote answers or
    // times out (up to 30 s), which a hostile peer never does. No event follows
    // on this end.
    virtual void abort(PeerId peer) = 0;
    // Pushes queued packets out now (ENet batches them until the next service otherwise).
    virtual void flush() = 0;
    // The remote host's address without the port ("127.0.0.1"), for limits and
    // bans that must outlive one connection; empty for unknown peers.
    virtual std::string address(PeerId peer) const = 0;
    // While `blocked`, new connection attempts from `address` are dropped before
    // they take a slot (ENet: before a peer is allocated); open connections stay.
    virtual void blockConnects(const std::string& address, bool blocked) = 0;
    // Bytes queued for `peer` and not yet handed to the network (a congested or
    // slow link); 0 for unknown peers and for transports that never queue.
    virtual std::size_t queuedBytes(PeerId peer) const = 0;
    // How much may wait on the way in (ENet: the socket's receive buffer).
    // Whatever waits there ages, so an overloaded relay asks for a short queue
    // (the kernel then drops what does not fit; poses are superseded anyway)
    // and a calm one for a long one that rides out bursts. No-op by default.
    virtual void setReceiveQueueBytes(std::size_t) {}
};

// Time for the relay's rules, so tests can step it. Microseconds from an
// arbitrary epoch (monotonic), and wall-clock seconds for ticket expiry.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::uint64_t nowMicros() const = 0;
    virtual std::uint64_t unixSeconds() const = 0;
};

class SteadyClock final : public Clock {
public:
    std::uint64_t nowMicros() const override;
    std::uint64_t unixSeconds() const override;
};

class FakeClock final : public Clock {
public:
    explicit FakeClock(std::uint64_t unixStart = 1'800'000'000) : unix_(unixStart) {}
    std::uint64_t nowMicros() const override { return micros_; }
    std::uint64_t unixSeconds() const override { return unix_ + micros_ / 1'000'000; }
    void advanceMicros(std::uint64_t us) { micros_ += us; }
    void advanceMillis(std::uint64_t ms) { micros_ += ms * 1000; }

private:
    std::uint64_t micros_ = 1'000'000;
    std::uint64_t unix_;
};

}  // namespace places::net
