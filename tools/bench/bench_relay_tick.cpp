// The relay's tick alone, deterministic: N clients over MemoryTransport with a
// FakeClock (no ENet, no sockets, no threads), walking like the load bots. Each
// simulated tick every client sends one PoseUpdate (with its acks), the relay
// handles them (pump) and ticks; clients decode their snapshots (not measured).
// Prints the relay's thread CPU time per tick and per client, and what the
// clients received. Run under callgrind for repeatable instruction counts:
//   valgrind --tool=callgrind --instr-atstart=no build/tools/bench/places_bench_relay_tick --clients 1000
// (only relay pump + tick are instrumented: see CALLGRIND_START_INSTRUMENTATION below).
#include <time.h>
#include <valgrind/callgrind.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "places/net/bot_motion.hpp"
#include "places/net/client.hpp"
#include "places/net/memory_transport.hpp"
#include "places/net/relay.hpp"

using namespace places::net;

namespace {

std::uint64_t threadCpuNanos() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0.0;
    const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

struct SimClient {
    std::unique_ptr<MemoryTransport> net = std::make_unique<MemoryTransport>();
    std::unique_ptr<Client> client;
    std::unique_ptr<BotWalker> walker;
};

struct Options {
    std::size_t clients = 1000;
    int warmup = 90;
    int ticks = 150;
    bool naive = false;
    std::uint32_t rankPerTick = 0;  // 0 = relay default
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--clients") o.clients = std::strtoul(next(), nullptr, 10);
        else if (a == "--warmup") o.warmup = std::atoi(next());
        else if (a == "--ticks") o.ticks = std::atoi(next());
        else if (a == "--rank-per-tick") o.rankPerTick = static_cast<std::uint32_t>(std::strtoul(next(), nullptr, 10));
        else if (a == "--naive") o.naive = true;
        else {
            std::fprintf(stderr,
                         "usage: places_bench_relay_tick [--clients N] [--warmup T] [--ticks T] [--rank-per-tick R] [--naive]\n");
            std::exit(2);
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parse(argc, argv);
    RelayConfig config;
    config.open = true;
    config.naiveForwarding = opt.naive;
    if (opt.rankPerTick) config.interest.rankPerTick = opt.rankPerTick;
    FakeClock clock;
    MemoryTransport relayNet;
    Relay relay(config, relayNet, clock);

    std::mt19937 rng(42);
    std::vector<SimClient> clients(opt.clients);
    for (std::size_t i = 0; i < clients.size(); ++i) {
        ClientConfig cc;
        cc.venue = "bench";
        cc.name = "sim" + std::to_string(i);
        cc.interpolate = false;  // as the load bots: the clients only resolve entries
        clients[i].client = std::make_unique<Client>(cc, *clients[i].net, clock);
        clients[i].walker = std::make_unique<BotWalker>(rng, 40.0f, static_cast<float>(i));
        clients[i].client->start(clients[i].net->connect(relayNet));
    }
    const auto deliver = [&] {
        TransportEvent e;
        for (auto& c : clients)
            while (c.net->poll(e)) c.client->handle(e);
    };
    relay.pump();
    deliver();

    constexpr std::uint64_t kTickMicros = 1'000'000 / 30;
    std::vector<double> tickUs, pumpUs;
    std::uint64_t bytes0 = 0, snaps0 = 0;
    for (int t = 0; t < opt.warmup + opt.ticks; ++t) {
        clock.advanceMicros(kTickMicros);
        const double seconds = static_cast<double>(clock.nowMicros()) * 1e-6;
        for (auto& c : clients) {
            c.walker->walk(static_cast<float>(kTickMicros) * 1e-6f, rng);
            c.client->setPose(c.walker->pose(seconds));
            c.client->update();
        }
        const bool measured = t >= opt.warmup;
        if (t == opt.warmup)
            for (auto& c : clients) {
                bytes0 += c.client->stats().bytesIn;
                snaps0 += c.client->stats().snapshots;
            }
        if (measured) CALLGRIND_START_INSTRUMENTATION;
        const std::uint64_t p0 = threadCpuNanos();
        relay.pump();
        const std::uint64_t p1 = threadCpuNanos();
        relay.tick();
        const std::uint64_t p2 = threadCpuNanos();
        if (measured) {
            CALLGRIND_STOP_INSTRUMENTATION;
            pumpUs.push_back(static_cast<double>(p1 - p0) / 1000.0);
            tickUs.push_back(static_cast<double>(p2 - p1) / 1000.0);
        }
        deliver();
    }
    std::uint64_t bytes = 0, snaps = 0, unresolved = 0, malformed = 0;
    std::size_t joined = 0;
    for (auto& c : clients) {
        bytes += c.client->stats().bytesIn;
        snaps += c.client->stats().snapshots;
        unresolved += c.client->stats().unresolvedEntries;
        malformed += c.client->stats().malformed;
        joined += c.client->state() == ClientState::Joined ? 1 : 0;
    }
    bytes -= bytes0;
    snaps -= snaps0;
    const double n = static_cast<double>(opt.clients);
    const double ticks = static_cast<double>(opt.ticks);
    const double tickP50 = percentile(tickUs, 0.5), tickP99 = percentile(tickUs, 0.99);
    const double pumpP50 = percentile(pumpUs, 0.5);
    std::printf("relay tick benchmark: %zu clients (%zu joined), %s, %d ticks measured after %d warm-up, 30 Hz\n",
                opt.clients, joined, opt.naive ? "naive all-to-all" : "interest managed", opt.ticks, opt.warmup);
    std::printf("  tick CPU:  p50 %.0f us, p99 %.0f us  (%.2f us per client per tick)\n", tickP50, tickP99, tickP50 / n);
    std::printf("  pump CPU:  p50 %.0f us per tick for %zu PoseUpdates (%.2f us per pose)\n", pumpP50, opt.clients,
                pumpP50 / n);
    std::printf("  relay CPU at 30 Hz: %.1f %% of one core (tick + pump, p50)\n", (tickP50 + pumpP50) * 30.0 / 1e4);
    std::printf("  downstream payload: %.0f B/s per client, %.2f snapshots per client per tick\n",
                static_cast<double>(bytes) / n / (ticks / 30.0), static_cast<double>(snaps) / n / ticks);
    std::printf("  clients: %llu unresolved entries, %llu malformed messages (both must be 0)\n",
                static_cast<unsigned long long>(unresolved), static_cast<unsigned long long>(malformed));
    return unresolved == 0 && malformed == 0 && joined == opt.clients ? 0 : 1;
}
