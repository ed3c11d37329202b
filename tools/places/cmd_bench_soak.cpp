// places bench soak: a relay and --bots visitors for --minutes (30 by default)
// in one process, sampled every --sample seconds: process RSS (relay and bots
// together; the bots' memory is fixed once they joined, so growth is a leak in
// either), the relay's tick p50/p99 over its last ticks, peers and sessions.
// At the end the bots leave and the relay must hold no peer and no session
// once its resume window has passed (no leaked peers).
// Each sample is also written to --out as it is taken (a line, flushed), so a
// crash or a kill half an hour in still leaves the samples taken until then.
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "places/net/bots.hpp"
#include "in_process_relay.hpp"

namespace places::cli {
namespace {

double rssMiB() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0.0;
}

// The value of a line "NAME VALUE" in Prometheus text; 0 if absent.
double metricValue(const std::string& text, const std::string& name) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
    return 0.0;
}

}  // namespace

void addBenchSoakCommand(CLI::App& bench) {
    auto* cmd = bench.add_subcommand("soak", "Relay and bots for a long run: RSS and tick p99 over time, no leaked peers");
    struct Options {
        double minutes = 30.0;
        std::size_t bots = 500;
        double sample = 60.0;
        std::string out;
    };
    auto opt = std::make_shared<Options>();
    cmd->add_option("--minutes", opt->minutes, "Measured minutes")->check(CLI::PositiveNumber);
    cmd->add_option("--bots", opt->bots, "Visitors")->check(CLI::Range(1, 4000));
    cmd->add_option("--sample", opt->sample, "Seconds between samples")->check(CLI::Range(1.0, 3600.0));
    cmd->add_option("--out", opt->out, "Also append each sample to this file as it is taken");
    cmd->callback([opt] {
        using namespace places::net;
        InProcessRelay relay;
        std::atomic<bool> botsDone{false};
        BotConfig bc;
        bc.port = relay.port();
        bc.count = opt->bots;
        bc.venue = "soak";
        bc.durationSeconds = opt->minutes * 60.0;
        bc.botsPerHost = 100;
        BotReport report;
        std::thread botThread([&] {
            report = runBots(bc);
            botsDone = true;
        });
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(nullptr, &std::fclose);
        if (!opt->out.empty()) {
            out.reset(std::fopen(opt->out.c_str(), "a"));
            if (!out) {
                std::fprintf(stderr, "places bench soak: cannot open %s: %s\n", opt->out.c_str(), std::strerror(errno));
                throw CommandExit{2};
            }
        }
        // Every line goes to stdout and, flushed at once, to --out.
        const auto emit = [&](const char* line) {
            std::fputs(line, stdout);
            std::fflush(stdout);
            if (out) {
                std::fputs(line, out.get());
                std::fflush(out.get());
            }
        };
        emit("| minute | RSS MiB | tick p50 / p99 ms | peers | sessions | load |\n|---|---|---|---|---|---|\n");
        const auto start = std::chrono::steady_clock::now();
        auto next = start;
        while (!botsDone.load()) {
            next += std::chrono::milliseconds(static_cast<long>(opt->sample * 1000.0));
            while (!botsDone.load() && std::chrono::steady_clock::now() < next)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const std::string m = relay.loop.metricsText();
            std::ifstream load("/proc/loadavg");
            std::string one;
            load >> one;
            char line[256];
            std::snprintf(line, sizeof line, "| %.1f | %.1f | %.2f / %.2f | %.0f | %.0f | %s |\n",
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60.0,
                        rssMiB(), metricValue(m, "places_relay_tick_seconds{quantile=\"0.5\"}") * 1000.0,
                        metricValue(m, "places_relay_tick_seconds{quantile=\"0.99\"}") * 1000.0,
                        metricValue(m, "places_relay_peers"), metricValue(m, "places_relay_sessions"), one.c_str());
            emit(line);
        }
        botThread.join();
        // The bots said Bye: sessions end at once; give the transport its disconnect round trips.
        std::this_thread::sleep_for(std::chrono::seconds(3));
        const std::string m = relay.loop.metricsText();
        const double peers = metricValue(m, "places_relay_peers"), sessions = metricValue(m, "places_relay_sessions");
        relay.halt();
        const std::string end = "\nbots: " + report.summary() + "\npose latency p50 / p99 ms: " +
                                std::to_string(std::lround(report.latencyP50Ms)) + " / " +
                                std::to_string(std::lround(report.latencyP99Ms)) + "\nafter the bots left: " +
                                std::to_string(static_cast<long>(peers)) + " peers, " +
                                std::to_string(static_cast<long>(sessions)) + " sessions" +
                                (peers == 0 && sessions == 0 ? " (none leaked)\n" : " (LEAKED)\n");
        emit(end.c_str());
        if (peers != 0 || sessions != 0) throw CommandExit{1};
    });
}

}  // namespace places::cli
