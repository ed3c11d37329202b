// places bench relay: the relay pinned to one core, bots on another, stepping
// through crowd sizes in one venue instance; each step runs twice, with interest
// management (the default) and with naive all-to-all forwarding (--naive), so
// the bandwidth saved is a ratio measured in the same run. --shed both runs the
// interest relay with and without overload shedding, and --cpu-hog takes a
// share of the relay's core away (a busy thread beside it), so a crowd that
// fits the machine can be made not to, and the two measured side by side.
// With --voice K the first K bots talk and each step runs with per-listener
// voice selection (--voice-streams) and with every speaker forwarded to everyone.
// With --fair each step runs a career fair of --fair-booths booths, one
// exhibitor bot each and every 5th other bot queuing (issue #10), against the
// same crowd and booths without any queueing or talks.
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "places/net/bots.hpp"
#include "places/net/enet_transport.hpp"
#include "places/net/relay_loop.hpp"
#include "places/net/ticket.hpp"

namespace places::cli {
namespace {

struct StepResult {
    double tickP50Ms = 0, tickP99Ms = 0, tickCpuP50Ms = 0, tickCpuP99Ms = 0, flushP50Ms = 0, relayCpu = 0;
    double relayDownPerClient = 0;  // Places bytes/s per client the relay sent (naive: what it had to send)
    std::size_t ticks = 0;
    std::string loadBefore, loadAfter;
    places::net::BotReport bots;
    int shedMax = 0, shedFinal = 0;  // degradation levels: highest reached, at the end
    std::uint64_t instances = 0;
    // Incoming side: how long poses waited before the relay handled them, poses
    // superseded before a tick (per second), drains cut at their time budget.
    double inboundP50Ms = 0, inboundP99Ms = 0, supersededPerSecond = 0;
    std::uint64_t drainsCut = 0;
    std::string relayDropped;  // the relay's dropped_total by reason over the whole step
    std::uint64_t staleWithheld = 0;  // avatar-ticks not sent, their pose too old (whole step)
    std::uint64_t socketDrops = 0;    // datagrams the relay's socket dropped, buffer full (whole step)
    std::uint64_t sendLost = 0;       // datagrams the relay's batched flushes could not send (whole step)
    double loadP50 = 0, loadP99 = 0;  // the shedder's smoothed load (share of the tick period), measured window
    double relayedAgeMs = 0;          // median over the window of the relay's own p99 pose age at send
    std::size_t sessions = 0;         // sessions the relay held in the measured window
    std::uint64_t refusedAtCapacity = 0;  // joins refused at the relay's capacity (whole step)
};

// Busy `percent` % of every millisecond on `cpu`, beside the relay: a machine
// that much slower for the relay's thread. With a real-time relay it runs one
// real-time priority above it (else it could never preempt it); otherwise as
// a normal thread, which the scheduler shares the core with fairly.
class CpuHog {
public:
    CpuHog(int percent, int cpu, bool realtime) {
        if (percent <= 0) return;
        thread_ = std::thread([this, percent, cpu, realtime] {
            places::net::pinThisThread(cpu);
            if (realtime) {
                sched_param param{};
                param.sched_priority = 11;  // raiseThisThreadPriority() uses 10
                if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) != 0)
                    std::fprintf(stderr, "places bench relay: the CPU hog's real-time priority was refused\n");
            }
            using Clock = std::chrono::steady_clock;
            const auto busy = std::chrono::microseconds(10 * percent);
            auto next = Clock::now();
            while (!stop_.load(std::memory_order_relaxed)) {
                const auto until = next + busy;
                while (Clock::now() < until) {
                }
                next += std::chrono::milliseconds(1);
                std::this_thread::sleep_until(next);
            }
        });
    }
    ~CpuHog() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    CpuHog(const CpuHog&) = delete;
    CpuHog& operator=(const CpuHog&) = delete;

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

double percentileMs(std::vector<std::uint64_t> v, double q) {
    if (v.empty()) return 0.0;
    const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]) / 1000.0;
}

// The 1-minute load average (other processes compete for the two cores).
std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one;
    in >> one;
    return one.empty() ? "?" : one;
}

// Datagrams the kernel dropped at the UDP socket bound to `port` (its receive
// buffer was full): the last column of /proc/net/udp.
std::uint64_t socketDrops(std::uint16_t port) {
    std::ifstream in("/proc/net/udp");
    std::string line;
    std::getline(in, line);  // header
    char want[8];
    std::snprintf(want, sizeof want, ":%04X", static_cast<unsigned>(port));
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local, last, field;
        fields >> slot >> local;
        if (local.size() < 5 || local.compare(local.size() - 5, 5, want) != 0) continue;
        while (fields >> field) last = field;
        return std::strtoull(last.c_str(), nullptr, 10);
    }
    return 0;
}

// Voice in a step: K talking bots; the relay forwards each listener `streams`
// voices, or (forwardAll) every speaker to everyone, without a byte budget.
struct VoiceStep {
    std::size_t speakers = 0;
    std::uint32_t streams = 6;
    bool forwardAll = false;
};

// Where the relay's and the bots' threads run, and how favoured they are.
struct BenchThreads {
    int relayCpu = -1, botCpu = -1;
    bool priority = false;  // relay SCHED_FIFO, bots nice -10
    bool rtBots = false;    // bots SCHED_FIFO
    int cpuHog = 0;
    std::size_t shedReceiveKb = 0;  // 0: the relay's default RelayConfig::receiveQueueBytesShedding
    std::uint32_t admitAgeMs = 0;   // 0: the relay's default ShedParams::admitAgeMs
    bool freePoses = false;         // bots' poses on a free cadence, not aimed at the relay's tick
};

// The career fair in a step: `booths` booths in the bench venue, each staffed
// by one exhibitor bot; with `active` the bots queue, call and talk.
struct FairStep {
    std::size_t booths = 0;
    bool active = false;
};

// Booths B01.. staffed by "Staff 1".., and one signed exhibitor ticket per booth.
void setUpFair(const FairStep& fair, places::net::RelayConfig& config, places::net::BotConfig& bots) {
    using namespace places::net;
    if (fair.booths == 0) return;
    const KeyPair keys = generateKeyPair();
    config.ticketKey = keys.publicKey;
    FairVenue venue;
    venue.venue = bots.venue;
    for (std::size_t i = 0; i < fair.booths; ++i) {
        std::string id = "B";
        id += std::to_string(i + 1);
        std::string staff = "Staff ";
        staff += std::to_string(i + 1);
        std::string company = "Company ";
        company += std::to_string(i + 1);
        venue.booths.push_back({id, company, {staff}, {}});
        Ticket t;
        t.role = Role::Exhibitor;
        t.venue = bots.venue;
        t.name = staff;
        t.expiresUnix = 4'000'000'000ull;
        t.id = randomTicketId();
        bots.exhibitorTickets.push_back(signTicket(t, keys.secretKey));
    }
    config.fair.venues = {venue};
    bots.fair = fair.active;
}

StepResult runStep(std::size_t visitors, bool naive, bool shed, double seconds, const BenchThreads& at,
                   const VoiceStep& voice = {}, const FairStep& fair = {}) {
    const int relayCpu = at.relayCpu, botCpu = at.botCpu, cpuHog = at.cpuHog;
    const bool priority = at.priority;
    using namespace places::net;
    StepResult r;
    r.loadBefore = loadAverage();
    RelayConfig config;
    config.open = true;
    config.naiveForwarding = naive;
    config.shed.enabled = shed;
    if (at.shedReceiveKb > 0) config.receiveQueueBytesShedding = at.shedReceiveKb << 10;
    if (at.admitAgeMs > 0) config.shed.admitAgeMs = at.admitAgeMs;
    config.voice.streams = voice.streams;
    config.voice.forwardAll = voice.forwardAll;
    if (voice.forwardAll) config.voice.listenerBytesPerSecond = config.voice.listenerBurstBytes = 1e12;
    BotConfig bots;
    bots.venue = "bench";
    setUpFair(fair, config, bots);
    auto transport = ENetTransport::listen(0);  // as places relay: 4095 peer slots
    if (!transport) throw std::runtime_error(transport.diagnostics.firstError());
    SteadyClock clock;
    Relay relay(config, **transport, clock);
    RelayLoop loop(relay, clock);
    // The relay's side is recorded over the bots' measured window: a relay at
    // its capacity refuses some of them, so "every bot joined" never comes.
    std::atomic<bool> measuring{false};
    loop.steady.recordWhile = &measuring;
    std::atomic<bool> stop{false};
    std::thread relayThread([&] {
        places::net::pinThisThread(relayCpu);
        if (priority && !places::net::raiseThisThreadPriority())
            std::fprintf(stderr, "places bench relay: real-time priority refused (needs CAP_SYS_NICE)\n");
        loop.run(stop);
    });
    bots.port = (*transport)->port();
    bots.measuring = &measuring;
    bots.count = visitors;
    bots.durationSeconds = seconds;
    bots.cpu = botCpu;
    bots.favoured = priority;
    bots.realtime = at.rtBots;
    bots.alignPoses = !at.freePoses;
    bots.voice = voice.speakers;
    // Each ENet host of bots sends from its own loopback address, as visitors
    // come from many addresses: from one, the relay's cap on connections without
    // a Hello per address (32) made joins straggle under load.
    for (std::size_t h = 0; h * bots.botsPerHost < visitors && h < 250; ++h) {
        std::string address = "127.0.0.";
        address += std::to_string(h + 2);
        bots.bindAddresses.push_back(std::move(address));
    }
    {
        CpuHog hog(cpuHog, relayCpu, priority);
        r.bots = runBots(bots);
    }
    r.socketDrops = socketDrops((*transport)->port());
    stop = true;
    relayThread.join();
    r.sendLost = (*transport)->sendLost();
    for (std::size_t i = 0; i < kShedLevels; ++i)
        if (relay.metrics().shedTicks[i] > 0) r.shedMax = static_cast<int>(i);
    r.shedFinal = static_cast<int>(relay.metrics().shedLevel);
    r.instances = relay.metrics().instances;
    r.staleWithheld = relay.metrics().staleWithheld;
    r.tickP50Ms = percentileMs(loop.steady.tickMicros, 0.50);
    r.tickP99Ms = percentileMs(loop.steady.tickMicros, 0.99);
    r.tickCpuP50Ms = percentileMs(loop.steady.tickCpuMicros, 0.50);
    r.tickCpuP99Ms = percentileMs(loop.steady.tickCpuMicros, 0.99);
    r.flushP50Ms = percentileMs(loop.steady.flushMicros, 0.50);
    r.ticks = loop.steady.tickMicros.size();
    r.relayCpu = loop.steady.wallSeconds > 0 ? loop.steady.cpuSeconds / loop.steady.wallSeconds : 0.0;
    if (!loop.steady.load.empty()) {
        std::vector<double> load = loop.steady.load;
        std::sort(load.begin(), load.end());
        r.loadP50 = load[load.size() / 2];
        r.loadP99 = load[std::min(load.size() - 1, load.size() * 99 / 100)];
    }
    r.sessions = loop.steady.sessionsSeen;
    if (!loop.steady.relayedAgeP99Ms.empty()) {
        std::vector<std::uint32_t> ages = loop.steady.relayedAgeP99Ms;
        std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(ages.size() / 2), ages.end());
        r.relayedAgeMs = ages[ages.size() / 2];
    }
    r.refusedAtCapacity = relay.metrics().joinsRefusedAtCapacity;
    const DelayHistogram inbound = loop.steady.inboundAtEnd.since(loop.steady.inboundAtStart);
    r.inboundP50Ms = inbound.percentile(0.50);
    r.inboundP99Ms = inbound.percentile(0.99);
    if (loop.steady.wallSeconds > 0)
        r.supersededPerSecond = static_cast<double>(loop.steady.supersededAtEnd - loop.steady.supersededAtStart) /
                                loop.steady.wallSeconds;
    r.drainsCut = loop.steady.cutsAtEnd - loop.steady.cutsAtStart;
    for (const auto& [reason, n] : relay.metrics().dropped)
        r.relayDropped += (r.relayDropped.empty() ? "" : ", ") + reason + " " + std::to_string(n);
    // Per tick actually run, scaled to 30 Hz: for an overrunning naive relay this
    // is what all-to-all forwarding needs, not the less it managed to send.
    if (r.ticks > 0)
        r.relayDownPerClient = static_cast<double>(loop.steady.bytesOut) / static_cast<double>(r.ticks) /
                               static_cast<double>(std::max<std::size_t>(r.sessions, 1)) * config.tickRateHz;
    r.loadAfter = loadAverage();
    return r;
}

}  // namespace

namespace {

template <class Options>
void benchVoice(const Options& opt, const BenchThreads& at) {
    std::printf("| visitors | speakers | mode | tick p50 / p99 ms | tick CPU p50 / p99 ms | relay CPU | "
                "voice down kbit/s per listener | streams per listener max | mouth-to-receipt p50 / p95 / p99 ms | "
                "pose latency p50 / p99 ms | voice frames sent / received | bot CPU | load before/after |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const std::size_t n : opt.steps) {
        const auto row = [&](const std::string& mode, const StepResult& r) {
            const auto& v = r.bots.voice;
            std::printf("| %zu | %zu | %s | %.2f / %.2f | %.2f / %.2f | %.0f %% | %.1f | %zu | %.0f / %.0f / %.0f | "
                        "%.0f / %.0f | %llu / %llu | %.0f %%%s | %s / %s |\n",
                        n, v.speakers, mode.c_str(), r.tickP50Ms, r.tickP99Ms, r.tickCpuP50Ms, r.tickCpuP99Ms,
                        r.relayCpu * 100.0, v.downKbpsPerListener, v.streamsPerListenerMax, v.mouthToEarP50Ms,
                        v.mouthToEarP95Ms, v.mouthToEarP99Ms, r.bots.latencyP50Ms, r.bots.latencyP99Ms,
                        static_cast<unsigned long long>(v.framesSent), static_cast<unsigned long long>(v.framesReceived),
                        r.bots.botCpuCores * 100.0, r.bots.botsSaturated() ? " SATURATED" : "", r.loadBefore.c_str(),
                        r.loadAfter.c_str());
            std::fflush(stdout);
        };
        const VoiceStep selected{opt.voice, opt.voiceStreams, false};
        row("top " + std::to_string(opt.voiceStreams), runStep(n, false, true, opt.seconds, at, selected));
        if (!opt.skipNaive)
            row("all to all", runStep(n, false, true, opt.seconds, at, {opt.voice, opt.voiceStreams, true}));
    }
    std::printf("\nmouth-to-receipt: capture of a frame's first sample to its receipt by a listening bot (20 ms "
                "framing, Opus encoding, network, relay), in the relay's clock; no jitter buffer, decoding or output.\n");
}

template <class Options>
void benchFair(const Options& opt, const BenchThreads& at) {
    std::printf("| bots | booths | mode | joined | tick p50 / p99 ms | tick CPU p99 ms | relay CPU | down B/s per client | "
                "pose latency p50 / p99 ms | queued | talks (called) | talk chat sent | median / p95 wait s | "
                "refused | bot CPU | load before/after |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::vector<std::pair<std::size_t, std::map<std::string, std::size_t>>> refusedLines;
    for (const std::size_t n : opt.steps) {
        const auto row = [&](const char* mode, const StepResult& r) {
            const auto& f = r.bots.fair;
            std::printf("| %zu | %zu | %s | %zu | %.2f / %.2f | %.2f | %.0f %% | %.0f | %.0f / %.0f | %llu | %llu | %llu | "
                        "%.1f / %.1f | %llu | %.0f %%%s | %s / %s |\n",
                        n, opt.fairBooths, mode, r.bots.connected, r.tickP50Ms, r.tickP99Ms, r.tickCpuP99Ms,
                        r.relayCpu * 100.0, r.bots.downBytesPerSecondPerClient, r.bots.latencyP50Ms,
                        r.bots.latencyP99Ms, static_cast<unsigned long long>(f.queued),
                        static_cast<unsigned long long>(f.called), static_cast<unsigned long long>(f.talkChatSent),
                        f.medianWaitSeconds, f.p95WaitSeconds, static_cast<unsigned long long>(f.refused),
                        r.bots.botCpuCores * 100.0, r.bots.botsSaturated() ? " SATURATED" : "", r.loadBefore.c_str(),
                        r.loadAfter.c_str());
            std::fflush(stdout);
        };
        const StepResult idle = runStep(n, false, true, opt.seconds, at, {},
                                        {opt.fairBooths, false});
        row("booths, no queueing", idle);
        const StepResult busy = runStep(n, false, true, opt.seconds, at, {},
                                        {opt.fairBooths, true});
        row("fair: queues and talks", busy);
        std::printf("| | | fair / no queueing | | %.2f x p99 | %.2f x | | %.3f x | | | | | | | | |\n",
                    busy.tickP99Ms / std::max(idle.tickP99Ms, 0.001),
                    busy.tickCpuP99Ms / std::max(idle.tickCpuP99Ms, 0.001),
                    busy.bots.downBytesPerSecondPerClient / std::max(idle.bots.downBytesPerSecondPerClient, 1.0));
        refusedLines.push_back({n, busy.bots.fair.refusedWhy});
    }
    // Why the relay refused the bots, per step (the relay's words, booth names and numbers left out).
    for (const auto& [n, why] : refusedLines) {
        std::printf("\nrefused with %zu bots:", n);
        if (why.empty()) std::printf(" none");
        for (const auto& [reason, count] : why) std::printf(" %s x %zu;", reason.c_str(), count);
    }
    if (!refusedLines.empty()) std::printf("\n");
    std::printf("\nbots: the first --fair-booths bots are exhibitors (one per booth); every 5th other bot queues at "
                "a random open booth, says one line in its private talk, and queues again 2-5 s after the talk; "
                "exhibitors end talks after 4 s and hold at most 4 at once. Both rows have the same booths and "
                "exhibitors; the first has no queueing or talks.\n");
}

}  // namespace

void addBenchRelayCommand(CLI::App& bench) {
    auto* cmd = bench.add_subcommand("relay", "Relay on one core, bots on another: 100-1000 visitors, interest vs naive");
    struct Options {
        std::vector<std::size_t> steps{100, 250, 500, 1000};
        double seconds = 5.0;
        bool skipNaive = false;
        bool priority = false;
        bool rtBots = false;
        std::string shed = "on";
        std::string poses = "aligned";
        int cpuHog = 0;
        std::size_t shedReceiveKb = 0;
        std::uint32_t admitAgeMs = 0;
        std::size_t voice = 0;
        std::uint32_t voiceStreams = 6;
        bool fair = false;
        std::size_t fairBooths = 40;
    };
    auto opt = std::make_shared<Options>();
    cmd->add_option("--steps", opt->steps, "Visitor counts")->delimiter(',');
    cmd->add_option("--seconds", opt->seconds, "Measured seconds per run")->check(CLI::PositiveNumber);
    cmd->add_flag("--skip-naive", opt->skipNaive, "Do not run the naive all-to-all baseline");
    cmd->add_option("--voice", opt->voice,
                    "K bots talk; each step then compares --voice-streams selection with forwarding every "
                    "speaker to everyone (instead of interest vs naive)")
        ->check(CLI::Range(0, 16000));
    cmd->add_option("--voice-streams", opt->voiceStreams, "Voices per listener in the voice runs")
        ->check(CLI::Range(1, 64));
    cmd->add_flag("--fair", opt->fair,
                  "Career fair: each step runs --fair-booths booths with one exhibitor bot each and every 5th "
                  "other bot queuing and talking, against the same booths without queueing");
    cmd->add_option("--fair-booths", opt->fairBooths, "Booths (and exhibitor bots) with --fair")->check(CLI::Range(1, 500));
    cmd->add_flag("--priority", opt->priority,
                  "Relay thread SCHED_FIFO, bot thread nice -10: other processes on a shared machine "
                  "cannot preempt the relay, and rarely the bots");
    cmd->add_flag("--rt-bots", opt->rtBots,
                  "Bot thread SCHED_FIFO (priority 5, below the relay's 10): for a machine so loaded that the bots "
                  "cannot keep their pose rate at nice -10 (the table's up B/s per client shows it)");
    cmd->add_option("--shed", opt->shed,
                    "Overload shedding of the interest relay: on (the relay's default), off, or both "
                    "(each step run with and without it)")
        ->check(CLI::IsMember({"on", "off", "both"}));
    cmd->add_option("--poses", opt->poses,
                    "When the bots send their poses: aligned (aimed at the relay's tick by the wait it reports, "
                    "as every Client does), free (a free-running cadence), or both (each step run with each)")
        ->check(CLI::IsMember({"aligned", "free", "both"}));
    cmd->add_option("--cpu-hog", opt->cpuHog,
                    "A thread beside the relay, on its core, busy this % of every millisecond "
                    "(real-time above the relay with --priority): the relay gets the rest")
        ->check(CLI::Range(0, 95));
    cmd->add_option("--shed-receive-kb", opt->shedReceiveKb,
                    "The relay's socket receive buffer while shedding, in kB (default: the relay's)")
        ->check(CLI::Range(16, 65536));
    cmd->add_option("--admit-age-ms", opt->admitAgeMs,
                    "At shed level 4, admit new visitors only while the p99 age of the poses the relay sent over "
                    "the last second is below this (default: the relay's)")
        ->check(CLI::Range(1, 1000));
    cmd->callback([opt] {
        const unsigned cores = std::thread::hardware_concurrency();
        const BenchThreads at{cores >= 2 ? 0 : -1, cores >= 2 ? 1 : -1, opt->priority, opt->rtBots, opt->cpuHog,
                                opt->shedReceiveKb, opt->admitAgeMs};
        std::printf("relay on CPU %d%s, bots (one thread, 100 per ENet host) on CPU %d%s; 30 Hz; %.0f s measured per run",
                    at.relayCpu, opt->priority ? " (SCHED_FIFO)" : "", at.botCpu,
                    opt->rtBots ? " (SCHED_FIFO)" : opt->priority ? " (nice -10)" : "", opt->seconds);
        if (opt->voice > 0) return benchVoice(*opt, at);
        if (opt->fair) {
            std::printf("\n\n");
            return benchFair(*opt, at);
        }
        if (opt->cpuHog > 0) std::printf("; a CPU hog takes %d %% of the relay's core", opt->cpuHog);
        std::printf("\n\n");
        std::printf("| visitors | mode | shed level max / end | instances | joined (s; joins retried) | tick p50 / p99 ms | "
                    "tick CPU p50 / p99 ms | of which flush p50 ms | relay CPU | pose latency p50 / p99 ms | "
                    "nearest (<= 2 m) p50 / p99 ms | of which at the relay: all / nearest p50 / p99 ms | "
                    "snapshot to bot p50 / p99 ms | into relay p50 / p99 ms | superseded/s | drains cut | down B/s per client | up B/s per client | snapshots/s | "
                    "avatar updates/s | bot CPU | relay sends per client | down vs naive | load before/after |\n");
        std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        std::vector<bool> shedModes;
        if (opt->shed != "on") shedModes.push_back(false);
        if (opt->shed != "off") shedModes.push_back(true);
        std::vector<bool> freeModes;
        // The baseline first: a step's first run pays the process's warm-up.
        if (opt->poses != "aligned") freeModes.push_back(true);
        if (opt->poses != "free") freeModes.push_back(false);
        for (const std::size_t n : opt->steps) {
            struct Run {
                bool shed = false, freePoses = false;
                StepResult r;
            };
            std::vector<Run> interest;
            for (const bool shed : shedModes)
                for (const bool freePoses : freeModes) {
                    BenchThreads with = at;
                    with.freePoses = freePoses;
                    interest.push_back({shed, freePoses, runStep(n, false, shed, opt->seconds, with)});
                }
            std::optional<StepResult> naive;
            if (!opt->skipNaive)
                naive = runStep(n, true, false, opt->seconds, at);
            const auto row = [&](const char* mode, const StepResult& r, const std::string& ratio) {
                std::printf("| %zu | %s | %d / %d | %llu | %zu (%.1f; %zu retried) | %.2f / %.2f | %.2f / %.2f | %.2f | %.0f %% | "
                            "%.0f / %.0f | %.0f / %.0f | %.0f / %.0f ; %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %.0f | %llu | %.0f | %.0f | %.1f | %.0f | %.0f %%%s | "
                            "%.0f B/s | %s | %s / %s |\n",
                            n, mode, r.shedMax, r.shedFinal, static_cast<unsigned long long>(r.instances),
                            r.bots.connected, r.bots.joinSeconds, r.bots.joinRetries, r.tickP50Ms, r.tickP99Ms, r.tickCpuP50Ms,
                            r.tickCpuP99Ms, r.flushP50Ms, r.relayCpu * 100.0, r.bots.latencyP50Ms, r.bots.latencyP99Ms,
                            r.bots.latencyNearP50Ms, r.bots.latencyNearP99Ms, r.bots.atRelayP50Ms, r.bots.atRelayP99Ms,
                            r.bots.nearAtRelayP50Ms, r.bots.nearAtRelayP99Ms, r.bots.snapshotLagP50Ms,
                            r.bots.snapshotLagP99Ms, r.inboundP50Ms, r.inboundP99Ms,
                            r.supersededPerSecond, static_cast<unsigned long long>(r.drainsCut),
                            r.bots.downBytesPerSecondPerClient,
                            r.bots.upBytesPerSecondPerClient, r.bots.snapshotsPerSecondPerClient,
                            r.bots.avatarUpdatesPerSecondPerClient, r.bots.botCpuCores * 100.0,
                            r.bots.botsSaturated() ? " SATURATED" : "", r.relayDownPerClient, ratio.c_str(),
                            r.loadBefore.c_str(), r.loadAfter.c_str());
                std::fflush(stdout);
            };
            for (const auto& [shed, freePoses, r] : interest) {
                std::string ratio = "-";
                if (naive && naive->relayDownPerClient > 0) {
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "%.3f x (%.1f x less)", r.relayDownPerClient / naive->relayDownPerClient,
                                  naive->relayDownPerClient / std::max(r.relayDownPerClient, 1.0));
                    ratio = buf;
                }
                std::string mode = shed ? "interest, shed on" : "interest, shed off";
                if (freeModes.size() > 1 || freePoses) mode += freePoses ? ", free poses" : ", aligned poses";
                row(mode.c_str(), r, ratio);
                const auto& b = r.bots;
                std::fprintf(stderr,
                             "  (%zu, %s: pose latency p50 / p99 ms (samples) by distance: <= 2 m %.0f / %.0f (%llu), "
                             "2-8 m %.0f / %.0f (%llu), > 8 m %.0f / %.0f (%llu); first receipt of an avatar %.0f / %.0f "
                             "(%llu); over 1 s: %llu of %llu; stale avatar-ticks withheld %llu; relay socket drops %llu, "
                             "send losses %llu)\n",
                             n, mode.c_str(), b.latencyNearP50Ms, b.latencyNearP99Ms,
                             static_cast<unsigned long long>(b.latencyNearSamples), b.latencyMid.p50Ms,
                             b.latencyMid.p99Ms, static_cast<unsigned long long>(b.latencyMid.samples),
                             b.latencyFar.p50Ms, b.latencyFar.p99Ms, static_cast<unsigned long long>(b.latencyFar.samples),
                             b.latencyFirstSight.p50Ms, b.latencyFirstSight.p99Ms,
                             static_cast<unsigned long long>(b.latencyFirstSight.samples),
                             static_cast<unsigned long long>(b.latencyOverSecond),
                             static_cast<unsigned long long>(b.latencySamples),
                             static_cast<unsigned long long>(r.staleWithheld),
                             static_cast<unsigned long long>(r.socketDrops),
                             static_cast<unsigned long long>(r.sendLost));
                std::fprintf(stderr,
                             "  (%zu, %s: relay load p50 / p99 %.2f / %.2f of the tick period; relayed pose age p99 "
                             "(the relay's own, last second; median) %.0f ms; %zu sessions in the measured window; "
                             "joins refused at capacity %llu; the bots' poses waited for the tick p50 / p99 %.1f / %.1f ms)\n",
                             n, mode.c_str(), r.loadP50, r.loadP99, r.relayedAgeMs, r.sessions,
                             static_cast<unsigned long long>(r.refusedAtCapacity), r.bots.poseWaitP50Ms,
                             r.bots.poseWaitP99Ms);
                if (!r.relayDropped.empty())
                    std::fprintf(stderr, "  (%zu, %s: relay dropped %s)\n", n, mode.c_str(),
                                 r.relayDropped.c_str());
                if (r.bots.failed != 0 || r.bots.joinRetries != 0)
                    std::fprintf(stderr, "  (%zu, %s: bots %s)\n", n, mode.c_str(),
                                 r.bots.summary().c_str());
            }
            if (naive) row("naive", *naive, "1 x");
            // The same step's aligned run against its free-cadence baseline.
            for (const Run& a : interest) {
                if (a.freePoses) continue;
                for (const Run& f : interest) {
                    if (!f.freePoses || f.shed != a.shed) continue;
                    std::printf("| %zu | %s: aligned / free poses | | | | | | | | %.2f x p99 | %.2f x p99 | %.2f x p99 (at the relay) "
                                "| | | | | | | | | | | | |\n",
                                n, a.shed ? "shed on" : "shed off",
                                a.r.bots.latencyP99Ms / std::max(f.r.bots.latencyP99Ms, 0.001),
                                a.r.bots.latencyNearP99Ms / std::max(f.r.bots.latencyNearP99Ms, 0.001),
                                a.r.bots.atRelayP99Ms / std::max(f.r.bots.atRelayP99Ms, 0.001));
                }
            }
        }
        std::printf("\nbot CPU: CPU time of the bot thread per wall second during the measured window; "
                    "SATURATED (> 90 %%) means the bots, not the relay, limit the latency column.\n"
                    "relay sends per client: Places bytes the relay sent per client per second at 30 Hz "
                    "(per tick actually run; for a naive relay that overruns its ticks, what all-to-all needs).\n"
                    "pose latency: a pose's send time to its first arrival at another bot (repeats not counted); "
                    "nearest: only avatars within 2 m of the receiver. of which at the relay: the pose's age when the tick "
                    "that took it began (the snapshot's serverTimeMs: on the way in, and waiting for the tick); snapshot to "
                    "bot: from then to the bot handling it (the tick's writing and flush, loopback delivery, the bots' own "
                    "socket queue). aligned poses: each bot aims its poses at the relay's tick by the wait the relay "
                    "reports (Snapshot::poseWait, as every Client does); free poses: a free-running cadence (the baseline). into relay: how long a pose waited before the relay "
                    "handled it (above its sender's fastest); superseded: poses replaced by a newer one of the same "
                    "sender before a tick, never forwarded; drains cut: transport drains stopped at their time budget. "
                    "shed level: 0 normal .. 4 joins refused "
                    "(docs/formats/protocol.md, \"Overload\").\n");
    });
}

}  // namespace places::cli
