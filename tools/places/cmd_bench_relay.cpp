// places bench relay: the relay pinned to one core, bots on another, stepping
// through crowd sizes in one venue instance; each step runs twice, with interest
// management (the default) and with naive all-to-all forwarding (--naive), so
// the bandwidth saved is a ratio measured in the same run.
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "places/net/bots.hpp"
#include "places/net/enet_transport.hpp"
#include "places/net/relay_loop.hpp"

namespace places::cli {
namespace {

struct StepResult {
    double tickP50Ms = 0, tickP99Ms = 0, tickCpuP50Ms = 0, tickCpuP99Ms = 0, relayCpu = 0;
    places::net::BotReport bots;
};

double percentileMs(std::vector<std::uint64_t> v, double q) {
    if (v.empty()) return 0.0;
    const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]) / 1000.0;
}

StepResult runStep(std::size_t visitors, bool naive, double seconds, int relayCpu, int botCpu) {
    using namespace places::net;
    RelayConfig config;
    config.open = true;
    config.naiveForwarding = naive;
    auto transport = ENetTransport::listen(0);
    if (!transport) throw std::runtime_error(transport.diagnostics.firstError());
    SteadyClock clock;
    Relay relay(config, **transport, clock);
    RelayLoop loop(relay, clock);
    loop.steady.sessions = visitors;
    std::atomic<bool> stop{false};
    std::thread relayThread([&] {
        if (relayCpu >= 0) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(relayCpu, &set);
            pthread_setaffinity_np(pthread_self(), sizeof set, &set);
        }
        loop.run(stop);
    });
    BotConfig bots;
    bots.port = (*transport)->port();
    bots.count = visitors;
    bots.venue = "bench";
    bots.durationSeconds = seconds;
    bots.cpu = botCpu;
    StepResult r;
    r.bots = runBots(bots);
    stop = true;
    relayThread.join();
    r.tickP50Ms = percentileMs(loop.steady.tickMicros, 0.50);
    r.tickP99Ms = percentileMs(loop.steady.tickMicros, 0.99);
    r.tickCpuP50Ms = percentileMs(loop.steady.tickCpuMicros, 0.50);
    r.tickCpuP99Ms = percentileMs(loop.steady.tickCpuMicros, 0.99);
    r.relayCpu = loop.steady.wallSeconds > 0 ? loop.steady.cpuSeconds / loop.steady.wallSeconds : 0.0;
    return r;
}

}  // namespace

void addBenchRelayCommand(CLI::App& bench) {
    auto* cmd = bench.add_subcommand("relay", "Relay on one core, bots on another: 100-1000 visitors, interest vs naive");
    struct Options {
        std::vector<std::size_t> steps{100, 250, 500, 1000};
        double seconds = 8.0;
        bool skipNaive = false;
    };
    auto opt = std::make_shared<Options>();
    cmd->add_option("--steps", opt->steps, "Visitor counts")->delimiter(',');
    cmd->add_option("--seconds", opt->seconds, "Measured seconds per run")->check(CLI::PositiveNumber);
    cmd->add_flag("--skip-naive", opt->skipNaive, "Do not run the naive all-to-all baseline");
    cmd->callback([opt] {
        const unsigned cores = std::thread::hardware_concurrency();
        const int relayCpu = cores >= 2 ? 0 : -1;
        const int botCpu = cores >= 2 ? 1 : -1;
        std::printf("| visitors | mode | connected | tick p50 ms | tick p99 ms | tick CPU p50 ms | tick CPU p99 ms | "
                    "relay CPU | pose latency p50/p99 ms | down B/s per client | up B/s per client | "
                    "avatar updates/s per client | down vs naive |\n");
        std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (const std::size_t n : opt->steps) {
            const StepResult interest = runStep(n, false, opt->seconds, relayCpu, botCpu);
            std::optional<StepResult> naive;
            if (!opt->skipNaive) naive = runStep(n, true, opt->seconds, relayCpu, botCpu);
            const auto row = [&](const char* mode, const StepResult& r, const std::string& ratio) {
                std::printf("| %zu | %s | %zu | %.2f | %.2f | %.2f | %.2f | %.0f %% | %.0f / %.0f | %.0f | %.0f | %.0f | %s |\n",
                            n, mode, r.bots.connected, r.tickP50Ms, r.tickP99Ms, r.tickCpuP50Ms, r.tickCpuP99Ms,
                            r.relayCpu * 100.0, r.bots.latencyP50Ms, r.bots.latencyP99Ms,
                            r.bots.downBytesPerSecondPerClient, r.bots.upBytesPerSecondPerClient,
                            r.bots.avatarUpdatesPerSecondPerClient, ratio.c_str());
                std::fflush(stdout);
            };
            std::string ratio = "-";
            if (naive && naive->bots.downBytesPerSecondPerClient > 0) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.3f x",
                              interest.bots.downBytesPerSecondPerClient / naive->bots.downBytesPerSecondPerClient);
                ratio = buf;
            }
            row("interest", interest, ratio);
            if (naive) row("naive", *naive, "1 x");
        }
    });
}

}  // namespace places::cli
