// places bots under a relay that refuses joins (issue 14): a join refused for a
// full venue (an overloaded relay's answer when no instance can open) or closed
// without a Welcome is tried again on a new connection, as a real client would,
// and counted. Real ENet on loopback; the relay in front of it refuses the first
// Hellos as the relay does (Refuse, then disconnect). Nothing is timed: every
// wait has the bots' own deadline.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "places/net/bots.hpp"
#include "places/net/enet_transport.hpp"
#include "places/net/protocol.hpp"
#include "places/net/relay.hpp"
#include "places/net/relay_loop.hpp"

using namespace places::net;

namespace {

// Answers the first message (the Hello) of the first `refusals` connections
// with Refuse{VenueFull} and closes them; everything else passes to the relay.
class RefuseFirstJoins final : public Transport {
public:
    RefuseFirstJoins(Transport& inner, std::size_t refusals) : inner_(inner), left_(refusals) {}
    bool poll(TransportEvent& out, std::uint32_t waitMs) override {
        while (inner_.poll(out, waitMs)) {
            waitMs = 0;
            if (out.kind != TransportEventKind::Received || left_ == 0 || !seen_.insert(out.peer).second) return true;
            --left_;
            ++refused_;
            Refuse r;
            r.reason = RefuseReason::VenueFull;
            r.text = "full (test)";
            std::vector<std::byte> bytes;
            encodeMessage(r, bytes);
            inner_.send(out.peer, Channel::Reliable, bytes);
            inner_.disconnect(out.peer);
        }
        return false;
    }
    void send(PeerId peer, Channel channel, std::span<const std::byte> bytes) override { inner_.send(peer, channel, bytes); }
    void disconnect(PeerId peer) override { inner_.disconnect(peer); }
    void abort(PeerId peer) override { inner_.abort(peer); }
    void flush() override { inner_.flush(); }
    std::string address(PeerId peer) const override { return inner_.address(peer); }
    void blockConnects(const std::string& address, bool blocked) override { inner_.blockConnects(address, blocked); }
    std::size_t queuedBytes(PeerId peer) const override { return inner_.queuedBytes(peer); }
    void setReceiveQueueBytes(std::size_t bytes) override { inner_.setReceiveQueueBytes(bytes); }
    std::size_t refused() const { return refused_; }

private:
    Transport& inner_;
    std::size_t left_;
    std::size_t refused_ = 0;
    std::set<PeerId> seen_;
};

}  // namespace

TEST_CASE("places bots try a join refused for a full venue again, and count it", "[integration][bots]") {
    auto listening = ENetTransport::listen(0);
    REQUIRE(listening);
    RefuseFirstJoins transport(**listening, 2);
    SteadyClock clock;
    RelayConfig config;
    config.open = true;
    Relay relay(config, transport, clock);
    RelayLoop loop(relay, clock);
    std::atomic<bool> stop{false};
    std::thread relayThread([&] { loop.run(stop); });

    const bool retry = GENERATE(true, false);
    BotConfig bots;
    bots.port = (*listening)->port();
    bots.venue = "hall";
    bots.count = 3;
    bots.durationSeconds = 0.3;
    bots.connectTimeoutSeconds = 10.0;
    bots.joinRetry = retry;
    const BotReport r = runBots(bots);
    stop = true;
    relayThread.join();

    INFO(r.summary());
    CHECK(transport.refused() == 2);
    if (retry) {
        CHECK(r.connected == 3);
        CHECK(r.failed == 0);
        CHECK(r.joinRetries == 2);
        CHECK(r.toJson().find("\"join_retries\": 2") != std::string::npos);
        CHECK(r.summary().find(", join retries 2") != std::string::npos);
    } else {  // the same relay, and a client that gives up: two never join
        CHECK(r.connected == 1);
        CHECK(r.failures == std::map<std::string, std::size_t>{{"refused: venue full", 2}});
        CHECK(r.joinRetries == 0);
    }
}
