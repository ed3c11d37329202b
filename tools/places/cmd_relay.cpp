// places relay: the ENet relay that puts the visitors of a venue into one space.
//   places relay --port 7777 [--bind ADDR] [--key FILE | --open] [--tick 30] [--capacity 1000]
//                [--stats-port 9100 [--stats-bind 127.0.0.1]]
//                [--voice-streams 6] [--log-format text|json] [--scene FILE ... [--clock WHEN]]
// SIGTERM or SIGINT shuts it down cleanly: every client is told (Disconnect{Shutdown}).
// The operator log (joins, leaves, refusals, moderation, overflow) goes to stderr.
#include <csignal>
#include <cstdio>

#include "commands.hpp"
#include "fair_scenes.hpp"
#include <spdlog/sinks/stdout_sinks.h>

#include "places/net/enet_transport.hpp"
#include "places/net/operator_log.hpp"
#include "places/net/relay_loop.hpp"
#include "places/net/stats_server.hpp"
#include "places/net/thread_placement.hpp"

namespace places::cli {
namespace {

std::atomic<bool> gStop{false};
extern "C" void onSignal(int) { gStop.store(true); }

}  // namespace

void addRelayCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("relay", "Run the relay for shared venues (ENet/UDP)");
    struct Options {
        std::uint16_t port = 7777;
        std::string bind;                     // empty: every interface
        std::string statsBind = "127.0.0.1";  // the metrics are the operator's, not the visitors'
        std::string key;
        bool open = false;
        std::uint32_t tick = 30, capacity = 1000, spectators = 500, instances = 65'536;
        std::uint16_t statsPort = 0;
        std::size_t budget = 900;
        bool naive = false;
        std::uint32_t voiceStreams = 6;
        bool voiceAll = false;
        int cpu = -1;            // -1: not pinned
        bool realtime = false;
        std::string logFormat = "text";
        double logRate = 20.0;
        std::vector<std::string> scenes;
        std::string clock;
    };
    auto opt = std::make_shared<Options>();
    cmd->add_option("--port", opt->port, "UDP port");
    cmd->add_option("--bind", opt->bind, "Listen for visitors on this IPv4 address only (default: every interface)");
    auto* key = cmd->add_option("--key", opt->key, "Ticket key file (public or secret); tickets are then required");
    cmd->add_flag("--open", opt->open, "Accept anonymous visitors (in addition to tickets with --key)");
    cmd->add_option("--tick", opt->tick, "Ticks (snapshots) per second")->check(CLI::Range(1, 120));
    cmd->add_option("--capacity", opt->capacity, "Avatars per venue instance")->check(CLI::Range(1, 65534));
    cmd->add_option("--spectators", opt->spectators, "Spectators per venue instance")->check(CLI::Range(0, 65534));
    cmd->add_option("--instances", opt->instances,
                    "Instances per venue at most (a full venue refuses joins; clients try again later)")
        ->check(CLI::Range(1, 65536));
    cmd->add_option("--stats-port", opt->statsPort, "Serve Prometheus metrics on this TCP port (GET /metrics)");
    cmd->add_option("--stats-bind", opt->statsBind,
                    "Serve the metrics on this IPv4 address (default 127.0.0.1: this machine only; "
                    "give the monitoring network's interface, or 0.0.0.0 for every interface)");
    cmd->add_option("--budget", opt->budget, "Snapshot bytes per client per tick")->check(CLI::Range(64, 60000));
    cmd->add_flag("--naive", opt->naive, "Forward every avatar to everyone every tick (benchmark baseline)");
    cmd->add_option("--voice-streams", opt->voiceStreams, "Voices each listener hears at most (nearest/loudest; hosts first)")
        ->check(CLI::Range(0, 64));
    cmd->add_flag("--voice-forward-all", opt->voiceAll,
                  "Forward every speaker to everyone who sees it (benchmark baseline for --voice-streams)");
    cmd->add_option("--cpu", opt->cpu, "Pin the relay's tick thread to this CPU core (a dedicated core keeps tick p99 low)");
    cmd->add_flag("--realtime", opt->realtime,
                  "Run the tick thread SCHED_FIFO so other processes cannot preempt it (needs root or CAP_SYS_NICE)");
    cmd->add_option("--log-format", opt->logFormat, "Operator log on stderr: text, or json (one object per line)")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--log-rate", opt->logRate,
                    "Operator log lines per second after a burst of 200; the rest are counted as suppressed")
        ->check(CLI::Range(0.1, 100000.0));
    cmd->add_option("--scene", opt->scenes,
                    "Scene files (format 2) whose schedules, booths and portals the relay runs (repeatable)");
    cmd->add_option("--clock", opt->clock,
                    "Event clock: an ISO time with offset fixes it (2024-10-09T10:15+02:00), +/-SECONDS shifts it");
    (void)key;
    cmd->callback([opt] {
        using namespace places::net;
        RelayConfig config;
        config.tickRateHz = opt->tick;
        config.avatarCapacity = opt->capacity;
        config.spectatorCapacity = opt->spectators;
        config.maxInstancesPerVenue = opt->instances;
        config.open = opt->open;
        config.snapshotBudgetBytes = opt->budget;
        config.naiveForwarding = opt->naive;
        config.voice.streams = opt->voiceStreams;
        config.voice.forwardAll = opt->voiceAll;
        if (!opt->key.empty()) {
            auto pk = readPublicKeyFile(opt->key);
            if (!pk) {
                std::fprintf(stderr, "places relay: %s\n", pk.diagnostics.firstError().c_str());
                throw CommandExit{2};
            }
            config.ticketKey = *pk;
        }
        if (!opt->scenes.empty()) {
            auto fair = fairConfigFromScenes(opt->scenes);
            for (const auto& d : fair.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
            if (!fair.value) throw CommandExit{2};
            config.fair = std::move(*fair.value);
        }
        if (!opt->clock.empty() && !applyFairClock(opt->clock, config.fair)) {
            std::fprintf(stderr, "places relay: --clock: expected an ISO time with offset or +/-SECONDS, got '%s'\n",
                         opt->clock.c_str());
            throw CommandExit{2};
        }
        if (!config.ticketKey && !config.open) {
            std::fprintf(stderr, "places relay: give --key FILE (tickets) or --open (anonymous visitors)\n");
            throw CommandExit{2};
        }
        auto transport = ENetTransport::listen(opt->port, config.maxPeers, opt->bind);
        if (!transport) {
            std::fprintf(stderr, "places relay: %s\n", transport.diagnostics.firstError().c_str());
            throw CommandExit{1};
        }
        SteadyClock clock;
        OperatorLogConfig logConfig;
        logConfig.format = opt->logFormat == "json" ? LogFormat::Json : LogFormat::Text;
        logConfig.linesPerSecond = opt->logRate;
        OperatorLog log(std::make_shared<spdlog::sinks::stderr_sink_mt>(), logConfig, clock);
        Relay relay(config, **transport, clock, &log);
        RelayLoop loop(relay, clock);
        std::unique_ptr<StatsServer> stats;
        if (opt->statsPort != 0) {
            auto s = StatsServer::start(opt->statsPort, [&loop] { return loop.metricsText(); }, {}, opt->statsBind);
            if (!s) {
                std::fprintf(stderr, "places relay: %s\n", s.diagnostics.firstError().c_str());
                throw CommandExit{1};
            }
            stats = std::move(*s);
        }
        struct sigaction sa {};
        sa.sa_handler = onSignal;
        sigaction(SIGTERM, &sa, nullptr);
        sigaction(SIGINT, &sa, nullptr);
        log.lifecycle("start", "udp " + (opt->bind.empty() ? std::string() : opt->bind + ":") +
                                   std::to_string((*transport)->port()) + ", " +
                                   (config.ticketKey ? (config.open ? "tickets or anonymous" : "tickets required")
                                                     : "anonymous (open)") +
                                   ", " + std::to_string(config.tickRateHz) + " Hz, " +
                                   std::to_string(config.avatarCapacity) + " avatars per instance" +
                                   (stats ? ", metrics on tcp " + opt->statsBind + ":" + std::to_string(stats->port())
                                         : std::string()));
        // After the stats server started: its thread must not inherit the pin
        // or the real-time class, only the tick thread gets them.
        places::net::pinThisThread(opt->cpu);
        if (opt->realtime && !places::net::raiseThisThreadPriority())
            std::fprintf(stderr, "places relay: warning: --realtime not permitted (needs CAP_SYS_NICE); "
                                 "running at normal priority\n");
        loop.run(gStop);
        const auto& m = relay.metrics();
        char summary[160];
        std::snprintf(summary, sizeof summary, "stopped after %llu ticks, %llu joins; tick p99 %.2f ms",
                      static_cast<unsigned long long>(m.ticks), static_cast<unsigned long long>(m.joins),
                      static_cast<double>(m.tickTimes.percentile(0.99)) / 1000.0);
        log.lifecycle("stop", summary);
    });
}

}  // namespace places::cli
