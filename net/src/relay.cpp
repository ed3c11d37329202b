// Relay lifecycle: transport events, admission of sessions, the tick.
#include <sodium.h>

#include <algorithm>
#include <cassert>

#include "relay_state.hpp"

namespace places::net {
namespace {

// The Hello deadline while the relay sheds load (level 1 and up): its short
// receive queue drops datagrams, Hellos among them, and ENet resends a lost
// one after its retransmission timeout (~0.5-1 s after a handshake), doubling
// each time. Closing the connection at handshakeTimeoutMs (3 s) would cut
// those resends off after one or two and lose the join; pending connections
// stay capped per address and evicted near a full table as at any level.
constexpr std::uint64_t kHelloSheddingMs = 10'000;

}  // namespace

Relay::State::State(RelayConfig c, Transport& t, const Clock& k, RelayLog* l)
    : config(std::move(c)),
      transport(t),
      clock(k),
      log(l),
      venues(config.avatarCapacity, config.spectatorCapacity, config.maxInstancesPerVenue),
      shedder(config.shed, 1'000'000 / std::max<std::uint32_t>(config.tickRateHz, 1)),
      relayedPoseAges(std::max<std::uint32_t>(config.tickRateHz / 2, 1)) {
    if (!config.fair.venues.empty()) fair = std::make_unique<FairState>(config.fair);
    snapshotParams.budgetBytes = config.snapshotBudgetBytes;
    snapshotParams.interest = config.interest;
    snapshotParams.farStaleAfterMs = config.farStaleAfterMs;
}

Relay::Relay(RelayConfig config, Transport& transport, const Clock& clock, RelayLog* log)
    : state_(std::make_unique<State>(std::move(config), transport, clock, log)) {}

Relay::~Relay() = default;

const RelayMetrics& Relay::metrics() const { return state_->metrics; }
const RelayConfig& Relay::config() const { return state_->config; }

std::vector<SessionInfo> Relay::sessions() const {
    std::vector<SessionInfo> out;
    state_->sessions.forEach([&](const Session& s) {
        out.push_back({s.id, s.role, s.name, s.placement.venue->name, s.placement.instance, s.peer != kNoPeer, s.muted});
    });
    return out;
}

std::size_t Relay::instanceCount(const std::string& venue) const {
    const Venue* v = state_->venues.find(venue);
    return v ? v->instances.size() : 0;
}

bool Relay::pump(std::uint32_t waitMs, std::uint64_t budgetMicros) {
    State& st = *state_;
    TransportEvent event;
    // Packet handling is part of what a tick costs (observeLoad); waiting is not.
    std::uint64_t start = waitMs == 0 ? st.clock.nowMicros() : 0;
    bool drained = true;
    for (std::uint32_t handled = 0; st.transport.poll(event, waitMs); ++handled) {
        if (waitMs != 0) start = st.clock.nowMicros();
        waitMs = 0;
        switch (event.kind) {
            case TransportEventKind::Connected: st.onConnected(event.peer); break;
            case TransportEventKind::Disconnected: st.onDisconnected(event.peer); break;
            case TransportEventKind::Received: st.onReceived(event.peer, event.channel, event.data); break;
        }
        // The clock is read every 16 events: an event costs a few microseconds.
        if (budgetMicros != 0 && handled % 16 == 15 && st.clock.nowMicros() - start >= budgetMicros) {
            ++st.metrics.receiveCut;
            drained = false;
            break;
        }
    }
    if (start != 0) st.receiveMicros += st.clock.nowMicros() - start;
    return drained;
}

void Relay::tick() {
    State& st = *state_;
    const std::uint64_t start = st.clock.nowMicros();
    ++st.tick;
    st.applyPoses();
    st.expire(start);
    st.fairTick(start);
    st.sessions.forEach([&](Session& s) { st.flushRoster(s); });
    const std::uint64_t snapshotStart = st.clock.nowMicros();
    st.sendSnapshots(start);
    st.selectVoiceStreams();
    const std::uint64_t flushStart = st.clock.nowMicros();
    st.transport.flush();
    st.metrics.lastFlushMicros = st.clock.nowMicros() - flushStart;
    st.updateGauges();
    const std::uint64_t end = st.clock.nowMicros();
    const std::uint64_t took = end - start;
    st.metrics.tickTimes.add(took);
    ++st.metrics.ticks;
    if (took * st.config.tickRateHz > 1'000'000) ++st.metrics.tickOverruns;
    st.observeLoad({st.receiveMicros, snapshotStart - start, flushStart - snapshotStart, end - flushStart});
    st.receiveMicros = 0;
    const auto tickMs = static_cast<std::uint32_t>(took / 1000);
    for (const std::uint32_t age : st.tickPoseAges) st.relayedPoseAges.add(age + tickMs);
    st.relayedPoseAges.endTick();
    st.metrics.relayedPoseAgeP99Ms = st.relayedPoseAges.p99();
}

void Relay::shutdown(std::string_view text) {
    State& st = *state_;
    st.shuttingDown = true;
    std::vector<PeerId> peers;
    for (const auto& [peer, guard] : st.peers) peers.push_back(peer);
    for (PeerId peer : peers) st.disconnectPeer(peer, DisconnectReason::Shutdown, std::string(text));
    st.transport.flush();
}

void Relay::State::onConnected(PeerId peer) {
    const std::uint64_t now = clock.nowMicros();
    std::string address = transport.address(peer);
    // Half-open floods (docs/formats/protocol.md, "Limits"): one address may not
    // hold many unauthenticated slots, and near a full table the oldest of them
    // makes room, so the last slots always go to whoever connects next.
    const auto pending = pendingByAddress.find(address);
    if (pending != pendingByAddress.end() && pending->second >= config.pendingPerAddress) {
        metrics.drop("pending_per_address");
        if (log) {
            RelayLogRecord r;
            r.kind = RelayLogKind::Evict;
            r.address = address;
            r.reason = "too many connections without a hello from this address";
            log->record(r);
        }
        transport.abort(peer);
        return;
    }
    const std::size_t nearlyFull = config.maxPeers > config.reservedPeers ? config.maxPeers - config.reservedPeers : 0;
    if (peers.size() >= nearlyFull && !pendingByAge.empty()) {
        metrics.drop("pending_evicted");
        evictPending(pendingByAge.begin()->second, "connection table nearly full, oldest without a hello");
    }
    PeerGuard g;
    g.address = std::move(address);
    g.connectedAtUs = g.lastHeardUs = now;
    g.unreliable = TokenBucket(config.limits.posesPerSecond, config.limits.poseBurst, now);
    g.reliable = TokenBucket(config.limits.reliablePerSecond, config.limits.reliableBurst, now);
    g.voice = TokenBucket(config.limits.voiceFramesPerSecond, config.limits.voiceBurst, now);
    g.strikes = TokenBucket(config.limits.strikesPerSecond, config.limits.strikes, now);
    // At the cap, further attempts from this address are dropped by the
    // transport before they take a slot (they would churn through it otherwise).
    if (++pendingByAddress[g.address] == config.pendingPerAddress) transport.blockConnects(g.address, true);
    pendingByAge.insert({now, peer});
    peers[peer] = std::move(g);
}

void Relay::State::erasePeer(std::unordered_map<PeerId, PeerGuard>::iterator it) {
    unpend(it->first, it->second);
    peers.erase(it);
}

void Relay::State::markJoined(PeerId peer, PeerGuard& guard, ParticipantId id) {
    unpend(peer, guard);
    guard.session = id;
}

void Relay::State::unpend(PeerId peer, PeerGuard& guard) {
    if (!guard.pending) return;
    guard.pending = false;
    pendingByAge.erase({guard.connectedAtUs, peer});
    auto a = pendingByAddress.find(guard.address);
    if (a == pendingByAddress.end()) return;
    if (a->second == config.pendingPerAddress) transport.blockConnects(guard.address, false);
    if (--a->second == 0) pendingByAddress.erase(a);
}

void Relay::State::evictPending(PeerId peer, std::string_view reason) {
    auto it = peers.find(peer);
    if (it == peers.end()) return;
    assert(it->second.pending);
    logPeer(RelayLogKind::Evict, peer, std::string(reason));
    erasePeer(it);
    transport.abort(peer);
}

bool Relay::State::addressBanned(const std::string& address) {
    auto it = bannedAddresses.find(address);
    if (it == bannedAddresses.end()) return false;
    if (clock.nowMicros() < it->second) return true;
    bannedAddresses.erase(it);
    return false;
}

void Relay::State::logSession(RelayLogKind kind, const Session& s, std::string reason) {
    if (!log) return;
    RelayLogRecord r;
    r.kind = kind;
    r.participant = s.id;
    r.name = s.name;
    r.venue = s.placement.venue->name;
    r.instance = s.placement.instance;
    if (auto it = peers.find(s.peer); s.peer != kNoPeer && it != peers.end()) r.address = it->second.address;
    if (s.ticketId) r.ticket = toHex(*s.ticketId);
    r.reason = std::move(reason);
    log->record(r);
}

void Relay::State::logPeer(RelayLogKind kind, PeerId peer, std::string reason) {
    if (!log) return;
    RelayLogRecord r;
    r.kind = kind;
    if (auto it = peers.find(peer); it != peers.end()) r.address = it->second.address;
    r.reason = std::move(reason);
    log->record(r);
}

void Relay::State::onDisconnected(PeerId peer) {
    auto it = peers.find(peer);
    if (it == peers.end()) return;
    Session* s = findSession(it->second.session);
    if (s && s->peer == peer) logSession(RelayLogKind::Leave, *s, "connection closed, resumable");  // with its address
    erasePeer(it);
    if (s && s->peer == peer) detach(*s);
}

void Relay::State::strike(PeerId peer, PeerGuard& guard, std::string_view reason, double cost) {
    metrics.drop(reason);
    if (!guard.strikes.take(clock.nowMicros(), cost))
        disconnectPeer(peer, DisconnectReason::ProtocolViolation, "too many invalid messages");
}

void Relay::State::onReceived(PeerId peer, Channel channel, std::span<const std::byte> bytes) {
    auto it = peers.find(peer);
    if (it == peers.end()) return;  // disconnecting: late packets are ignored
    PeerGuard& guard = it->second;
    const std::uint64_t now = clock.nowMicros();
    metrics.bytesIn += bytes.size();
    ++metrics.messagesIn;
    guard.lastHeardUs = now;
    if (bytes.size() > kMaxClientMessageBytes) return strike(peer, guard, "oversized");
    if (channel == Channel::Voice) {
        ++metrics.voiceFramesIn;
        metrics.voiceBytesIn += bytes.size();
    }
    TokenBucket& bucket = channel == Channel::Unreliable ? guard.unreliable
                          : channel == Channel::Voice    ? guard.voice
                                                         : guard.reliable;
    if (!bucket.take(now)) {
        if (channel != Channel::Voice) return strike(peer, guard, "rate_limited", config.limits.rateLimitStrike);
        ++metrics.voiceFramesDropped;
        return strike(peer, guard, "voice_rate_limited", config.limits.rateLimitStrike);
    }

    if (guard.session == 0) {
        // Before a Hello is accepted nothing else is: a version mismatch gets a clear refusal.
        const auto version = peekHelloVersion(bytes);
        if (version && *version != kProtocolVersion) {
            metrics.drop("version_mismatch");
            return refuse(peer, RefuseReason::VersionMismatch,
                          "relay speaks protocol " + std::to_string(kProtocolVersion) + ", client " +
                              std::to_string(*version));
        }
    }
    const auto decoded = decodeMessage(bytes);
    if (!decoded) {
        if (guard.session == 0) {
            metrics.drop(toString(decoded.error));
            return refuse(peer, RefuseReason::Malformed, "malformed hello: " + decoded.describe());
        }
        if (bytes[0] == static_cast<std::byte>(MessageType::Voice)) {
            // Oversized payloads, reserved loudness bits, truncation: refused and counted apart.
            ++metrics.voiceFramesDropped;
            return strike(peer, guard, "voice_malformed");
        }
        return strike(peer, guard, toString(decoded.error));
    }
    const MessageType type = typeOf(*decoded.value);
    if (!isClientMessage(type)) return strike(peer, guard, "unexpected_type");
    if (channelOf(type) != channel) return strike(peer, guard, "wrong_channel");
    if (guard.session == 0) {
        if (type != MessageType::Hello) return strike(peer, guard, "not_joined");
        return onHello(peer, guard, bytes, std::get<Hello>(*decoded.value));
    }
    Session* s = findSession(guard.session);
    assert(s && s->peer == peer);
    std::visit(
        [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, PoseUpdate>) onPose(*s, m);
            else if constexpr (std::is_same_v<T, Chat>) onChat(*s, m);
            else if constexpr (std::is_same_v<T, Event>) onEvent(*s, m);
            else if constexpr (std::is_same_v<T, Moderate>) onModerate(*s, m);
            else if constexpr (std::is_same_v<T, Bye>) onBye(*s);
            else if constexpr (std::is_same_v<T, Voice>) onVoice(*s, m);
            else if constexpr (std::is_same_v<T, Fair>) onFair(*s, m);
            else strike(peer, guard, "unexpected_type");  // a second Hello
        },
        *decoded.value);
}

void Relay::State::sendRaw(PeerId peer, Channel channel, std::span<const std::byte> bytes) {
    transport.send(peer, channel, bytes);
    metrics.bytesOut += bytes.size();
    ++metrics.messagesOut;
}

void Relay::State::send(PeerId peer, const Message& m) {
    buffer.clear();
    encodeMessage(m, buffer);
    sendRaw(peer, channelOf(typeOf(m)), buffer);
}

void Relay::State::broadcast(const Session& s, const Message& m) {
    buffer.clear();
    encodeMessage(m, buffer);
    const Channel channel = channelOf(typeOf(m));
    forEachAudience(s, [&](ParticipantId id) {
        if (const Session* o = findSession(id); o && o->peer != kNoPeer) sendRaw(o->peer, channel, buffer);
    });
}

void Relay::State::refuse(PeerId peer, RefuseReason reason, std::string text) {
    ++metrics.refusals;
    text.resize(std::min(text.size(), kMaxReasonBytes));
    logPeer(RelayLogKind::Refuse, peer, std::string(toString(reason)).append(": ").append(text));
    send(peer, Refuse{reason, kProtocolVersion, std::move(text)});
    if (auto it = peers.find(peer); it != peers.end()) erasePeer(it);
    transport.disconnect(peer);
}

void Relay::State::disconnectPeer(PeerId peer, DisconnectReason reason, std::string text) {
    auto it = peers.find(peer);
    if (it == peers.end()) return;
    const ParticipantId id = it->second.session;
    text.resize(std::min(text.size(), kMaxReasonBytes));
    Session* s = findSession(id);
    std::string why = std::string(toString(reason)).append(": ").append(text);
    const bool keep = reason == DisconnectReason::Timeout || reason == DisconnectReason::Shutdown;
    if (s && keep) logSession(RelayLogKind::Leave, *s, why + ", resumable");
    send(peer, Disconnect{reason, std::move(text)});
    erasePeer(it);
    transport.disconnect(peer);
    if (!s) return;
    // Timeouts and shutdowns keep the slot for a resume; everything else ends the session.
    if (keep) detach(*s);
    else removeSession(id, why);
}

Session* Relay::State::sessionOf(PeerId peer) {
    auto it = peers.find(peer);
    return it == peers.end() ? nullptr : findSession(it->second.session);
}

Session* Relay::State::findSession(ParticipantId id) {
    return sessions.find(id);
}

Session* Relay::State::findResumable(const ResumeToken& token) {
    Session* found = nullptr;
    sessions.forEach([&](Session& s) {
        if (!found && sodium_memcmp(s.resumeToken.data(), token.data(), token.size()) == 0) found = &s;
    });
    return found;
}

void Relay::State::admit(PeerId peer, PeerGuard& guard, Role role, std::string venue, std::string name,
                         std::optional<TicketId> ticketId) {
    // At its capacity (level 4 without headroom, load_shedder.hpp) the relay lets
    // no more visitors or spectators in: the latency of those inside holds, and a
    // refused client tries again later (or another relay). The staff who run the
    // event (hosts, moderators, exhibitors) are always admitted.
    if ((role == Role::Visitor || role == Role::Spectator) && !shedder.admitVisitor(relayedPoseAges.p99())) {
        ++metrics.joinsRefusedAtCapacity;
        return refuse(peer, RefuseReason::VenueFull, "relay at capacity, try again later");
    }
    // Ids are never reused while a session holds one; after 65,534 joins they wrap.
    ParticipantId id = 0;
    for (std::uint32_t tries = 0; tries < kMaxParticipantId && id == 0; ++tries) {
        const ParticipantId candidate = nextId;
        nextId = nextId == kMaxParticipantId ? 1 : static_cast<ParticipantId>(nextId + 1);
        if (!sessions.find(candidate)) id = candidate;
    }
    if (id == 0) return refuse(peer, RefuseReason::VenueFull, "relay full");
    const Venue* before = venues.find(venue);
    const std::size_t instancesBefore = before ? before->instances.size() : 0;
    const auto placement = venues.join(venue, role, id);
    if (!placement) return refuse(peer, RefuseReason::VenueFull, "no instance left for this venue");
    const bool overflow = instancesBefore != 0 && placement->venue->instances.size() > instancesBefore;
    // Instances are closed to joins only under overload (level 4, relay_shed.cpp).
    const auto& instances = placement->venue->instances;
    const bool diverted = std::any_of(instances.begin(), instances.end(), [](const auto& in) { return in->closedToJoins; });
    if (diverted) ++metrics.joinsDiverted;
    Session& s = sessions.create(id);
    s.id = id;
    s.peer = peer;
    s.role = role;
    s.name = std::move(name);
    s.ticketId = ticketId;
    s.placement = *placement;
    randombytes_buf(s.resumeToken.data(), s.resumeToken.size());
    markJoined(peer, guard, id);
    ++metrics.joins;
    logSession(RelayLogKind::Join, s, toString(role).data());
    if (overflow)
        logSession(RelayLogKind::Overflow, s,
                   "instance " + std::to_string(s.placement.instance) + " opened, the others " +
                       (diverted ? "refuse joins under overload" : "are full"));
    welcome(s, false);
    fairJoined(s, false);
    const RosterEntry join{RosterOp::Join, id, role, static_cast<std::uint8_t>(hasAvatar(role) ? kRosterHasAvatar : 0),
                           s.name};
    forEachAudience(s, [&](ParticipantId other) {
        if (other == id) return;
        if (Session* o = findSession(other)) o->pendingRoster.push_back(join);
    });
}

void Relay::State::resume(PeerId peer, PeerGuard& guard, Session& s) {
    if (s.peer != kNoPeer) {
        // The old connection is half-open (the relay has not noticed the cut yet):
        // the new one takes over, so there is never a second avatar.
        const PeerId old = s.peer;
        s.peer = kNoPeer;
        if (auto it = peers.find(old); it != peers.end()) it->second.session = 0;
        disconnectPeer(old, DisconnectReason::Replaced, "resumed elsewhere");
    }
    s.peer = peer;
    s.detachedAtUs = 0;
    s.hasPoseSeq = false;
    s.pendingPose.reset();
    s.poseAge = {};  // another path, maybe another clock
    s.snapshots.reset();  // a new connection has no baselines
    markJoined(peer, guard, s.id);
    ++metrics.resumes;
    logSession(RelayLogKind::Resume, s, {});
    welcome(s, true);
    fairJoined(s, true);
}

void Relay::State::welcome(Session& s, bool resumed) {
    Welcome w;
    w.you = s.id;
    w.role = s.role;
    w.flags = static_cast<std::uint8_t>((hasAvatar(s.role) ? kWelcomeHasAvatar : 0) | (resumed ? kWelcomeResumed : 0));
    w.resumeToken = s.resumeToken;
    w.instance = s.placement.instance;
    w.tickRateHz = static_cast<std::uint8_t>(std::min<std::uint32_t>(config.tickRateHz, 255));
    w.bounds = config.bounds;
    w.serverTimeMs = serverTimeMs();
    send(s.peer, w);
    // The full roster of what this session sees, itself included, goes with the next tick.
    s.pendingRoster.clear();
    forEachVisible(s, [&](ParticipantId id) {
        const Session* o = findSession(id);
        if (!o) return;
        s.pendingRoster.push_back({RosterOp::Join, id, o->role,
                                   static_cast<std::uint8_t>(hasAvatar(o->role) ? kRosterHasAvatar : 0), o->name});
    });
}

void Relay::State::detach(Session& s) {
    s.peer = kNoPeer;
    s.detachedAtUs = clock.nowMicros();
}

void Relay::State::removeSession(ParticipantId id, std::string_view why) {
    Session* found = sessions.find(id);
    if (!found) return;
    Session& s = *found;
    logSession(RelayLogKind::Leave, s, std::string(why));
    const RosterEntry leave{RosterOp::Leave, id};
    forEachAudience(s, [&](ParticipantId other) {
        if (other == id) return;
        if (Session* o = findSession(other)) o->pendingRoster.push_back(leave);
    });
    fairLeft(s);
    venues.leave(s.placement, id);
    if (s.peer != kNoPeer) {
        // The connection is being closed and holds no session now (nor is it pending).
        if (auto p = peers.find(s.peer); p != peers.end()) p->second.session = 0;
    }
    sessions.erase(id);
}

void Relay::State::expire(std::uint64_t now) {
    // Peers without a session, oldest first: stop at the first within its deadline
    // (longer while shedding: lost Hellos are being resent, kHelloSheddingMs).
    const std::uint64_t helloMs = shedder.level() >= ShedLevel::FewerFar
                                      ? std::max(config.handshakeTimeoutMs, kHelloSheddingMs)
                                      : config.handshakeTimeoutMs;
    while (!pendingByAge.empty() && now - pendingByAge.begin()->first > helloMs * 1000) {
        ++metrics.timeouts;
        metrics.drop("hello_timeout");
        evictPending(pendingByAge.begin()->second, "no hello in time");
    }
    std::vector<PeerId> silent;
    for (auto& [peer, guard] : peers)
        if (guard.session && now - guard.lastHeardUs > config.peerTimeoutMs * 1000) silent.push_back(peer);
    for (PeerId peer : silent) {
        ++metrics.timeouts;
        disconnectPeer(peer, DisconnectReason::Timeout, "silent for too long");
    }
    std::vector<ParticipantId> gone;
    sessions.forEach([&](const Session& s) {
        if (s.peer == kNoPeer && now - s.detachedAtUs > config.resumeWindowMs * 1000) gone.push_back(s.id);
    });
    for (ParticipantId id : gone) removeSession(id, "resume window expired");
}

void Relay::State::flushRoster(Session& s) {
    if (s.peer == kNoPeer || s.pendingRoster.empty()) return;
    Roster r;
    for (std::size_t i = 0; i < s.pendingRoster.size(); i += kMaxRosterEntries) {
        const std::size_t end = std::min(s.pendingRoster.size(), i + kMaxRosterEntries);
        r.entries.assign(std::make_move_iterator(s.pendingRoster.begin() + static_cast<std::ptrdiff_t>(i)),
                         std::make_move_iterator(s.pendingRoster.begin() + static_cast<std::ptrdiff_t>(end)));
        send(s.peer, r);
    }
    s.pendingRoster.clear();
}

void Relay::State::sendSnapshots(std::uint64_t tickStartUs) {
    SnapshotFrame frame;
    frame.tick = tick;
    frame.serverTimeMs = static_cast<std::uint32_t>(tickStartUs / 1000);
    frame.hostEntries = &hostEntries;
    frame.entries = &entries;
    frame.grid = &grid;
    frame.params = &snapshotParams;
    frame.scratch = &interestScratch;
    constexpr std::size_t kViewersPerFlush = 256;
    std::size_t written = 0;
    const auto emit = [&](Session& s) {
        if (s.peer == kNoPeer || backlogged(s.peer)) return;
        const PeerId peer = s.peer;
        SelfSlot self;
        if (s.placement.kind == SlotKind::InstanceAvatar) self = {0, s.placement.slot};
        if (s.placement.kind == SlotKind::HostAvatar) self = {1, s.placement.slot};
        if (config.naiveForwarding) {
            SnapshotWriter::writeNaive(frame, self, buffer, [&](std::span<std::byte> packet) {
                stampPoseWait(packet, s.poseWait);
                sendRaw(peer, Channel::Unreliable, packet);
                ++metrics.snapshotsOut;
            });
            return;
        }
        if (!farTierDue(snapshotParams, frame.tick, s.id)) ++metrics.farTierSkipped;
        s.snapshots.write(frame, s.viewer, self, s.id, buffer);
        metrics.farStaleSkipped += s.snapshots.takeFarStaleSkips();
        stampPoseWait(buffer, s.poseWait);
        sendRaw(peer, Channel::Unreliable, buffer);
        ++metrics.snapshotsOut;
        // Out as soon as a slice is written, not when the last viewer's is: at
        // 1,000 viewers writing takes most of the tick (12 ms on a relay with
        // 40 % of a core), and a snapshot held to the end waits for all that
        // follow it. Every transport flush walks all of ENet's peers, so
        // slices stay large (4 extra flushes at 1,000 viewers).
        if (++written % kViewersPerFlush == 0) transport.flush();
    };
    for (const auto& venue : venues.venues()) {
        metrics.staleWithheld += hostEntries.begin(venue->hosts, tick, frame.serverTimeMs, config.staleAfterMs);
        frame.hosts = &venue->hosts;
        for (std::size_t i = 0; i < venue->instances.size(); ++i) {
            Instance& instance = *venue->instances[i];
            metrics.staleWithheld += entries.begin(instance.avatars, tick, frame.serverTimeMs, config.staleAfterMs);
            grid.build(instance.avatars.positions, entries.present(), snapshotParams.interest.nearRadius);
            frame.avatars = &instance.avatars;
            for (ParticipantId id : instance.members)
                if (Session* s = findSession(id)) emit(*s);
            if (i == 0)
                for (ParticipantId id : venue->hostIds)
                    if (Session* s = findSession(id)) emit(*s);
        }
    }
}

void Relay::State::updateGauges() {
    metrics.peers = peers.size();
    metrics.sessions = sessions.size();
    metrics.avatars = metrics.spectators = 0;
    sessions.forEach([&](const Session& s) { (hasAvatar(s.role) ? metrics.avatars : metrics.spectators) += 1; });
    metrics.venues = venues.venues().size();
    metrics.instances = venues.instanceCount();
}

}  // namespace places::net
