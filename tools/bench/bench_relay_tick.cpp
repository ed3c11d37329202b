// The relay's tick alone, deterministic: N clients over MemoryTransport with a
// FakeClock (no ENet, no sockets, no threads), walking like the load bots. Each
// simulated tick every client sends one PoseUpdate (with its acks), the relay
// handles them (pump) and ticks; clients decode their snapshots (not measured).
// Prints the relay's thread CPU time per tick and per client, and what the
// clients received. The first --viewers clients decode as a front end does
// (interpolation on, a Presence list built every tick): the time of each
// snapshot's handling is printed against the bare decodeMessage of the same
// bytes (baseline, same run), and the Presence update per frame (thread CPU time). Run under callgrind for repeatable instruction counts:
//   valgrind --tool=callgrind --instr-atstart=no build/tools/bench/places_bench_relay_tick --clients 1000
// (only relay pump + tick are instrumented: see CALLGRIND_START_INSTRUMENTATION below).
// With --voice K the first K clients also talk (one 80-byte Opus-sized frame
// per 20 ms, equally loud): the run is made twice in the same process, the
// relay forwarding each listener its top --voice-streams speakers, then every
// speaker to everyone who sees it (no byte budget), and the relay's CPU per
// tick (pump, which forwards voice, plus tick, which ranks) is compared,
// with a third run where nobody talks.
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
#include "places/net/presence.hpp"
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
    std::size_t viewers = 10;
    std::size_t voice = 0;           // talking clients
    std::uint32_t voiceStreams = 6;  // per listener
};

// What one run gives the comparison of the voice modes.
struct RunSummary {
    double relayP50Us = 0, relayP99Us = 0;  // pump + tick, thread CPU
    double voiceDownKbps = 0;               // per listener
    double voiceCopiesPerTick = 0;
};

// Thread CPU time, as the relay's: a preempted call does not count the other process's time.
double microsSince(std::uint64_t cpuNanos0) { return static_cast<double>(threadCpuNanos() - cpuNanos0) / 1000.0; }

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
        else if (a == "--viewers") o.viewers = std::strtoul(next(), nullptr, 10);
        else if (a == "--naive") o.naive = true;
        else if (a == "--voice") o.voice = std::strtoul(next(), nullptr, 10);
        else if (a == "--voice-streams") o.voiceStreams = static_cast<std::uint32_t>(std::strtoul(next(), nullptr, 10));
        else {
            std::fprintf(stderr,
                         "usage: places_bench_relay_tick [--clients N] [--warmup T] [--ticks T] [--rank-per-tick R] "
                         "[--viewers V] [--naive] [--voice K] [--voice-streams N]\n");
            std::exit(2);
        }
    }
    return o;
}

}  // namespace

int run(const Options& opt, bool voiceToAll, RunSummary& summary) {
    RelayConfig config;
    config.open = true;
    config.naiveForwarding = opt.naive;
    config.voice.streams = opt.voiceStreams;
    config.voice.forwardAll = voiceToAll;
    if (voiceToAll) config.voice.listenerBytesPerSecond = config.voice.listenerBurstBytes = 1e12;
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
        cc.interpolate = i < opt.viewers;  // the others as the load bots: they only resolve entries
        clients[i].client = std::make_unique<Client>(cc, *clients[i].net, clock);
        clients[i].walker = std::make_unique<BotWalker>(rng, 40.0f, static_cast<float>(i));
        clients[i].client->start(clients[i].net->connect(relayNet));
    }
    std::vector<Presence> views(std::min(opt.viewers, clients.size()));
    std::vector<double> viewerSnapshotUs, bareDecodeUs, presenceUs, entries;
    bool measuring = false;
    const auto deliver = [&] {
        TransportEvent e;
        for (std::size_t i = 0; i < clients.size(); ++i) {
            auto& c = clients[i];
            while (c.net->poll(e)) {
                if (i >= views.size() || !measuring || e.channel != Channel::Unreliable) {
                    c.client->handle(e);
                    continue;
                }
                auto t0 = threadCpuNanos();
                const auto bare = decodeMessage(e.data);
                bareDecodeUs.push_back(microsSince(t0));
                if (bare) entries.push_back(static_cast<double>(std::get<Snapshot>(*bare.value).entries.size()));
                t0 = threadCpuNanos();
                c.client->handle(e);
                viewerSnapshotUs.push_back(microsSince(t0));
            }
        }
        for (std::size_t i = 0; i < views.size(); ++i) {
            const auto t0 = threadCpuNanos();
            views[i].update(*clients[i].client, clock.nowMicros());
            if (measuring) presenceUs.push_back(microsSince(t0));
        }
    };
    relay.pump();
    deliver();

    constexpr std::uint64_t kTickMicros = 1'000'000 / 30;
    std::vector<double> tickUs, pumpUs, relayUs;
    std::uint64_t bytes0 = 0, snaps0 = 0, voiceIn0 = 0;
    std::uint64_t nextVoiceMicros = clock.nowMicros();
    std::uint16_t voiceSeq = 0;
    const std::vector<std::byte> opus(80, std::byte{0x5a});  // 32 kbit/s worth; the relay never decodes it
    for (int t = 0; t < opt.warmup + opt.ticks; ++t) {
        clock.advanceMicros(kTickMicros);
        const double seconds = static_cast<double>(clock.nowMicros()) * 1e-6;
        for (auto& c : clients) {
            c.walker->walk(static_cast<float>(kTickMicros) * 1e-6f, rng);
            c.client->setPose(c.walker->pose(seconds));
            c.client->update();
        }
        // Talkers: every 20 ms frame due by now (1-2 per 33 ms tick).
        for (; nextVoiceMicros + 20'000 <= clock.nowMicros(); nextVoiceMicros += 20'000, ++voiceSeq)
            for (std::size_t i = 0; i < std::min(opt.voice, clients.size()); ++i)
                clients[i].client->sendVoice(voiceSeq, nextVoiceMicros, 100, opus);
        const bool measured = t >= opt.warmup;
        measuring = measured;
        if (t == opt.warmup)
            for (auto& c : clients) {
                bytes0 += c.client->stats().bytesIn;
                snaps0 += c.client->stats().snapshots;
                voiceIn0 += c.client->stats().voiceFramesIn;
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
            relayUs.push_back(static_cast<double>(p2 - p0) / 1000.0);
        }
        deliver();
    }
    std::uint64_t bytes = 0, snaps = 0, unresolved = 0, malformed = 0, voiceIn = 0;
    std::size_t joined = 0;
    for (auto& c : clients) {
        voiceIn += c.client->stats().voiceFramesIn;
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
    summary.relayP50Us = percentile(relayUs, 0.5);
    summary.relayP99Us = percentile(relayUs, 0.99);
    if (opt.voice > 0) {
        voiceIn -= voiceIn0;
        // VoiceFrom: type, speaker u16, seq u16, capture u32, loudness u8, length u8, payload.
        const double frameBytes = 11.0 + static_cast<double>(opus.size());
        summary.voiceCopiesPerTick = static_cast<double>(voiceIn) / ticks;
        summary.voiceDownKbps = static_cast<double>(voiceIn) * frameBytes * 8.0 / 1000.0 / n / (ticks / 30.0);
        std::printf("  voice: %zu talkers, %s: relay CPU (pump + tick) p50 %.0f us, p99 %.0f us; %.0f voice copies "
                    "per tick, %.1f kbit/s voice down per listener (payload + VoiceFrom header)\n",
                    std::min(opt.voice, clients.size()),
                    voiceToAll ? "every talker to everyone" : ("top " + std::to_string(opt.voiceStreams)).c_str(),
                    summary.relayP50Us, summary.relayP99Us, summary.voiceCopiesPerTick, summary.voiceDownKbps);
    }
    std::printf("  tick CPU:  p50 %.0f us, p99 %.0f us  (%.2f us per client per tick)\n", tickP50, tickP99, tickP50 / n);
    std::printf("  pump CPU:  p50 %.0f us per tick for %zu PoseUpdates (%.2f us per pose)\n", pumpP50, opt.clients,
                pumpP50 / n);
    std::printf("  relay CPU at 30 Hz: %.1f %% of one core (tick + pump, p50)\n", (tickP50 + pumpP50) * 30.0 / 1e4);
    std::printf("  downstream payload: %.0f B/s per client, %.2f snapshots per client per tick\n",
                static_cast<double>(bytes) / n / (ticks / 30.0), static_cast<double>(snaps) / n / ticks);
    if (!viewerSnapshotUs.empty()) {
        std::vector<double> emptyUs;  // what the timer itself adds to each of the timings below
        for (int i = 0; i < 1000; ++i) {
            const auto t0 = threadCpuNanos();
            emptyUs.push_back(microsSince(t0));
        }
        std::printf("  timer overhead (thread CPU clock, included below): %.2f us p50\n", percentile(emptyUs, 0.5));
        const double handle = percentile(viewerSnapshotUs, 0.5), bare = percentile(bareDecodeUs, 0.5);
        std::printf("  viewer client (%zu, interpolating): %.2f us per snapshot p50 (p99 %.2f), %.1f entries per "
                    "snapshot; bare decodeMessage %.2f us p50 (handle / decode %.2f x)\n",
                    views.size(), handle, percentile(viewerSnapshotUs, 0.99), percentile(entries, 0.5), bare,
                    bare > 0 ? handle / bare : 0.0);
        std::printf("  presence list per frame: %.1f us p50 (p99 %.1f) for %zu participants, %zu avatars listed\n",
                    percentile(presenceUs, 0.5), percentile(presenceUs, 0.99), views[0].participantCount(),
                    views[0].avatarCount());
    }
    std::printf("  clients: %llu unresolved entries, %llu malformed messages (both must be 0)\n",
                static_cast<unsigned long long>(unresolved), static_cast<unsigned long long>(malformed));
    return unresolved == 0 && malformed == 0 && joined == opt.clients ? 0 : 1;
}

int main(int argc, char** argv) {
    const Options opt = parse(argc, argv);
    RunSummary selected, all, silent;
    int code = run(opt, false, selected);
    if (opt.voice == 0) return code;
    code |= run(opt, true, all);
    Options quiet = opt;
    quiet.voice = 0;
    code |= run(quiet, false, silent);
    std::printf("voice, same process: relay CPU (pump + tick) per tick p50 %.0f / %.0f / %.0f us, p99 %.0f / %.0f / "
                "%.0f us (top %u / every talker to everyone / nobody talking; everyone vs top %u: %.2f x at p50, "
                "%.2f x at p99), voice down per listener %.1f / %.1f kbit/s\n",
                selected.relayP50Us, all.relayP50Us, silent.relayP50Us, selected.relayP99Us, all.relayP99Us,
                silent.relayP99Us, opt.voiceStreams, opt.voiceStreams,
                selected.relayP50Us > 0 ? all.relayP50Us / selected.relayP50Us : 0.0,
                selected.relayP99Us > 0 ? all.relayP99Us / selected.relayP99Us : 0.0, selected.voiceDownKbps,
                all.voiceDownKbps);
    return code;
}
