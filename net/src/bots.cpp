#include "places/net/bots.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>

#include "places/net/bot_motion.hpp"
#include "places/net/client.hpp"
#include "places/net/enet_transport.hpp"

namespace places::net {
namespace {

// Latency histogram in whole milliseconds (poseTimeMs wraps at 65.536 s).
using Histogram = std::array<std::uint64_t, 65536>;

struct Bot {
    std::unique_ptr<Client> client;
    std::unique_ptr<BotWalker> walker;
    double nextChatS = 0.0;
    double firstPoseS = -1.0;  // real clients send at independent phases, not in lockstep
};

struct ThreadResult {
    std::size_t connected = 0;
    std::size_t failed = 0;
    std::uint64_t downBytes = 0, upBytes = 0, downPayload = 0;
    std::uint64_t snapshots = 0, updates = 0, chat = 0, dropped = 0;
    std::unique_ptr<Histogram> latency = std::make_unique<Histogram>();
};

void pin(int cpu) {
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

void runThread(const BotConfig& cfg, std::size_t count, std::uint32_t seed, const std::atomic<bool>* stop,
               std::atomic<std::size_t>& joinedTotal, std::size_t expected, ThreadResult& out) {
    pin(cfg.cpu);
    auto host = ENetTransport::client(count);
    if (!host) {
        out.failed = count;
        return;
    }
    ENetTransport& net = **host;
    SteadyClock clock;
    std::mt19937 rng(seed);
    std::vector<Bot> bots(count);
    std::unordered_map<PeerId, Bot*> byPeer;
    bool measuring = false;
    for (std::size_t i = 0; i < count; ++i) {
        ClientConfig cc;
        cc.ticket = cfg.ticket;
        cc.venue = cfg.venue;
        cc.name = "bot" + std::to_string(seed) + "-" + std::to_string(i);
        cc.poseRateHz = cfg.poseRateHz;
        Bot& b = bots[i];
        b.client = std::make_unique<Client>(cc, net, clock);
        b.walker = std::make_unique<BotWalker>(rng, cfg.areaMetres, static_cast<float>(i));
        b.nextChatS = 1.0 + 8.0 * std::uniform_real_distribution<double>(0, 1)(rng);
        b.client->onAvatarUpdate = [&out, &clock, &measuring](const SnapshotReceiver::Update& u) {
            if (!measuring) return;
            const auto nowMs = static_cast<std::uint16_t>(clock.nowMicros() / 1000);
            ++(*out.latency)[static_cast<std::uint16_t>(nowMs - u.poseTimeMs)];
            ++out.updates;
        };
        const PeerId peer = net.connect(cfg.host, cfg.port);
        if (peer != kNoPeer) byPeer[peer] = &b;
    }
    const double t0 = static_cast<double>(clock.nowMicros()) * 1e-6;
    const auto seconds = [&] { return static_cast<double>(clock.nowMicros()) * 1e-6 - t0; };
    std::size_t joined = 0;
    double measureStart = 0, measureEnd = 1e300;
    std::uint64_t down0 = 0, up0 = 0;
    std::vector<std::uint64_t> payload0(count), snaps0(count);
    TransportEvent event;
    std::uniform_real_distribution<double> unit(0, 1);
    double lastT = 0.0;
    while (!(stop && stop->load()) && seconds() < measureEnd) {
        while (net.poll(event, 1)) {
            auto it = byPeer.find(event.peer);
            if (it == byPeer.end()) continue;
            Client& c = *it->second->client;
            if (event.kind == TransportEventKind::Connected) c.start(event.peer);
            const bool wasJoined = c.state() == ClientState::Joined;
            c.handle(event);
            if (!wasJoined && c.state() == ClientState::Joined) {
                ++joined;
                ++joinedTotal;
            }
        }
        const double t = seconds();
        const auto dt = static_cast<float>(t - lastT);
        lastT = t;
        if (!measuring && (joinedTotal.load() >= expected || t > cfg.connectTimeoutSeconds)) {
            // Everyone is in (or gave up): settle for a second, then measure.
            if (measureStart == 0) measureStart = t + 1.0;
            if (t >= measureStart) {
                measuring = true;
                measureEnd = t + cfg.durationSeconds;
                down0 = net.totalReceivedBytes();
                up0 = net.totalSentBytes();
                for (std::size_t i = 0; i < count; ++i) {
                    payload0[i] = bots[i].client->stats().bytesIn;
                    snaps0[i] = bots[i].client->stats().snapshots;
                }
            }
        }
        for (Bot& b : bots) {
            if (b.client->state() != ClientState::Joined) continue;
            if (b.firstPoseS < 0) b.firstPoseS = t + unit(rng) / static_cast<double>(cfg.poseRateHz);
            if (t < b.firstPoseS) continue;
            b.walker->walk(dt, rng);
            b.client->setPose(b.walker->pose(t));
            b.client->update();
            if (cfg.chat && measuring && t >= measureStart + b.nextChatS) {
                b.client->sendChat("hello from a bot");
                b.nextChatS = t - measureStart + 8.0 + 4.0 * unit(rng);
            }
        }
        net.flush();
    }
    out.connected = joined;
    out.failed = count - joined;
    out.downBytes = net.totalReceivedBytes() - down0;
    out.upBytes = net.totalSentBytes() - up0;
    for (std::size_t i = 0; i < count; ++i) {
        Client& c = *bots[i].client;
        out.downPayload += c.stats().bytesIn - payload0[i];
        out.snapshots += c.stats().snapshots - snaps0[i];
        out.chat += c.chat().size();
        out.dropped += c.stats().malformed + c.stats().unresolvedEntries;
        if (c.state() == ClientState::Joined) c.leave();
    }
    // Let the Byes and disconnects go out before the host is destroyed.
    const double until = seconds() + 0.3;
    while (seconds() < until && net.poll(event, 5)) {
    }
}

double percentileMs(const Histogram& h, std::uint64_t total, double q) {
    if (total == 0) return 0.0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
    std::uint64_t seen = 0;
    for (std::size_t ms = 0; ms < h.size(); ++ms) {
        seen += h[ms];
        if (seen >= std::max<std::uint64_t>(rank, 1)) return static_cast<double>(ms);
    }
    return static_cast<double>(h.size() - 1);
}

}  // namespace

BotReport runBots(const BotConfig& cfg, const std::atomic<bool>* stop) {
    const std::size_t perThread = std::max<std::size_t>(cfg.botsPerThread, 1);
    const std::size_t threads = (cfg.count + perThread - 1) / perThread;
    std::vector<ThreadResult> results(threads);
    std::vector<std::thread> workers;
    std::atomic<std::size_t> joined{0};
    for (std::size_t t = 0; t < threads; ++t) {
        const std::size_t n = std::min(perThread, cfg.count - t * perThread);
        workers.emplace_back([&, t, n] {
            runThread(cfg, n, static_cast<std::uint32_t>(t + 1), stop, joined, cfg.count, results[t]);
        });
    }
    for (auto& w : workers) w.join();
    BotReport r;
    Histogram total{};
    for (const auto& tr : results) {
        r.connected += tr.connected;
        r.failed += tr.failed;
        for (std::size_t i = 0; i < total.size(); ++i) total[i] += (*tr.latency)[i];
        r.latencySamples += tr.updates;
        r.chatReceived += tr.chat;
        r.dropped += tr.dropped;
    }
    r.seconds = cfg.durationSeconds;
    const double clientSeconds = std::max(1.0, static_cast<double>(r.connected)) * cfg.durationSeconds;
    for (const auto& tr : results) {
        r.downBytesPerSecondPerClient += static_cast<double>(tr.downBytes) / clientSeconds;
        r.upBytesPerSecondPerClient += static_cast<double>(tr.upBytes) / clientSeconds;
        r.downPayloadBytesPerSecondPerClient += static_cast<double>(tr.downPayload) / clientSeconds;
        r.snapshotsPerSecondPerClient += static_cast<double>(tr.snapshots) / clientSeconds;
        r.avatarUpdatesPerSecondPerClient += static_cast<double>(tr.updates) / clientSeconds;
    }
    r.latencyP50Ms = percentileMs(total, r.latencySamples, 0.50);
    r.latencyP95Ms = percentileMs(total, r.latencySamples, 0.95);
    r.latencyP99Ms = percentileMs(total, r.latencySamples, 0.99);
    return r;
}

std::string BotReport::toJson() const {
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "{\"connected\": %zu, \"failed\": %zu, \"seconds\": %.1f,\n"
                  " \"pose_latency_ms\": {\"p50\": %.0f, \"p95\": %.0f, \"p99\": %.0f, \"samples\": %llu},\n"
                  " \"downstream_bytes_per_s_per_client\": %.0f, \"downstream_payload_bytes_per_s_per_client\": %.0f,\n"
                  " \"upstream_bytes_per_s_per_client\": %.0f,\n"
                  " \"snapshots_per_s_per_client\": %.1f, \"avatar_updates_per_s_per_client\": %.1f,\n"
                  " \"chat_received\": %llu, \"dropped\": %llu}",
                  connected, failed, seconds, latencyP50Ms, latencyP95Ms, latencyP99Ms,
                  static_cast<unsigned long long>(latencySamples), downBytesPerSecondPerClient,
                  downPayloadBytesPerSecondPerClient, upBytesPerSecondPerClient, snapshotsPerSecondPerClient,
                  avatarUpdatesPerSecondPerClient, static_cast<unsigned long long>(chatReceived),
                  static_cast<unsigned long long>(dropped));
    return buf;
}

}  // namespace places::net
