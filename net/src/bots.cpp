#include "places/net/bots.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "places/net/booth_walk.hpp"
#include "places/net/client.hpp"
#include "places/net/crowd.hpp"
#include "places/net/enet_transport.hpp"
#include "places/net/speech_synth.hpp"
#include "opus_frame_encoder.hpp"

namespace places::net {
namespace {

// Given names common in the Ruhr area, Latin-1 only (the name-tag font's range).
constexpr const char* kGivenNames[] = {
    "Lena", "Mehmet", "Anna", "Jonas", "Özlem", "Lukas", "Marie", "Ahmet", "Sophie", "Jörg",
    "Emma", "Paul", "Elif", "Felix", "Mia", "Yusuf", "Hannah", "Tim", "Leonie", "Ali",
    "Clara", "Niklas", "Zeynep", "Jan", "Laura", "Can", "Sarah", "Tobias", "Merve", "Max",
    "Jürgen", "Ida", "Kemal", "Greta", "Ben", "Selin", "Noah", "Frieda", "Emre", "Jana"};

std::string givenName(std::size_t index) {
    constexpr std::size_t n = std::size(kGivenNames);
    std::string name = kGivenNames[index % n];
    if (index >= n) {
        name += ' ';
        name += std::to_string(index / n + 1);
    }
    return name;
}


// Latency histogram in whole milliseconds (poseTimeMs wraps at 65.536 s).
using Histogram = std::array<std::uint64_t, 65536>;

// Where BotReport::latencyMid ends and latencyFar begins: the relay's default
// near-tier radius (InterestParams::nearRadius).
constexpr float kMidMetres = 8.0f;

// A talking bot's mouth: speech, its encoder and the frame clock.
struct BotMouth {
    BotMouth(std::uint32_t seed, std::int32_t bitrate) : speech(seed), encoder(bitrate, 1) {}
    SpeechSynth speech;
    OpusFrameEncoder encoder;
    std::array<std::int16_t, kVoiceFrameSamples> pcm{};
    std::vector<std::byte> opus;
    std::uint16_t seq = 0;
    std::uint64_t nextFrameUs = 0;  // when the frame being captured is complete
};

// What one listening bot heard in the current 100 ms window.
struct BotEars {
    std::uint64_t windowStartUs = 0;
    std::vector<ParticipantId> speakers;
};

// A bot's part in the fair (BotConfig::fair); times in seconds of the thread's clock.
struct BotFair {
    bool exhibitor = false, queuer = false;
    std::string booth;            // where I queue / which booth I staff
    bool waiting = false;         // queued, not yet called
    double queuedAtS = 0, nextActionS = 0, awayUntilS = 0;
    std::map<std::uint16_t, double> talkStarts;  // exhibitor: my talks and when they began
    std::uint16_t chattedIn = 0;  // visitor: the talk I already spoke in
    BoothWalk walk;               // visitor: to the booth's zone (BotConfig::fairBoothZones)
    bool approaching = false;     // walking there, the queue not yet joined
    double walkStartS = 0;        // when that walk began
    glm::vec2 walkFrom{0.0f};     // and where
    bool arrivalCounted = false;  // BotFairReport::walksArrived has it
};

struct Bot {
    std::unique_ptr<Client> client;
    BotFair fair;
    std::unique_ptr<CrowdMember> walker;
    std::size_t host = 0;
    bool attempted = false;  // connect() was called
    bool reachable = false;  // the transport connected (the relay answered)
    // The join in progress (BotConfig::joinRetry): its connection, when it began,
    // whether the connection closed without a Welcome, and the retries so far.
    PeerId peer = kNoPeer;
    double attemptS = 0.0;
    bool closed = false;
    double retryAtS = -1.0;  // a retry is due then (< 0: none scheduled)
    std::uint32_t retries = 0;
    bool joined = false;
    bool watching = false;  // a role without an avatar: sends no poses
    double joinedS = 0.0;
    double nextChatS = 0.0;
    glm::vec3 head{0.0f};  // where this bot's head is (metres, venue frame), for "nearest"
    // Newest pose time received per avatar id (bit 16 set = any): the relay
    // sends a state again until its receipt is acknowledged, and a repeat is
    // not a new pose, so it is not a latency sample.
    std::vector<std::uint32_t> newestPose;
    std::uint64_t snapshotsSeen = 0;  // to take each snapshot's pose wait once
    std::unique_ptr<BotMouth> mouth;  // talking bots only
    BotEars ears;
};

struct ThreadResult {
    std::size_t connected = 0;
    std::size_t failed = 0;
    std::size_t joinRetries = 0;
    std::size_t watching = 0;
    std::map<std::string, std::uint64_t> chatTexts;
    std::uint64_t chatTextsOmitted = 0;
    std::map<std::string, std::size_t> failures, disconnects;
    double joinSeconds = 0;
    std::uint64_t downBytes = 0, upBytes = 0, downPayload = 0;
    std::uint64_t snapshots = 0, updates = 0, poses = 0, chat = 0, dropped = 0;
    double cpuSeconds = 0;
    double measuredSeconds = 0;  // less than the duration when stopped early
    std::unique_ptr<Histogram> latency = std::make_unique<Histogram>();
    std::unique_ptr<Histogram> latencyNear = std::make_unique<Histogram>();  // avatars within nearMetres
    // Split at the snapshot's serverTimeMs (BotReport::atRelay*, snapshotLag*).
    std::unique_ptr<Histogram> atRelay = std::make_unique<Histogram>(), nearAtRelay = std::make_unique<Histogram>(),
                               snapshotLag = std::make_unique<Histogram>();
    // The relay's Snapshot::poseWait for this bot's poses, tenths of a ms.
    std::unique_ptr<Histogram> poseWait = std::make_unique<Histogram>();
    std::uint64_t poseWaits = 0;
    std::uint64_t updatesNear = 0, repeats = 0, overSecond = 0;
    // BotReport::latencyMid, latencyFar, latencyFirstSight, in that order.
    std::array<std::unique_ptr<Histogram>, 3> split{std::make_unique<Histogram>(), std::make_unique<Histogram>(),
                                                     std::make_unique<Histogram>()};
    std::array<std::uint64_t, 3> splitSamples{};
    std::size_t speakers = 0, streamsMax = 0;
    std::uint64_t voiceSent = 0, voiceReceived = 0, voiceBytes = 0;
    std::unique_ptr<Histogram> mouthToEar = std::make_unique<Histogram>();
    BotFairReport fair;
    std::vector<double> waits;  // seconds, JoinQueue -> Called
};

struct Shared {
    std::atomic<std::size_t> joined{0};
    std::size_t expected = 0;
};

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Why a bot never joined; empty if it did.
std::string failureOf(const Bot& b) {
    if (b.joined) return {};
    const Client& c = *b.client;
    if (!b.attempted) return "not attempted (stopped first)";
    if (c.state() == ClientState::Refused && c.refusal())
        return "refused: " + std::string(toString(c.refusal()->reason));
    if (!b.reachable) return "unreachable: no answer from the relay";
    if (c.state() == ClientState::Disconnected)
        return c.disconnectNotice() ? "disconnected before welcome: " + std::string(toString(c.disconnectNotice()->reason))
                                    : "disconnected before welcome";
    return "timeout: connected but no welcome";
}

// Why a bot that joined is no longer joined; empty if it still is.
std::string disconnectOf(const Bot& b) {
    const Client& c = *b.client;
    if (!b.joined || c.state() == ClientState::Joined) return {};
    return c.disconnectNotice() ? std::string(toString(c.disconnectNotice()->reason)) : "connection lost";
}

// One step of a bot at the fair (BotConfig::fair): an exhibitor serves its booth,
// a queuing visitor queues, talks when called and queues again after the talk.
void actAtFair(const BotConfig& cfg, Bot& b, double now, std::mt19937& rng, BotFairReport& out) {
    BotFair& f = b.fair;
    Client& c = *b.client;
    const FairView& view = c.fair();
    std::uniform_real_distribution<double> unit(0, 1);
    if (f.exhibitor) {
        if (f.booth.empty()) {
            // The relay sends its queue (names) to a booth's staff only: that is my booth.
            if (view.exhibitorQueues.empty()) return;
            f.booth = view.exhibitorQueues.begin()->first;
        }
        if (now < f.nextActionS) return;
        f.nextActionS = now + 0.25;
        for (auto it = f.talkStarts.begin(); it != f.talkStarts.end();) {
            if (now - it->second < cfg.fairTalkSeconds) {
                ++it;
                continue;
            }
            c.endTalk(it->first);
            it = f.talkStarts.erase(it);  // TalkEnded counts it
            if (unit(rng) < cfg.fairAwayChance && f.awayUntilS == 0) {
                c.setAway(f.booth, true);
                f.awayUntilS = now + cfg.fairAwaySeconds;
                ++out.awaySpells;
            }
        }
        if (f.awayUntilS > 0) {
            if (now < f.awayUntilS) return;
            c.setAway(f.booth, false);
            f.awayUntilS = 0;
        }
        const auto queue = view.exhibitorQueues.find(f.booth);
        if (queue != view.exhibitorQueues.end() && !queue->second.empty() && f.talkStarts.size() < cfg.fairTalksAtOnce) {
            c.callNext(f.booth);
            f.nextActionS = now + 0.5;  // let TalkStarted arrive before calling again
            ++out.callsSent;
        }
        return;
    }
    if (!f.queuer) return;
    if (view.talk != 0) {
        if (f.chattedIn != view.talk) {
            c.talkChat("Hallo, ich interessiere mich für die Ausbildung", view.talk);
            f.chattedIn = view.talk;
            ++out.talkChatSent;
        }
        return;
    }
    if (f.waiting || now < f.nextActionS) return;
    if (f.approaching && f.walk.arrived() && !f.arrivalCounted) {
        // There: the pose just sent (b.head) was the first from the spot.
        // Counted before the booths are looked at, so a booth gone away in
        // the meantime does not lengthen the walk.
        BotBoothWalk walk{f.booth, f.walkFrom, b.head, now - f.walkStartS, false};
        if (const auto zone = cfg.fairBoothZones.find(f.booth); zone != cfg.fairBoothZones.end())
            walk.inZone = zone->second.contains(glm::dvec3(b.head));
        ++out.walksArrived;
        if (walk.inZone) ++out.arrivedInZone;
        out.arrivals.push_back(std::move(walk));
        f.arrivalCounted = true;
    }
    std::vector<const std::string*> open;
    for (const auto& [id, booth] : view.booths)
        if (booth.open && booth.staffed && !booth.away) open.push_back(&id);
    if (open.empty()) {
        f.nextActionS = now + 1.0;
        return;
    }
    if (!f.approaching) {
        f.booth = *open[static_cast<std::size_t>(unit(rng) * static_cast<double>(open.size())) % open.size()];
        const auto zone = cfg.fairBoothZones.find(f.booth);
        if (zone != cfg.fairBoothZones.end()) {
            // Walk there first; the queue is joined on arrival.
            const glm::vec2 from = f.walk.active() ? f.walk.position() : glm::vec2(b.head.x, b.head.z);
            f.walk.start(from, zone->second, rng, now);
            f.approaching = true;
            f.walkStartS = now;
            f.walkFrom = from;
            f.arrivalCounted = false;
            ++out.walks;
        }
    }
    if (f.approaching && !f.walk.arrived()) return;
    f.approaching = false;
    if (c.joinQueue(f.booth)) {
        f.waiting = true;
        f.queuedAtS = now;
        ++out.queued;
        // Where it stands when it joins (its next pose): recorded here too, not
        // only at the end, where with short talks nobody may be queued just then.
        if (f.walk.active()) {
            const glm::vec2 at = f.walk.position();
            out.spots.push_back({f.booth, glm::vec3(at.x, b.head.y, at.y), true});
        }
    }
}

// One thread: `count` bots on ceil(count / botsPerHost) ENet hosts, serviced
// round-robin every millisecond (poses due since are sent then, stamped with
// their real send time; snapshots are timed when handled, at most 1 ms late).
void runThread(const BotConfig& cfg, std::size_t first, std::size_t count, std::uint32_t seed, double connectsPerSecond,
               const std::atomic<bool>* stop, Shared& shared, ThreadResult& out) {
    pinThisThread(cfg.cpu);
    if (cfg.favoured) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), -10);  // best effort
    if (cfg.realtime) {
        sched_param param{};
        param.sched_priority = 5;
        if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) != 0)
            std::fprintf(stderr, "bots: real-time priority refused (needs CAP_SYS_NICE)\n");
    }
    const std::size_t perHost = std::max<std::size_t>(cfg.botsPerHost, 1);
    std::vector<std::unique_ptr<ENetTransport>> hosts;
    // Bots are dealt to the hosts in turn, so paced connects alternate between
    // the hosts' source addresses (BotConfig::bindAddresses).
    const std::size_t hostCount = (count + perHost - 1) / perHost;
    for (std::size_t h = 0; h < hostCount; ++h) {
        const std::size_t index = h + first / perHost;
        auto host = ENetTransport::client(
            (count - h + hostCount - 1) / hostCount,
            cfg.bindAddresses.empty() ? std::string() : cfg.bindAddresses[index % cfg.bindAddresses.size()]);
        if (!host) {
            out.failed = count;
            out.failures["no local ENet host: " + host.diagnostics.firstError()] += count;
            return;
        }
        hosts.push_back(std::move(*host));
    }
    SteadyClock clock;
    std::mt19937 rng(seed);
    std::vector<Bot> bots(count);
    std::vector<std::vector<Bot*>> byPeer(hosts.size());  // ENet peer ids are dense per host
    bool measuring = false;
    for (std::size_t i = 0; i < count; ++i) {
        ClientConfig cc;
        const std::size_t index = first + i;
        // Exhibitors join with their tickets even without fair activity (a baseline with the same people).
        const bool exhibitor = index < cfg.exhibitorTickets.size();
        cc.ticket = exhibitor ? cfg.exhibitorTickets[index] : cfg.ticket;
        cc.venue = cfg.venue;
        cc.name = cfg.givenNames ? givenName(first + i) : "bot" + std::to_string(seed) + "-" + std::to_string(i);
        cc.poseRateHz = cfg.poseRateHz;
        cc.alignPosesToTick = cfg.alignPoses;
        cc.interpolate = false;
        Bot& b = bots[i];
        b.host = i % hosts.size();
        b.client = std::make_unique<Client>(cc, *hosts[b.host], clock);
        // Indexed across threads: the same seed gives the same paths for any --threads.
        b.walker = std::make_unique<CrowdMember>(
            CrowdConfig{cfg.seed, glm::vec2(cfg.centreX, cfg.centreZ), cfg.areaMetres}, first + i);
        b.nextChatS = 1.0 + 8.0 * std::uniform_real_distribution<double>(0, 1)(rng);
        // Bots share the process's steady clock (the relay too, in `places bench
        // relay`), so sender's send time against receiver's now is exact.
        b.client->onAvatarUpdate = [&out, &clock, &measuring, &b, &cfg](const SnapshotReceiver::Update& u) {
            if (b.newestPose.size() <= u.id) b.newestPose.resize(static_cast<std::size_t>(u.id) + 1, 0);
            std::uint32_t& newest = b.newestPose[u.id];
            const bool firstSight = newest == 0;
            const bool fresh = firstSight || static_cast<std::int16_t>(u.poseTimeMs - static_cast<std::uint16_t>(newest)) > 0;
            if (fresh) newest = 0x10000u | u.poseTimeMs;
            if (!measuring) return;
            if (!fresh) {
                ++out.repeats;
                return;
            }
            const auto nowMs = static_cast<std::uint16_t>(clock.nowMicros() / 1000);
            const auto age = static_cast<std::uint16_t>(nowMs - u.poseTimeMs);
            const auto written = static_cast<std::uint16_t>(b.client->snapshotServerTimeMs());
            const auto atRelay = static_cast<std::uint16_t>(written - u.poseTimeMs);
            ++(*out.latency)[age];
            ++(*out.atRelay)[atRelay];
            ++(*out.snapshotLag)[static_cast<std::uint16_t>(nowMs - written)];
            ++out.updates;
            const glm::vec3 d = headPositionMetres(u.state, b.client->welcome()->bounds) - b.head;
            const float squared = d.x * d.x + d.z * d.z;
            if (squared <= cfg.nearMetres * cfg.nearMetres) {
                ++(*out.latencyNear)[age];
                ++(*out.nearAtRelay)[atRelay];
                ++out.updatesNear;
            }
            const auto addSplit = [&](std::size_t k) {
                ++(*out.split[k])[age];
                ++out.splitSamples[k];
            };
            if (squared > cfg.nearMetres * cfg.nearMetres) addSplit(squared <= kMidMetres * kMidMetres ? 0 : 1);
            if (firstSight) addSplit(2);
            if (age > 1000) ++out.overSecond;
        };
        if (cfg.fair) {
            b.fair.exhibitor = exhibitor;
            b.fair.queuer = !exhibitor && cfg.fairQueueEvery > 0 &&
                            (index - std::min(index, cfg.exhibitorTickets.size())) % cfg.fairQueueEvery == 0;
            if (b.fair.queuer) ++out.fair.queuers;
            b.fair.nextActionS = 3.0 * std::uniform_real_distribution<double>(0, 1)(rng);  // spread the first joins
            b.client->onFairNotice = [&out, &clock, &measuring, &b, &rng](const FairNotice& n) {
                if (!measuring) return;
                const double now = static_cast<double>(clock.nowMicros()) * 1e-6;
                BotFair& f = b.fair;
                switch (n.kind) {
                    case FairNoticeKind::Called:
                        if (f.waiting) out.waits.push_back(now - f.queuedAtS);
                        f.waiting = false;
                        ++out.fair.called;
                        break;
                    case FairNoticeKind::TalkStarted:
                        if (f.exhibitor) f.talkStarts[n.a] = now;
                        break;
                    case FairNoticeKind::TalkEnded:
                        if (f.exhibitor) {
                            f.talkStarts.erase(n.a);
                            ++out.fair.talksEnded;
                        } else {  // queue again after a stroll
                            f.nextActionS = now + 2.0 + 3.0 * std::uniform_real_distribution<double>(0, 1)(rng);
                        }
                        break;
                    case FairNoticeKind::TalkChat: ++out.fair.talkChatReceived; break;
                    case FairNoticeKind::Refused:
                        ++out.fair.refused;
                        ++out.fair.refusedWhy[fairRefusalReason(n)];
                        if (!f.exhibitor && f.waiting) {  // the join was refused: try again later
                            f.waiting = false;
                            f.nextActionS = now + 5.0;
                        }
                        break;
                    default: break;
                }
            };
        }
        if (first + i < cfg.voice) {
            b.mouth = std::make_unique<BotMouth>(cfg.seed * 7919u + static_cast<std::uint32_t>(first + i), cfg.voiceBitrate);
            ++out.speakers;
        }
        b.client->onVoice = [&out, &clock, &measuring, &b](const VoiceFrame& f) {
            if (!measuring) return;
            ++out.voiceReceived;
            out.voiceBytes += 11 + f.opus.size();  // the VoiceFrom message
            if (const auto relayNow = b.client->relayTimeMs()) {
                // Both ends in the relay's clock; a negative age is estimation error.
                const auto age = static_cast<std::int32_t>(*relayNow - f.captureTimeMs);
                ++(*out.mouthToEar)[static_cast<std::size_t>(std::clamp(age, 0, 65535))];
            }
            const std::uint64_t now = clock.nowMicros();
            if (now - b.ears.windowStartUs > 100'000) {
                b.ears.windowStartUs = now;
                b.ears.speakers.clear();
            }
            if (std::find(b.ears.speakers.begin(), b.ears.speakers.end(), f.speaker) == b.ears.speakers.end()) {
                b.ears.speakers.push_back(f.speaker);
                out.streamsMax = std::max(out.streamsMax, b.ears.speakers.size());
            }
        };
    }
    const double t0 = static_cast<double>(clock.nowMicros()) * 1e-6;
    const auto seconds = [&] { return static_cast<double>(clock.nowMicros()) * 1e-6 - t0; };
    std::size_t joined = 0, connecting = 0;
    std::uniform_real_distribution<double> unit(0, 1);
    const auto connectBot = [&](Bot& b, double now) {
        b.attemptS = now;
        b.closed = false;
        b.reachable = false;
        b.peer = hosts[b.host]->connect(cfg.host, cfg.port);
        if (b.peer == kNoPeer) return;
        auto& table = byPeer[b.host];
        if (table.size() <= b.peer) table.resize(b.peer + 1, nullptr);
        table[b.peer] = &b;
    };
    // A join that ended without a Welcome (the relay closed the connection, it
    // was refused for a full venue, or ENet gave up) or that hangs is tried
    // again after a growing, jittered pause, as a real client would, while the
    // join phase lasts (BotConfig::joinRetry).
    const auto retryJoins = [&](double now) {
        for (std::size_t i = 0; i < connecting; ++i) {
            Bot& b = bots[i];
            if (b.joined) continue;
            const Client& c = *b.client;
            // A refusal for a full venue passes (overflow opens room); one for
            // the ticket, a ban or the protocol version does not.
            const bool refusedForGood = c.state() == ClientState::Refused &&
                                        !(c.refusal() && c.refusal()->reason == RefuseReason::VenueFull);
            const bool hung = !b.closed && now - b.attemptS > cfg.joinAttemptSeconds;
            if (!(b.closed || hung) || (b.closed && refusedForGood)) continue;
            if (b.retryAtS < 0) {
                const double pause = std::min(0.5 * static_cast<double>(1u << std::min(b.retries, 3u)), 4.0);
                b.retryAtS = now + pause * (0.5 + unit(rng));
            }
            if (now < b.retryAtS) continue;
            if (b.peer != kNoPeer && b.host < byPeer.size() && b.peer < byPeer[b.host].size())
                byPeer[b.host][b.peer] = nullptr;
            if (!b.closed && b.peer != kNoPeer) hosts[b.host]->abort(b.peer);
            b.retryAtS = -1.0;
            ++b.retries;
            ++out.joinRetries;
            connectBot(b, now);
        }
    };
    double measureStart = 0, measureEnd = 1e300, cpu0 = 0;
    std::vector<std::uint64_t> down0(hosts.size()), up0(hosts.size()), payload0(count), snaps0(count);
    TransportEvent event;
    while (!(stop && stop->load()) && seconds() < measureEnd) {
        double t = seconds();
        // Paced connects: a burst of handshakes would time out on a busy relay.
        while (connecting < count && static_cast<double>(connecting) < t * connectsPerSecond + 1.0) {
            Bot& b = bots[connecting++];
            b.attempted = true;
            connectBot(b, t);
        }
        for (std::size_t h = 0; h < hosts.size(); ++h) {
            while (hosts[h]->poll(event, 0)) {
                if (event.peer >= byPeer[h].size() || !byPeer[h][event.peer]) continue;
                Bot& b = *byPeer[h][event.peer];
                Client& c = *b.client;
                if (event.kind == TransportEventKind::Connected) {
                    b.reachable = true;
                    c.start(event.peer);
                }
                if (event.kind == TransportEventKind::Disconnected && !b.joined) b.closed = true;
                c.handle(event);
                if (!b.joined && c.state() == ClientState::Joined) {
                    b.joined = true;
                    b.joinedS = seconds();
                    b.watching = c.welcome() && !(c.welcome()->flags & kWelcomeHasAvatar);
                    ++joined;
                    ++shared.joined;
                }
            }
        }
        t = seconds();
        if (cfg.joinRetry && !measuring && joined < count && t < cfg.connectTimeoutSeconds) retryJoins(t);
        if (!measuring && (shared.joined.load() >= shared.expected || t > cfg.connectTimeoutSeconds)) {
            // Everyone is in (or gave up): settle for a second, then measure.
            if (measureStart == 0) {
                measureStart = t + 1.0;
                out.joinSeconds = t;
            }
            if (t >= measureStart) {
                measuring = true;
                if (cfg.measuring) cfg.measuring->store(true);
                measureEnd = t + cfg.durationSeconds;
                cpu0 = threadCpuSeconds();
                for (std::size_t h = 0; h < hosts.size(); ++h) {
                    down0[h] = hosts[h]->totalReceivedBytes();
                    up0[h] = hosts[h]->totalSentBytes();
                }
                for (std::size_t i = 0; i < count; ++i) {
                    payload0[i] = bots[i].client->stats().bytesIn;
                    snaps0[i] = bots[i].client->stats().snapshots;
                }
            }
        }
        for (Bot& b : bots) {
            if (measuring && b.joined && b.client->stats().snapshots != b.snapshotsSeen) {
                b.snapshotsSeen = b.client->stats().snapshots;
                if (b.client->lastPoseWait() != kNoPoseWait) {
                    ++(*out.poseWait)[b.client->lastPoseWait()];
                    ++out.poseWaits;
                }
            }
            if (!b.joined || !b.client->poseDue()) continue;
            if (!b.watching) {
                b.walker->advanceTo(t - b.joinedS);
                AvatarPose pose = b.walker->pose();
                if (b.fair.walk.active()) {
                    // Fair bots at or on the way to a booth: there, with the crowd's gestures.
                    b.fair.walk.advance(static_cast<double>(clock.nowMicros()) * 1e-6);
                    pose = b.fair.walk.place(pose);
                }
                b.head = pose.head.position;
                b.client->setPose(pose);
                b.client->update();
                if (measuring) ++out.poses;
            }
            if (cfg.chat && measuring && t >= measureStart + b.nextChatS) {
                b.client->sendChat(cfg.chatText);
                b.nextChatS = t - measureStart + 8.0 + 4.0 * unit(rng);
            }
        }
        if (cfg.fair && measuring) {
            const double now = static_cast<double>(clock.nowMicros()) * 1e-6;
            for (Bot& b : bots)
                if (b.joined && b.client->state() == ClientState::Joined) actAtFair(cfg, b, now, rng, out.fair);
        }
        for (Bot& b : bots) {
            if (!b.joined || !b.mouth || b.watching) continue;
            BotMouth& m = *b.mouth;
            const std::uint64_t now = clock.nowMicros();
            // A frame is complete (captured) every 20 ms; one that fell far behind is skipped.
            if (m.nextFrameUs == 0 || now > m.nextFrameUs + 100'000) m.nextFrameUs = now;
            while (now >= m.nextFrameUs) {
                const std::uint64_t captureUs = m.nextFrameUs - kVoiceFrameMs * 1000;
                m.nextFrameUs += kVoiceFrameMs * 1000;
                if (!m.speech.next(m.pcm)) continue;  // a pause: the VAD sends nothing
                if (!m.encoder.encode(m.pcm, m.opus)) continue;
                if (b.client->sendVoice(m.seq++, captureUs, quantizeLoudness(rmsDbfs(m.pcm)), m.opus) && measuring)
                    ++out.voiceSent;
            }
        }
        for (auto& h : hosts) h->flush();
        // A timer, not the sockets: waiting on a socket would make every packet
        // of the relay's per-tick burst wake this thread, and on loopback the
        // relay's core pays for those wake-ups (a remote client costs it nothing).
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (cfg.measuring) cfg.measuring->store(false);
    out.cpuSeconds = measuring ? threadCpuSeconds() - cpu0 : 0.0;
    out.measuredSeconds = measuring ? std::min(seconds(), measureEnd) - (measureEnd - cfg.durationSeconds) : 0.0;
    out.connected = joined;
    out.failed = count - joined;
    for (std::size_t h = 0; h < hosts.size(); ++h) {
        out.downBytes += hosts[h]->totalReceivedBytes() - down0[h];
        out.upBytes += hosts[h]->totalSentBytes() - up0[h];
    }
    for (std::size_t i = 0; i < count; ++i) {
        Client& c = *bots[i].client;
        out.downPayload += c.stats().bytesIn - payload0[i];
        out.snapshots += c.stats().snapshots - snaps0[i];
        out.chat += c.stats().chatIn;  // chat() keeps only the latest lines
        if (bots[i].watching) ++out.watching;
        for (const ChatFrom& m : c.chat()) {
            std::string text = m.text.substr(0, kBotChatTextBytes);
            auto it = out.chatTexts.find(text);
            if (it != out.chatTexts.end()) ++it->second;
            else if (out.chatTexts.size() < kBotChatTexts) out.chatTexts.emplace(std::move(text), 1);
            else ++out.chatTextsOmitted;
        }
        if (bots[i].fair.exhibitor && !bots[i].fair.booth.empty()) ++out.fair.exhibitors;
        if (const BotFair& f = bots[i].fair; f.queuer && f.walk.active())
            out.fair.spots.push_back({f.booth, bots[i].head, f.waiting || c.fair().talk != 0});
        if (bots[i].fair.approaching && !bots[i].fair.arrivalCounted) ++out.fair.walkingAtEnd;
        out.dropped += c.stats().malformed + c.stats().unresolvedEntries;
        if (const std::string why = failureOf(bots[i]); !why.empty()) ++out.failures[why];
        if (const std::string why = disconnectOf(bots[i]); !why.empty()) ++out.disconnects[why];
        if (c.state() == ClientState::Joined) c.leave();
    }
    // Let the Byes and disconnects go out before the hosts are destroyed.
    const double until = seconds() + 0.3;
    while (seconds() < until) {
        for (auto& h : hosts)
            while (h->poll(event, 0)) {
            }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
    const std::size_t threads = std::clamp<std::size_t>(cfg.threads, 1, std::max<std::size_t>(cfg.count, 1));
    std::vector<ThreadResult> results(threads);
    std::vector<std::thread> workers;
    Shared shared;
    shared.expected = cfg.count;
    for (std::size_t t = 0; t < threads; ++t) {
        const std::size_t begin = cfg.count * t / threads, end = cfg.count * (t + 1) / threads;
        workers.emplace_back([&, t, begin, end] {
            runThread(cfg, begin, end - begin, static_cast<std::uint32_t>(t + 1),
                      cfg.connectsPerSecond / static_cast<double>(threads), stop, shared, results[t]);
        });
    }
    for (auto& w : workers) w.join();
    BotReport r;
    r.threads = threads;
    Histogram total{}, near{};
    auto atRelay = std::make_unique<Histogram>(), nearAtRelay = std::make_unique<Histogram>(),
         snapshotLag = std::make_unique<Histogram>(), poseWait = std::make_unique<Histogram>();
    std::uint64_t nearSamples = 0, poseWaits = 0;
    std::array<std::unique_ptr<Histogram>, 3> split{std::make_unique<Histogram>(), std::make_unique<Histogram>(),
                                                     std::make_unique<Histogram>()};
    std::array<std::uint64_t, 3> splitSamples{};
    auto mouthToEar = std::make_unique<Histogram>();
    std::uint64_t voiceBytes = 0;
    std::vector<double> waits;
    r.fairActive = cfg.fair;
    for (const auto& tr : results) {
        BotFairReport& f = r.fair;
        f.exhibitors += tr.fair.exhibitors;
        f.queuers += tr.fair.queuers;
        f.queued += tr.fair.queued;
        f.called += tr.fair.called;
        f.callsSent += tr.fair.callsSent;
        f.talksEnded += tr.fair.talksEnded;
        f.talkChatSent += tr.fair.talkChatSent;
        f.talkChatReceived += tr.fair.talkChatReceived;
        f.awaySpells += tr.fair.awaySpells;
        f.walks += tr.fair.walks;
        f.walksArrived += tr.fair.walksArrived;
        f.arrivedInZone += tr.fair.arrivedInZone;
        f.walkingAtEnd += tr.fair.walkingAtEnd;
        f.arrivals.insert(f.arrivals.end(), tr.fair.arrivals.begin(), tr.fair.arrivals.end());
        f.spots.insert(f.spots.end(), tr.fair.spots.begin(), tr.fair.spots.end());
        f.refused += tr.fair.refused;
        for (const auto& [why, count] : tr.fair.refusedWhy) f.refusedWhy[why] += count;
        waits.insert(waits.end(), tr.waits.begin(), tr.waits.end());
    }
    if (!waits.empty()) {
        std::sort(waits.begin(), waits.end());
        r.fair.medianWaitSeconds = waits[waits.size() / 2];
        r.fair.p95WaitSeconds = waits[std::min(waits.size() - 1, waits.size() * 95 / 100)];
    }
    if (!r.fair.arrivals.empty()) {
        std::vector<double> walked;
        for (const BotBoothWalk& w : r.fair.arrivals) walked.push_back(w.seconds);
        std::sort(walked.begin(), walked.end());
        r.fair.walkP50Seconds = walked[walked.size() / 2];
        r.fair.walkMaxSeconds = walked.back();
    }
    for (const auto& tr : results) {
        for (std::size_t i = 0; i < near.size(); ++i) {
            near[i] += (*tr.latencyNear)[i];
            (*atRelay)[i] += (*tr.atRelay)[i];
            (*nearAtRelay)[i] += (*tr.nearAtRelay)[i];
            (*snapshotLag)[i] += (*tr.snapshotLag)[i];
            (*poseWait)[i] += (*tr.poseWait)[i];
        }
        poseWaits += tr.poseWaits;
        nearSamples += tr.updatesNear;
        for (std::size_t k = 0; k < split.size(); ++k) {
            for (std::size_t i = 0; i < split[k]->size(); ++i) (*split[k])[i] += (*tr.split[k])[i];
            splitSamples[k] += tr.splitSamples[k];
        }
        r.latencyOverSecond += tr.overSecond;
        r.repeatedPoses += tr.repeats;
        r.voice.speakers += tr.speakers;
        r.voice.framesSent += tr.voiceSent;
        r.voice.framesReceived += tr.voiceReceived;
        r.voice.streamsPerListenerMax = std::max(r.voice.streamsPerListenerMax, tr.streamsMax);
        voiceBytes += tr.voiceBytes;
        for (std::size_t i = 0; i < mouthToEar->size(); ++i) (*mouthToEar)[i] += (*tr.mouthToEar)[i];
        r.connected += tr.connected;
        r.failed += tr.failed;
        r.joinRetries += tr.joinRetries;
        for (const auto& [why, n] : tr.failures) r.failures[why] += n;
        for (const auto& [why, n] : tr.disconnects) r.disconnects[why] += n;
        r.joinSeconds = std::max(r.joinSeconds, tr.joinSeconds);
        for (std::size_t i = 0; i < total.size(); ++i) total[i] += (*tr.latency)[i];
        r.latencySamples += tr.updates;
        r.chatReceived += tr.chat;
        r.watching += tr.watching;
        r.chatTextsOmitted += tr.chatTextsOmitted;
        for (const auto& [text, n] : tr.chatTexts) {
            auto it = r.chatTexts.find(text);
            if (it != r.chatTexts.end()) it->second += n;
            else if (r.chatTexts.size() < kBotChatTexts) r.chatTexts.emplace(text, n);
            else r.chatTextsOmitted += n;
        }
        r.dropped += tr.dropped;
        r.seconds = std::max(r.seconds, tr.measuredSeconds);
    }
    // Rates per measured second: bots stopped early (the venue host's) measured less than the duration.
    const double measured = r.seconds > 0 ? r.seconds : cfg.durationSeconds;
    for (const auto& tr : results) r.botCpuCores += tr.cpuSeconds / measured;
    const double clientSeconds = std::max(1.0, static_cast<double>(r.connected)) * measured;
    for (const auto& tr : results) {
        r.downBytesPerSecondPerClient += static_cast<double>(tr.downBytes) / clientSeconds;
        r.upBytesPerSecondPerClient += static_cast<double>(tr.upBytes) / clientSeconds;
        r.downPayloadBytesPerSecondPerClient += static_cast<double>(tr.downPayload) / clientSeconds;
        r.snapshotsPerSecondPerClient += static_cast<double>(tr.snapshots) / clientSeconds;
        r.avatarUpdatesPerSecondPerClient += static_cast<double>(tr.updates) / clientSeconds;
        r.posesPerSecondPerClient += static_cast<double>(tr.poses) / clientSeconds;
    }
    r.voice.downKbpsPerListener = static_cast<double>(voiceBytes) * 8.0 / 1000.0 / clientSeconds;
    r.voice.mouthToEarSamples = r.voice.framesReceived;
    r.voice.mouthToEarP50Ms = percentileMs(*mouthToEar, r.voice.mouthToEarSamples, 0.50);
    r.voice.mouthToEarP95Ms = percentileMs(*mouthToEar, r.voice.mouthToEarSamples, 0.95);
    r.voice.mouthToEarP99Ms = percentileMs(*mouthToEar, r.voice.mouthToEarSamples, 0.99);
    r.latencyP50Ms = percentileMs(total, r.latencySamples, 0.50);
    r.latencyP95Ms = percentileMs(total, r.latencySamples, 0.95);
    r.latencyP99Ms = percentileMs(total, r.latencySamples, 0.99);
    r.latencyNearP50Ms = percentileMs(near, nearSamples, 0.50);
    r.latencyNearP99Ms = percentileMs(near, nearSamples, 0.99);
    r.latencyNearSamples = nearSamples;
    r.atRelayP50Ms = percentileMs(*atRelay, r.latencySamples, 0.50);
    r.atRelayP99Ms = percentileMs(*atRelay, r.latencySamples, 0.99);
    r.nearAtRelayP50Ms = percentileMs(*nearAtRelay, nearSamples, 0.50);
    r.nearAtRelayP99Ms = percentileMs(*nearAtRelay, nearSamples, 0.99);
    r.snapshotLagP50Ms = percentileMs(*snapshotLag, r.latencySamples, 0.50);
    r.snapshotLagP99Ms = percentileMs(*snapshotLag, r.latencySamples, 0.99);
    r.poseWaitP50Ms = percentileMs(*poseWait, poseWaits, 0.50) / 10.0;
    r.poseWaitP99Ms = percentileMs(*poseWait, poseWaits, 0.99) / 10.0;
    BotReport::LatencySplit* splits[] = {&r.latencyMid, &r.latencyFar, &r.latencyFirstSight};
    for (std::size_t k = 0; k < split.size(); ++k)
        *splits[k] = {percentileMs(*split[k], splitSamples[k], 0.50), percentileMs(*split[k], splitSamples[k], 0.99),
                      splitSamples[k]};
    return r;
}

namespace {

// {"reason": n, ...}; reasons are the relay's own words or ours (no quotes or
// control characters), but are escaped anyway since refusal texts are the relay's.
std::string jsonCounts(const std::map<std::string, std::size_t>& counts) {
    std::string out = "{";
    for (const auto& [why, n] : counts) {
        if (out.size() > 1) out += ", ";
        out += '"';
        for (char c : why) {
            if (c == '"' || c == '\\') out += '\\';
            if (static_cast<unsigned char>(c) >= 0x20) out += c;
        }
        out += "\": " + std::to_string(n);
    }
    return out + "}";
}

}  // namespace

std::string fairRefusalReason(const FairNotice& refused) {
    static constexpr std::array<std::string_view, kFairOpCount + 1> kOps{
        "unknown", "join_queue", "leave_queue", "call_next", "end_talk", "set_away", "skip", "talk_chat", "enter_portal"};
    std::string text = refused.text;
    // What follows a quote or " of " names a booth, company or portal.
    for (std::string_view cut : {std::string_view("'"), std::string_view(" of ")})
        if (const auto at = text.find(cut); at != std::string::npos) text.resize(at);
    if (text.find(" is closed now") != std::string::npos) text = "closed now";  // "<company> is closed now"
    for (char& c : text)
        if (c >= '0' && c <= '9') c = 'N';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    std::string out(refused.a < kOps.size() ? kOps[refused.a] : kOps[0]);
    out += ": ";
    out += text;
    return out;
}

std::string BotReport::summary() const {
    std::string out = "connected " + std::to_string(connected);
    const auto list = [](const std::map<std::string, std::size_t>& counts) {
        std::string text;
        for (const auto& [why, n] : counts) text += (text.empty() ? "" : ", ") + why + ": " + std::to_string(n);
        return text;
    };
    if (!disconnects.empty()) out += " (no longer connected: " + list(disconnects) + ")";
    out += ", failed " + std::to_string(failed);
    if (!failures.empty()) out += " (" + list(failures) + ")";
    if (joinRetries != 0) out += ", join retries " + std::to_string(joinRetries);
    return out;
}

std::string BotReport::toJson() const {
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "{\"connected\": %zu, \"failed\": %zu, \"join_seconds\": %.1f, \"seconds\": %.1f,\n"
                  " \"pose_latency_ms\": {\"p50\": %.0f, \"p95\": %.0f, \"p99\": %.0f, \"samples\": %llu},\n"
                  " \"downstream_bytes_per_s_per_client\": %.0f, \"downstream_payload_bytes_per_s_per_client\": %.0f,\n"
                  " \"upstream_bytes_per_s_per_client\": %.0f,\n"
                  " \"snapshots_per_s_per_client\": %.1f, \"avatar_updates_per_s_per_client\": %.1f,\n"
                  " \"poses_per_s_per_client\": %.1f, \"chat_received\": %llu, \"dropped\": %llu,\n"
                  " \"bot_cpu_cores\": %.2f, \"bots_saturated\": %s}",
                  connected, failed, joinSeconds, seconds, latencyP50Ms, latencyP95Ms, latencyP99Ms,
                  static_cast<unsigned long long>(latencySamples), downBytesPerSecondPerClient,
                  downPayloadBytesPerSecondPerClient, upBytesPerSecondPerClient, snapshotsPerSecondPerClient,
                  avatarUpdatesPerSecondPerClient, posesPerSecondPerClient,
                  static_cast<unsigned long long>(chatReceived), static_cast<unsigned long long>(dropped), botCpuCores,
                  botsSaturated() ? "true" : "false");
    // Fields added later go after the original ones (readers of the old form keep working).
    std::string out(buf);
    out.pop_back();  // the closing brace: the reasons and chat texts follow
    nlohmann::json texts = nlohmann::json::object();
    for (const auto& [text, n] : chatTexts) texts[text] = n;
    // Texts are cut at a byte count, maybe inside a character: replace, never throw.
    out += ",\n \"failures\": " + jsonCounts(failures) + ", \"disconnects\": " + jsonCounts(disconnects) +
           ",\n \"watching\": " + std::to_string(watching) + ", \"join_retries\": " + std::to_string(joinRetries) +
           ", \"chat_texts\": " + texts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           ", \"chat_texts_omitted\": " + std::to_string(chatTextsOmitted);
    char nearText[192];
    std::snprintf(nearText, sizeof nearText,
                  ",\n \"pose_latency_near_ms\": {\"p50\": %.0f, \"p99\": %.0f, \"samples\": %llu}, \"repeated_poses\": %llu",
                  latencyNearP50Ms, latencyNearP99Ms, static_cast<unsigned long long>(latencyNearSamples),
                  static_cast<unsigned long long>(repeatedPoses));
    out += nearText;
    char voiceJson[512];
    std::snprintf(voiceJson, sizeof voiceJson,
                  ",\n \"voice\": {\"speakers\": %zu, \"frames_sent\": %llu, \"frames_received\": %llu, "
                  "\"streams_per_listener_max\": %zu, \"down_kbps_per_listener\": %.1f,\n"
                  "  \"mouth_to_ear_ms\": {\"p50\": %.0f, \"p95\": %.0f, \"p99\": %.0f, \"samples\": %llu, "
                  "\"measured_to\": \"receipt\"}}}",
                  voice.speakers, static_cast<unsigned long long>(voice.framesSent),
                  static_cast<unsigned long long>(voice.framesReceived), voice.streamsPerListenerMax,
                  voice.downKbpsPerListener, voice.mouthToEarP50Ms, voice.mouthToEarP95Ms, voice.mouthToEarP99Ms,
                  static_cast<unsigned long long>(voice.mouthToEarSamples));
    out += voiceJson;
    if (fairActive) {
        out.pop_back();
        char fairJson[768];
        std::snprintf(fairJson, sizeof fairJson,
                      ",\n \"fair\": {\"exhibitors\": %zu, \"queuers\": %zu, \"queued\": %llu, \"called\": %llu, "
                      "\"calls_sent\": %llu, \"talks_ended\": %llu, \"talk_chat_sent\": %llu, "
                      "\"talk_chat_received\": %llu, \"away_spells\": %llu, \"refused\": %llu, "
                      "\"median_wait_s\": %.1f, \"p95_wait_s\": %.1f,\n  \"walks\": %llu, \"walks_arrived\": %llu, "
                      "\"arrived_in_zone\": %llu, \"walking_at_end\": %llu, \"walk_s\": {\"p50\": %.2f, \"max\": %.2f}",
                      fair.exhibitors, fair.queuers, static_cast<unsigned long long>(fair.queued),
                      static_cast<unsigned long long>(fair.called), static_cast<unsigned long long>(fair.callsSent),
                      static_cast<unsigned long long>(fair.talksEnded), static_cast<unsigned long long>(fair.talkChatSent),
                      static_cast<unsigned long long>(fair.talkChatReceived),
                      static_cast<unsigned long long>(fair.awaySpells), static_cast<unsigned long long>(fair.refused),
                      fair.medianWaitSeconds, fair.p95WaitSeconds, static_cast<unsigned long long>(fair.walks),
                      static_cast<unsigned long long>(fair.walksArrived),
                      static_cast<unsigned long long>(fair.arrivedInZone),
                      static_cast<unsigned long long>(fair.walkingAtEnd), fair.walkP50Seconds, fair.walkMaxSeconds);
        out += fairJson;
        out += ", \"refused_why\": " + jsonCounts(fair.refusedWhy) + "}}";
    }
    return out;
}

}  // namespace places::net
