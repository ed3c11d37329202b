#pragma once
// Simulated visitors for load tests and benchmarks: N real Clients over ENet in
// one process that walk around, look around and (optionally) chat. Bots share
// the process's steady clock, so "pose latency" is exact: the sender's
// PoseUpdate::sendTimeMs against the receiving bot's clock when a snapshot
// first brings that pose (this includes the wait for the relay's next tick;
// repeats of a pose already received are not samples).
// Scale: an ENet host serves at most `botsPerHost` connections (ENet visits
// every peer of a host on each service), and one thread services several hosts
// round-robin every millisecond; connections are
// paced so the relay is not flooded with handshakes. The bots' own CPU time is
// reported, so an overloaded bot core is not mistaken for relay latency.
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "places/net/fair_config.hpp"
#include "places/net/protocol.hpp"  // FairNotice
#include "places/net/thread_placement.hpp"  // bots pin their threads too

namespace places::net {

struct BotConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 7777;
    std::size_t count = 10;
    std::string venue = "bots";
    double durationSeconds = 10.0;  // measured time, after everyone connected
    std::uint32_t poseRateHz = 30;
    // Poses timed to reach the relay just before its tick (ClientConfig::
    // alignPosesToTick), or a free-running cadence (the bench's baseline).
    bool alignPoses = true;
    bool chat = false;              // each bot says something about every 10 s
    // Anonymous bots are named like people ("Lena", "Jörg", ..., "Lena 2")
    // instead of "bot<seed>-<i>", so pictures and panels read like a crowd.
    bool givenNames = false;
    std::vector<std::byte> ticket;  // empty = anonymous (relay --open)
    std::size_t threads = 1;        // bot threads; each services its own hosts
    std::size_t botsPerHost = 100;
    // ENet host h sends from bindAddresses[h % size] (empty: the system's
    // choice). On loopback, 127.0.0.x spreads the bots over addresses as
    // visitors are spread in a real venue, so the relay's per-address cap on
    // connections without a Hello (RelayConfig::pendingPerAddress) does not
    // throttle the bench's joins.
    std::vector<std::string> bindAddresses;
    double connectsPerSecond = 400; // pacing of new connections (all threads together)
    double connectTimeoutSeconds = 20.0;
    // A join that ends without a Welcome (the relay closed the connection or
    // refused it for a full venue; ENet gave up) or has none after
    // joinAttemptSeconds is tried again on a new connection after a pause
    // (0.5, 1, 2, 4 s, jittered), as a real client would, until
    // connectTimeoutSeconds; counted in BotReport::joinRetries. Other refusals
    // (ticket, ban, version) are final.
    bool joinRetry = true;
    // Set true when the measured window begins and false when it ends, so a
    // benchmark can record the relay's side over the same window.
    std::atomic<bool>* measuring = nullptr;
    double joinAttemptSeconds = 12.0;
    float areaMetres = 40.0f;       // bots walk inside a square of this side around the origin
    int cpu = -1;                   // pin bot threads to this CPU (-1 = no pinning)
    // Bot threads ask for nice -10: favoured over other processes, but not over
    // the kernel's softirq threads that deliver loopback packets (real-time bots
    // would starve those and delay their own poses by a tick).
    bool favoured = false;
    // Bot threads real-time (SCHED_FIFO, priority 5) instead: on a machine so
    // loaded that nice -10 leaves the bots too little CPU to send their poses at
    // rate or read their sockets (places bench relay --rt-bots; measured in
    // docs/performance-net.md, "Overload").
    bool realtime = false;
    // Motion (crowd.hpp): bot i walks the same path for the same seed in every
    // run, in the square of side areaMetres centred on (centreX, centreZ), local
    // frame metres (a festival stage is not at the origin).
    std::uint32_t seed = 1;
    float centreX = 0.0f, centreZ = 0.0f;
    std::string chatText = "hello from a bot";  // what bots say with `chat`
    // Pose latency is also reported for the nearest avatars alone: those whose
    // head is within this many metres (horizontally) of the receiving bot's.
    float nearMetres = 2.0f;
    // Voice: the first `voice` bots (by index, across threads) talk: synthetic
    // speech (speech_synth.hpp) as Opus frames, 20 ms each, in talk spurts and
    // pauses. Every bot listens and times the frames it receives.
    std::size_t voice = 0;
    std::int32_t voiceBitrate = 24000;
    // Bots joining with a ticket take its role; roles without an avatar
    // (spectators) send no poses, they only watch and count what arrives.

    // The career fair (`places bots --fair`, issue #10). The first
    // exhibitorTickets.size() bots join with those tickets (role exhibitor, the
    // name in a booth's staff list) and serve the booth the relay tells them
    // they staff: call the next visitor while they hold fewer than
    // fairTalksAtOnce talks, end each talk after fairTalkSeconds, and now and
    // then go away for a moment. Of the other bots every fairQueueEvery-th queues
    // at an open, staffed booth from the directory, says something in its
    // private talk when called, and queues again a few seconds after the talk ended.
    bool fair = false;
    std::vector<std::vector<std::byte>> exhibitorTickets;
    std::size_t fairQueueEvery = 5;  // 1,000 visitors -> 200 queueing
    double fairTalkSeconds = 4.0;
    std::size_t fairTalksAtOnce = 4;
    double fairAwayChance = 0.1;     // per talk ended: the exhibitor is away for fairAwaySeconds
    double fairAwaySeconds = 2.0;
    // Booth zones by booth id (`places bots --fair --scene FILE`): a queueing
    // bot walks into its booth's zone before it joins the queue and stands
    // there while it queues and talks (booth_walk.hpp). Booths without a zone
    // here are joined from wherever the bot is.
    std::map<std::string, FairZone> fairBoothZones;
};

// Where a queueing bot stood at the end of the run, for booths with a zone.
struct BotBoothSpot {
    std::string booth;
    glm::vec3 head{0.0f};
    bool queued = false;  // joining the queue, or queued / in a talk at the end (else still walking there)
};

// One walk to a booth's zone that got there (BoothWalk), in the measured window.
struct BotBoothWalk {
    std::string booth;
    glm::vec2 from{0.0f};     // where the walk began (metres, venue x, z)
    glm::vec3 head{0.0f};     // the head of the first pose sent from the spot
    double seconds = 0;       // from the walk's start to that pose (the bot's clock)
    bool inZone = false;      // that head stood inside the booth's zone
};

// What the bots did and saw of the fair (BotConfig::fair), over the measured window.
struct BotFairReport {
    std::size_t exhibitors = 0;       // exhibitor bots that learnt their booth
    std::size_t queuers = 0;          // visitor bots that queue
    std::uint64_t queued = 0;         // JoinQueue sent
    std::uint64_t called = 0;         // Called notices visitors received (talks begun)
    std::uint64_t callsSent = 0;      // CallNext sent by exhibitors
    std::uint64_t talksEnded = 0;     // TalkEnded notices exhibitors received
    std::uint64_t talkChatSent = 0, talkChatReceived = 0;
    std::uint64_t awaySpells = 0;
    std::uint64_t refused = 0;        // Refused notices (any bot)
    std::map<std::string, std::size_t> refusedWhy;  // by fairRefusalReason(); the counts sum to `refused`
    double medianWaitSeconds = 0;     // JoinQueue sent -> Called received, visitors' clock
    double p95WaitSeconds = 0;
    std::uint64_t walks = 0;          // walks to a booth's zone begun (BotConfig::fairBoothZones)
    std::uint64_t walksArrived = 0;   // of those, walks that got to their spot (the queue is joined there)
    std::uint64_t arrivedInZone = 0;  // of those, arrivals whose head stood inside the booth's zone
    std::uint64_t walkingAtEnd = 0;   // queuers still on their way when the run ended
    double walkP50Seconds = 0;        // walk start -> first pose from the spot, arrived walks
    double walkMaxSeconds = 0;
    std::vector<BotBoothWalk> arrivals;  // not in the JSON: each arrived walk
    std::vector<BotBoothSpot> spots;  // not in the JSON
};

// A Refused notice as a reason to count by: the operation and the relay's text
// without what varies per booth or bot ("call_next: nobody present in the queue",
// "call_next: already N talks at once").
std::string fairRefusalReason(const FairNotice& refused);

// Distinct chat texts the bots received are counted in BotReport::chatTexts, at
// most this many texts of at most kBotChatTextBytes each; the rest only in the totals.
inline constexpr std::size_t kBotChatTexts = 64;
inline constexpr std::size_t kBotChatTextBytes = 120;

// Voice as the bots measured it (BotConfig::voice).
struct BotVoiceReport {
    std::size_t speakers = 0;
    std::uint64_t framesSent = 0, framesReceived = 0;
    // Distinct speakers one bot received within a 100 ms window, the most of any
    // bot and window (the relay's choice may change inside a window: N + 1 then).
    std::size_t streamsPerListenerMax = 0;
    // Capture of a frame's first sample (the speaking bot's clock, carried in
    // the relay's clock) to its receipt by a listening bot: 20 ms framing,
    // encoding, network and relay. No jitter buffer, decoding or output device
    // (places_audio adds those).
    double mouthToEarP50Ms = 0, mouthToEarP95Ms = 0, mouthToEarP99Ms = 0;
    std::uint64_t mouthToEarSamples = 0;
    double downKbpsPerListener = 0;  // VoiceFrom message bytes received per bot, kbit/s
};

struct BotReport {
    std::size_t connected = 0;  // joined at some point
    std::size_t failed = 0;     // never joined
    std::size_t joinRetries = 0;  // joins tried again (BotConfig::joinRetry)
    // Why, by reason: failures ("refused: banned", "unreachable: no answer from
    // the relay", "timeout: connected but no welcome", ...) and, for bots that
    // joined but were no longer joined at the end, disconnects ("shutdown",
    // "kicked", "connection lost", ...). Bots still joined at the end are in neither.
    std::map<std::string, std::size_t> failures;
    std::map<std::string, std::size_t> disconnects;
    std::size_t disconnectedByShutdown() const {
        auto it = disconnects.find("shutdown");
        return it == disconnects.end() ? 0 : it->second;
    }
    double joinSeconds = 0;   // from the first connect until everyone joined (or gave up)
    double latencyP50Ms = 0, latencyP95Ms = 0, latencyP99Ms = 0;
    std::uint64_t latencySamples = 0;
    // The same for avatars within BotConfig::nearMetres of the receiver.
    double latencyNearP50Ms = 0, latencyNearP99Ms = 0;
    std::uint64_t latencyNearSamples = 0;
    // The same latencies split where the relay wrote the snapshot (its
    // serverTimeMs, the same clock in places bench relay): the pose's age then
    // (sender, inbound queue, relay) and the snapshot's age when a bot handled it
    // (the relay's build and flush, loopback delivery, the bots' own queue).
    double atRelayP50Ms = 0, atRelayP99Ms = 0, nearAtRelayP50Ms = 0, nearAtRelayP99Ms = 0;
    double snapshotLagP50Ms = 0, snapshotLagP99Ms = 0;
    // How long the bots' poses waited at the relay for its tick, as the relay
    // reported it (Snapshot::poseWait): what aiming the poses at the tick acts on.
    double poseWaitP50Ms = 0, poseWaitP99Ms = 0;
    // What the "everyone" percentiles consist of: the same samples by the
    // avatar's distance from the receiver (2-8 m: the rest of the near tier's
    // radius; beyond 8 m: the far tier), and a bot's first receipt of an avatar
    // (its age is the avatar's, however long it stood still), each also counted
    // in the bands. Samples older than a second are counted apart.
    struct LatencySplit {
        double p50Ms = 0, p99Ms = 0;
        std::uint64_t samples = 0;
    };
    LatencySplit latencyMid, latencyFar, latencyFirstSight;
    std::uint64_t latencyOverSecond = 0;
    // Receipts of a pose the bot already had (the relay repeats a state until
    // its receipt is acknowledged): not latency samples.
    std::uint64_t repeatedPoses = 0;
    double downBytesPerSecondPerClient = 0;   // UDP payload incl. ENet headers
    double upBytesPerSecondPerClient = 0;
    double downPayloadBytesPerSecondPerClient = 0;  // Places messages only
    double snapshotsPerSecondPerClient = 0;
    double avatarUpdatesPerSecondPerClient = 0;
    double posesPerSecondPerClient = 0;       // PoseUpdates sent
    std::uint64_t chatReceived = 0;
    std::uint64_t dropped = 0;  // malformed messages + unresolvable entries seen by bots
    double seconds = 0;
    // CPU time of all bot threads during the measured window, per wall second:
    // 1.0 = one core busy. With the bots pinned to one core, near 1.0 means the
    // bots (not the relay) are the bottleneck and latencies include their backlog.
    double botCpuCores = 0;

    std::size_t threads = 1;
    std::size_t watching = 0;  // joined in a role without an avatar (spectators)
    // Received chat by text (each bot's receipt counts), bounded as said above;
    // receipts of texts beyond the bound are counted in chatTextsOmitted.
    std::map<std::string, std::uint64_t> chatTexts;
    std::uint64_t chatTextsOmitted = 0;
    BotVoiceReport voice;
    BotFairReport fair;  // in the JSON only when BotConfig::fair
    bool fairActive = false;
    // More than 90 % of a core per bot thread.
    bool botsSaturated() const { return botCpuCores > 0.9 * static_cast<double>(threads); }
    std::string toJson() const;
    // One line for people: "connected 100 (disconnected by shutdown: 100), failed 0".
    std::string summary() const;
};

// Runs the bots to completion (or until `stop`); blocks the calling thread.
BotReport runBots(const BotConfig& config, const std::atomic<bool>* stop = nullptr);

}  // namespace places::net
