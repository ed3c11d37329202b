// The relay's overload degradation over real ENet on loopback (label
// integration): an injected tick cost (RelayConfig::injectedTickCostMicros)
// stands for a machine too slow for the crowd; the level is read where an
// operator reads it, in the published metrics. Nothing here is timed: rates
// are compared with each other, and every wait has a generous deadline.
#include <catch2/catch.hpp>

#include <regex>

#include "loopback_harness.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::kDeadline;
using places::net::test::LoopbackClient;
using places::net::test::LoopbackRelay;
using places::net::test::poseAt;

namespace {

// A metric's value in Prometheus text, -1 if absent.
double metricValue(const std::string& text, const std::string& name) {
    std::smatch m;
    const std::regex line("(^|\n)" + std::regex_replace(name, std::regex(R"([{}"])"), R"(\$&)") + " ([0-9.]+)\n");
    return std::regex_search(text, m, line) ? std::stod(m[2]) : -1.0;
}

}  // namespace

TEST_CASE("ENet loopback: an overloaded relay sheds far updates, diverts joins, and recovers", "[integration][shed]") {
    std::atomic<std::uint64_t> injected{0};
    RelayConfig config = LoopbackRelay::openConfig();
    config.shed.raiseAfterTicks = 5;
    config.shed.lowerAfterTicks = 15;
    // This is about diverting a join; admission at capacity (the age of relayed
    // poses, real time here) is tested over a FakeClock in relay_capacity_test.cpp.
    config.shed.admitAgeMs = 10'000;
    config.injectedTickCostMicros = [&] { return injected.load(); };
    LoopbackRelay relay(config);
    const std::uint16_t port = relay.transport->port();
    LoopbackClient a(port, "Ada"), b(port, "Bob");
    a.client->setPose(poseAt(-10, 0));  // 20 m apart: each is in the other's far tier
    b.client->setPose(poseAt(10, 0));
    std::size_t bobUpdates = 0;
    ParticipantId bob = 0;
    a.client->onAvatarUpdate = [&](const SnapshotReceiver::Update& u) { bobUpdates += u.id == bob ? 1 : 0; };
    const auto level = [&] { return metricValue(relay.loop->metricsText(), "places_relay_shed_level"); };
    // Services the clients with Bob walking until `done` (or the deadline).
    float x = 10.0f;
    std::vector<LoopbackClient*> clients{&a, &b};
    const auto serviceUntil = [&](const std::function<bool()>& done) {
        const auto end = std::chrono::steady_clock::now() + kDeadline;
        while (std::chrono::steady_clock::now() < end) {
            x = x > 20.0f ? 10.0f : x + 0.01f;
            b.client->setPose(poseAt(x, 0));
            for (auto* c : clients) c->service();
            if (done()) return true;
        }
        return false;
    };
    // Bob's updates at Ada per second, over about two seconds.
    const auto bobRate = [&] {
        bobUpdates = 0;
        const auto start = std::chrono::steady_clock::now();
        serviceUntil([&] { return std::chrono::steady_clock::now() - start > std::chrono::seconds(2); });
        return static_cast<double>(bobUpdates) / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    REQUIRE(serviceUntil([&] {
        return a.client->state() == ClientState::Joined && b.client->state() == ClientState::Joined;
    }));
    bob = b.client->welcome()->you;
    REQUIRE(serviceUntil([&] { return level() == 0; }));  // published
    const double calm = bobRate();
    INFO("Bob's updates at Ada per second, calm: " << calm);
    REQUIRE(calm > 10.0);

    injected = 100'000;  // three tick periods
    REQUIRE(serviceUntil([&] { return level() == 4; }));
    const double overloaded = bobRate();
    INFO("overloaded: " << overloaded);
    CHECK(overloaded < 0.6 * calm);  // the far tier runs every third tick
    CHECK(overloaded > 0.0);         // but never starves

    LoopbackClient c(port, "Cem");
    clients.push_back(&c);
    REQUIRE(serviceUntil([&] { return c.client->state() == ClientState::Joined; }));
    CHECK(c.client->welcome()->instance == 1);  // the open instance refuses joins now: overflow

    injected = 0;
    REQUIRE(serviceUntil([&] { return level() == 0; }));
    const double recovered = bobRate();
    INFO("recovered: " << recovered);
    CHECK(recovered > 0.8 * calm);
    const std::string text = relay.loop->metricsText();
    CHECK(metricValue(text, "places_relay_joins_diverted_total") == 1);
    CHECK(metricValue(text, "places_relay_shed_level_changes_total{direction=\"up\"}") >= 4);
    CHECK(metricValue(text, "places_relay_shed_level_changes_total{direction=\"down\"}") >= 4);
    CHECK(metricValue(text, "places_relay_shed_ticks_total{level=\"refuse_joins\"}") > 0);
}
