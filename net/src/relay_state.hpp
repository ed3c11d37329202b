#pragma once
// Private state of the Relay, shared by relay.cpp (lifecycle, events, tick) and
// relay_handlers.cpp (one handler per client message).
#include <cassert>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "fair_state.hpp"
#include "places/net/pose_age.hpp"
#include "places/net/rate_limiter.hpp"
#include "places/net/relay.hpp"
#include "places/net/venues.hpp"
#include "places/net/voice_forwarding.hpp"
#include "snapshot_writer.hpp"

namespace places::net {

// Limits and bookkeeping per transport connection, joined or not.
struct PeerGuard {
    std::uint64_t connectedAtUs = 0;
    std::uint64_t lastHeardUs = 0;
    TokenBucket unreliable;
    TokenBucket reliable;
    TokenBucket voice;          // voice frames (RelayLimits::voiceFramesPerSecond)
    TokenBucket strikes;
    ParticipantId session = 0;  // 0 until a Hello is accepted
    std::string address;        // the remote host, for per-address limits and bans
    bool pending = true;        // no Hello accepted yet: counted in the pending indexes
};

// A session's voice (voice_relay.cpp), as a speaker and as a listener.
struct SessionVoice {
    std::uint64_t lastFrameUs = 0;        // 0 = never spoke
    float level = 0.0f;                   // recent peak amplitude, decays per frame
    std::vector<ParticipantId> listeners; // who hears this speaker until the next tick
    TokenBucket budget;                   // bytes this listener may still be sent
    bool budgetReady = false;
};

struct Session {
    ParticipantId id = 0;
    PeerId peer = kNoPeer;           // kNoPeer while detached (awaiting resume)
    std::uint64_t detachedAtUs = 0;
    Role role = Role::Visitor;
    std::string name;
    std::optional<TicketId> ticketId;
    ResumeToken resumeToken{};
    Placement placement;
    bool muted = false;
    Viewer viewer;                   // where the client looks from, for interest
    std::uint16_t lastPoseSeq = 0;
    bool hasPoseSeq = false;
    // The newest pose since the last tick, applied by the tick (applyPoses): a
    // burst of poses that queued on the way in costs one update, and only the
    // newest is ever forwarded (the others count as superseded).
    std::optional<PoseUpdate> pendingPose;
    std::uint64_t pendingPoseArrivedUs = 0;  // relay clock (µs; its ms are serverTimeMs's clock)
    std::uint32_t pendingPoseArrivedMs() const { return static_cast<std::uint32_t>(pendingPoseArrivedUs / 1000); }
    // Snapshot::poseWait of this tick: how long its pose waited for the tick.
    std::uint16_t poseWait = kNoPoseWait;
    std::uint32_t pendingPoseDelayMs = 0;    // its queueing delay on the way in (poseAge)
    PoseAgeEstimator poseAge;  // how late this sender's poses arrive (metrics)
    SnapshotWriter snapshots;
    std::vector<RosterEntry> pendingRoster;
    SessionVoice voice;
    SessionFair fair;
};

// Per-tick scratch of the voice selection, reused so a tick allocates nothing once warm.
struct VoiceScratch {
    std::vector<VoiceCandidate> hosts, speakers, pool;
    std::vector<glm::vec3> positions;
    std::vector<std::uint8_t> present;
    std::vector<std::uint32_t> near;
    std::vector<ParticipantId> picks;
    InterestGrid grid;
};

// Sessions by participant id: a vector indexed by id (ids are small and dense,
// 1..65534), so the tick finds a member's session without a tree walk;
// iteration is in id order (deterministic for tests).
class SessionTable {
public:
    Session* find(ParticipantId id) const { return id < byId_.size() ? byId_[id].get() : nullptr; }
    Session& create(ParticipantId id) {
        if (byId_.size() <= id) byId_.resize(static_cast<std::size_t>(id) + 1);
        assert(!byId_[id]);
        byId_[id] = std::make_unique<Session>();
        ++count_;
        return *byId_[id];
    }
    void erase(ParticipantId id) {
        if (!find(id)) return;
        byId_[id].reset();
        --count_;
    }
    std::size_t size() const { return count_; }
    template <class F>
    void forEach(F&& f) const {
        for (const auto& s : byId_)
            if (s) f(*s);
    }

private:
    std::vector<std::unique_ptr<Session>> byId_;
    std::size_t count_ = 0;
};

struct Relay::State {
    State(RelayConfig c, Transport& t, const Clock& k, RelayLog* l);

    RelayConfig config;
    Transport& transport;
    const Clock& clock;
    RelayLog* log;
    SnapshotParams snapshotParams;
    VenueDirectory venues;
    RelayMetrics metrics;
    std::unordered_map<PeerId, PeerGuard> peers;
    // Peers without a session: oldest first (for eviction) and per address (for the cap).
    std::set<std::pair<std::uint64_t, PeerId>> pendingByAge;
    std::unordered_map<std::string, std::size_t> pendingByAddress;
    SessionTable sessions;
    std::set<TicketId> bannedTickets;
    std::unordered_map<std::string, std::uint64_t> bannedAddresses;  // anonymous bans: address -> until (us)
    ParticipantId nextId = 1;
    bool shuttingDown = false;
    std::uint32_t tick = 0;         // number of the last tick started (the first is 1)
    std::vector<std::byte> buffer;  // encode scratch
    // Per-tick scratch shared by the viewers of one instance (sendSnapshots).
    EntryCache hostEntries, entries;
    InterestGrid grid;
    InterestScratch interestScratch;
    // Overload (relay_shed.cpp): the controller, and the packet handling time
    // since the last tick (RelayLoop handles packets between ticks).
    LoadShedder shedder;
    std::uint64_t receiveMicros = 0;
    // The age of the poses this tick applies at its start (the senders' p95
    // delay on the way in, and each pose's wait for the tick), and of every
    // pose relayed over the last second at its send (the tick's own time
    // added): the shedder's admission at capacity looks at its p99.
    std::vector<std::uint32_t> tickPoseAges, tickInboundDelays;
    RecentDelays relayedPoseAges;
    VoiceScratch voiceScratch;
    std::unique_ptr<FairState> fair;  // null when the relay runs no event (no --scene)

    std::uint32_t serverTimeMs() const { return static_cast<std::uint32_t>(clock.nowMicros() / 1000); }

    // Transport events
    void onConnected(PeerId peer);
    void onDisconnected(PeerId peer);
    void onReceived(PeerId peer, Channel channel, std::span<const std::byte> bytes);

    // Handlers (relay_handlers.cpp), one per client message
    void onHello(PeerId peer, PeerGuard& guard, std::span<const std::byte> bytes, const Hello& hello);
    void onPose(Session& s, const PoseUpdate& m);
    // Start of a tick: every session's newest pose since the last one becomes its state.
    void applyPoses();
    bool applyPose(Session& s, const PoseUpdate& m);  // false: no avatar (a spectator)
    void onChat(Session& s, const Chat& m);
    void onEvent(Session& s, const Event& m);
    void onModerate(Session& s, const Moderate& m);
    void onBye(Session& s);
    void onVoice(Session& s, const Voice& m);

    // Sending
    void send(PeerId peer, const Message& m);
    // Encodes once and sends to everyone who sees `s` (forEachAudience).
    void broadcast(const Session& s, const Message& m);
    void sendRaw(PeerId peer, Channel channel, std::span<const std::byte> bytes);
    void refuse(PeerId peer, RefuseReason reason, std::string text);
    void disconnectPeer(PeerId peer, DisconnectReason reason, std::string text);
    // Closes a peer without a session at once (transport abort) and logs why.
    void evictPending(PeerId peer, std::string_view reason);
    // Every removal from `peers` goes through here (keeps the pending indexes right).
    void erasePeer(std::unordered_map<PeerId, PeerGuard>::iterator it);
    void markJoined(PeerId peer, PeerGuard& guard, ParticipantId id);
    void unpend(PeerId peer, PeerGuard& guard);  // leaves the pending indexes (idempotent)
    bool addressBanned(const std::string& address);

    // Sessions
    Session* sessionOf(PeerId peer);
    Session* findSession(ParticipantId id);
    Session* findResumable(const ResumeToken& token);
    void admit(PeerId peer, PeerGuard& guard, Role role, std::string venue, std::string name,
               std::optional<TicketId> ticketId);
    void resume(PeerId peer, PeerGuard& guard, Session& s);
    void welcome(Session& s, bool resumed);
    void detach(Session& s);
    void removeSession(ParticipantId id, std::string_view why);

    // Operator log
    void logSession(RelayLogKind kind, const Session& s, std::string reason);
    void logPeer(RelayLogKind kind, PeerId peer, std::string reason);
    // Everyone who sees `s` (its instance, or every instance for hosts), `s` included.
    template <class F>
    void forEachAudience(const Session& s, F&& f);
    // Everyone `s` sees in the roster (its instance plus the venue's hosts).
    template <class F>
    void forEachVisible(const Session& s, F&& f);
    void strike(PeerId peer, PeerGuard& guard, std::string_view reason, double cost = 1.0);

    // Tick parts
    void expire(std::uint64_t nowUs);
    void flushRoster(Session& s);
    // `tickStartUs`: when the tick began, the snapshots' serverTimeMs (poses
    // received before it are in them; clients aim their poses just before it).
    void sendSnapshots(std::uint64_t tickStartUs);
    // Voice (voice_relay.cpp): who hears whom until the next tick.
    void selectVoiceStreams();
    // Whether `listener` may hear `speaker` at all, before any ranking. The
    // hook for private talks (the career fair's, not built yet): a private
    // talk makes this false between its members and everyone else.
    bool canHear(const Session& listener, const Session& speaker) const;
    void updateGauges();

    // The fair (fair_handlers.cpp): queues, talks, schedules, portals.
    void onFair(Session& s, const Fair& m);
    void fairJoined(Session& s, bool resumed);
    void fairLeft(Session& s);
    void fairTick(std::uint64_t nowUs);
    void fairRefuse(Session& s, FairOp op, std::string why);
    void sendToVenue(const Venue& v, const Message& m);
    void sendQueueState(BoothState& b);
    void sendBoothStatus(BoothState& b, std::uint64_t nowUs, PeerId only = kNoPeer);
    void sendDueBoothStatus(std::uint64_t nowUs);
    void sendSchedule(const StageState& st, PeerId only);
    void startTalk(Session& exhibitor, BoothState& b);
    void endTalk(std::uint16_t talkId, std::uint64_t nowUs);
    // False (refused with a reason, nothing changed) when the target venue is full.
    bool moveThroughPortal(Session& s, const FairPortal& portal, FairOp op);
    bool sameTalk(const Session& a, const Session& b) const;

    // Overload (relay_shed.cpp)
    struct TickCost {
        std::uint64_t receive = 0, housekeeping = 0, snapshots = 0, flush = 0;
    };
    void observeLoad(const TickCost& cost);
    void applyShedLevel(ShedLevel from);
    ShedLevel shedLevel() const { return shedder.level(); }
    // Whether a snapshot for `peer` would only lengthen a queue (counted as dropped).
    bool backlogged(PeerId peer);
};

template <class F>
void Relay::State::forEachAudience(const Session& s, F&& f) {
    const Venue& v = *s.placement.venue;
    if (s.placement.kind == SlotKind::HostAvatar) {
        for (const auto& in : v.instances)
            for (ParticipantId id : in->members) f(id);
        for (ParticipantId id : v.hostIds) f(id);
        return;
    }
    for (ParticipantId id : v.instances[s.placement.instance]->members) f(id);
    // Hosts watch instance 0, so they hear it (and only it) besides each other.
    if (s.placement.instance == 0)
        for (ParticipantId id : v.hostIds) f(id);
}

template <class F>
void Relay::State::forEachVisible(const Session& s, F&& f) {
    const Venue& v = *s.placement.venue;
    for (ParticipantId id : v.instances[s.placement.instance]->members) f(id);
    for (ParticipantId id : v.hostIds) f(id);
}

}  // namespace places::net
