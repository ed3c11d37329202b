// places bench flood: how many half-open connections (ENet connected, no Hello)
// the relay withstands while a new client still joins. An in-process relay as
// `places relay` runs it (4,095 peer slots, default limits), a flood from
// --addresses local addresses (127.0.0.2...), and --joins clients from
// 127.0.0.1 one after another, each timed from connect to Welcome. The
// baseline is the same joins without the flood, in the same run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "commands.hpp"
#include "places/net/client.hpp"
#include "places/net/half_open_flood.hpp"
#include "in_process_relay.hpp"

namespace places::cli {
namespace {

using Steady = std::chrono::steady_clock;

// Milliseconds from connect to Welcome for one new client; negative if it did not get in within 10 s.
double timeOneJoin(std::uint16_t port) {
    using namespace places::net;
    auto net = ENetTransport::client(1, "127.0.0.1");
    if (!net) return -1.0;
    SteadyClock clock;
    ClientConfig cc;
    cc.venue = "hall";
    cc.name = "probe";
    Client client(cc, **net, clock);
    const auto start = Steady::now();
    if ((*net)->connect("127.0.0.1", port) == kNoPeer) return -1.0;
    TransportEvent e;
    while (Steady::now() - start < std::chrono::seconds(10)) {
        while ((*net)->poll(e, 1)) {
            if (e.kind == TransportEventKind::Connected) client.start(e.peer);
            client.handle(e);
        }
        if (client.state() == ClientState::Joined) {
            const double ms = std::chrono::duration<double, std::milli>(Steady::now() - start).count();
            client.leave();
            for (int i = 0; i < 20; ++i) (*net)->poll(e, 1);  // let the Bye out
            return ms;
        }
        if (client.state() == ClientState::Refused || client.state() == ClientState::Disconnected) return -1.0;
    }
    return -1.0;
}

struct JoinTimes {
    std::vector<double> ms;  // successful joins only
    std::size_t failed = 0;
    double median() const {
        if (ms.empty()) return 0.0;
        auto v = ms;
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    }
    double max() const { return ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()); }
};

JoinTimes timeJoins(std::uint16_t port, std::size_t joins) {
    JoinTimes t;
    for (std::size_t i = 0; i < joins; ++i) {
        const double ms = timeOneJoin(port);
        if (ms < 0) ++t.failed;
        else t.ms.push_back(ms);
    }
    return t;
}

}  // namespace

void addBenchFloodCommand(CLI::App& bench) {
    auto* cmd = bench.add_subcommand("flood", "Half-open connection flood against the relay: can a new client still join?");
    struct Options {
        std::vector<std::size_t> steps{1000, 4100, 8000};
        std::size_t addresses = 100;
        std::size_t joins = 9;
    };
    auto opt = std::make_shared<Options>();
    cmd->add_option("--connections", opt->steps, "Half-open connections per step")->delimiter(',');
    cmd->add_option("--addresses", opt->addresses, "Local addresses the flood comes from (127.0.0.2...)")
        ->check(CLI::Range(1, 250));
    cmd->add_option("--joins", opt->joins, "Clients timed per step, one after another")->check(CLI::Range(1, 1000));
    cmd->callback([opt] {
        using namespace places::net;
        InProcessRelay relay;
        const RelayConfig& config = relay.relay.config();
        const std::uint16_t port = relay.port();
        const JoinTimes baseline = timeJoins(port, opt->joins);
        std::printf("relay: 4095 peer slots, hello deadline %llu ms, %zu per address, %zu reserved; flood from %zu addresses\n\n",
                    static_cast<unsigned long long>(config.handshakeTimeoutMs), config.pendingPerAddress,
                    config.reservedPeers, opt->addresses);
        std::printf("| half-open connections | flood connects in 5 s | joined | join median / max ms | "
                    "baseline median / max ms (no flood) |\n|---|---|---|---|---|\n");
        for (const std::size_t n : opt->steps) {
            FloodConfig fc;
            fc.port = port;
            fc.connections = n;
            fc.addresses = opt->addresses;
            HalfOpenFlood flood(fc);
            std::this_thread::sleep_for(std::chrono::seconds(5));  // the table is as full as the flood can make it
            if (!flood.ok()) throw std::runtime_error("cannot bind the flood's local addresses");
            const std::uint64_t connects = flood.connects();
            const JoinTimes t = timeJoins(port, opt->joins);
            std::printf("| %zu | %llu | %zu / %zu | %.1f / %.1f | %.1f / %.1f |\n", n,
                        static_cast<unsigned long long>(connects), t.ms.size(), opt->joins, t.median(), t.max(),
                        baseline.median(), baseline.max());
            std::fflush(stdout);
        }
        relay.halt();
        const auto& dropped = relay.relay.metrics().dropped;
        for (const char* reason : {"pending_evicted", "pending_per_address", "hello_timeout"}) {
            auto it = dropped.find(reason);
            std::printf("%s%s: %llu", reason == std::string_view("pending_evicted") ? "\nclosed by the relay: " : ", ",
                        reason, static_cast<unsigned long long>(it == dropped.end() ? 0 : it->second));
        }
        std::printf("\n");
    });
}

}  // namespace places::cli
