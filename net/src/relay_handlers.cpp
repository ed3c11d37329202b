// One handler per client message. Each checks what the relay's rules require
// (role, mute, bounds) before anything reaches another client.
#include <sodium.h>

#include <algorithm>
#include <cmath>

#include "relay_state.hpp"

namespace places::net {
namespace {

glm::vec3 forwardOf(std::uint32_t packedRotation) {
    const glm::vec3 f = unpackQuaternion(packedRotation) * glm::vec3(0.0f, 0.0f, -1.0f);
    return std::isfinite(f.x) ? f : glm::vec3(0.0f, 0.0f, -1.0f);
}

}  // namespace

void Relay::State::onHello(PeerId peer, PeerGuard& guard, std::span<const std::byte>, const Hello& hello) {
    if (shuttingDown) return refuse(peer, RefuseReason::ShuttingDown, "relay is shutting down");
    Role role = Role::Visitor;
    std::string venue = hello.venue;
    std::string name = hello.name;
    std::optional<TicketId> ticketId;
    if (!hello.ticket.empty()) {
        if (!config.ticketKey) return refuse(peer, RefuseReason::BadTicket, "this relay has no ticket key");
        const TicketCheck check = verifyTicket(hello.ticket, *config.ticketKey, clock.unixSeconds());
        if (!check.ticket) {
            metrics.drop(check.error == TicketError::Expired ? "ticket_expired" : "ticket_invalid");
            return refuse(peer, check.error == TicketError::Expired ? RefuseReason::TicketExpired : RefuseReason::BadTicket,
                          check.detail);
        }
        role = check.ticket->role;
        venue = check.ticket->venue;
        name = check.ticket->name;
        ticketId = check.ticket->id;
    } else if (!config.open) {
        return refuse(peer, RefuseReason::AnonymousNotAllowed, "this relay requires a ticket");
    }
    if (hello.spectate) role = Role::Spectator;  // a downgrade the client asked for, never a raise
    if (name.empty()) name = "visitor";
    // Bans go by identity, never by display name (anonymous visitors are all
    // "visitor"): a ticket by its id, an anonymous visitor by its address.
    if (ticketId ? bannedTickets.count(*ticketId) != 0 : addressBanned(guard.address))
        return refuse(peer, RefuseReason::Banned, "banned from this relay");

    if (hello.resume) {
        Session* s = findResumable(*hello.resume);
        // A token only resumes the identity it was issued to.
        // (After a portal the session is elsewhere; the ticket still names where it came in.)
        if (s && s->name == name && s->ticketId == ticketId &&
            (s->placement.venue->name == venue || s->fair.entryVenue == venue))
            return resume(peer, guard, *s);
    }
    admit(peer, guard, role, std::move(venue), std::move(name), ticketId);
}

void Relay::State::onPose(Session& s, const PoseUpdate& m) {
    s.snapshots.onAck(m.ackSnapshot, m.ackMask);
    // Unreliable and sequenced: an older pose than the last one is stale.
    if (s.hasPoseSeq && !sequenceNewer(m.seq, s.lastPoseSeq)) return metrics.drop("stale_pose");
    if (!insideBounds(m.state, config.bounds)) {
        if (auto it = peers.find(s.peer); it != peers.end()) strike(s.peer, it->second, "out_of_bounds");
        return;
    }
    s.hasPoseSeq = true;
    s.lastPoseSeq = m.seq;
    const std::uint32_t delay = s.poseAge.observe(m.sendTimeMs, clock.nowMicros());
    metrics.poseInboundDelay.add(delay);
    // Only the newest pose of a sender is forwarded: one that waited in a queue
    // behind a newer one is never sent on (docs/formats/protocol.md, "Overload").
    if (s.pendingPose) ++metrics.posesSuperseded;
    s.pendingPose = m;
    s.pendingPoseArrivedUs = clock.nowMicros();
    s.pendingPoseDelayMs = delay;
}

void Relay::State::applyPoses() {
    const std::uint64_t nowUs = clock.nowMicros();
    const auto nowMs = static_cast<std::uint32_t>(nowUs / 1000);
    tickPoseAges.clear();
    tickInboundDelays.clear();
    sessions.forEach([&](Session& s) {
        if (!s.pendingPose) {
            s.poseWait = kNoPoseWait;
            return;
        }
        const std::uint64_t waitTenths = (nowUs - s.pendingPoseArrivedUs) / 100;
        s.poseWait = static_cast<std::uint16_t>(std::min<std::uint64_t>(waitTenths, kNoPoseWait - 1));
        // An avatar's pose: its wait for this tick, and its delay on the way
        // in, go into what admission at capacity watches.
        if (applyPose(s, *s.pendingPose)) {
            tickPoseAges.push_back(nowMs - s.pendingPoseArrivedMs());
            tickInboundDelays.push_back(s.pendingPoseDelayMs);
        }
        s.pendingPose.reset();
    });
    if (tickInboundDelays.empty()) return;
    // The delay on the way in rests on the sender's own clock, which a client
    // could bend to make its poses look late and close admission for everyone.
    // The queue they waited in is the relay's one socket, shared by all: the
    // 95th percentile over this tick's senders stands for every pose. It keeps
    // the queue's tail (a median fell 8-20 ms short of what visitors saw, the
    // 90th 2-4 ms), and fewer than one sender in twenty lying cannot move it.
    const auto rank = tickInboundDelays.begin() + static_cast<std::ptrdiff_t>(tickInboundDelays.size() * 19 / 20);
    std::nth_element(tickInboundDelays.begin(), rank, tickInboundDelays.end());
    for (std::uint32_t& age : tickPoseAges) age += *rank;
}

bool Relay::State::applyPose(Session& s, const PoseUpdate& m) {
    s.viewer.position = headPositionMetres(m.state, config.bounds);
    s.viewer.forward = forwardOf(m.state.headRot);
    AvatarSlot* slot = s.placement.avatar();
    if (!slot) return false;  // spectators steer only their own interest
    slot->poseTimeMs = static_cast<std::uint16_t>(m.sendTimeMs);
    slot->poseReceivedMs = s.pendingPoseArrivedMs();
    if (!slot->hasState || slot->state != m.state) {
        slot->state = m.state;
        slot->changedTick = tick;  // applied at the start of this tick: its snapshots carry it
    }
    slot->hasState = true;
    AvatarTable& table = s.placement.kind == SlotKind::HostAvatar ? s.placement.venue->hosts
                                                                  : s.placement.venue->instances[s.placement.instance]->avatars;
    table.positions[s.placement.slot] = s.viewer.position;
    return true;
}

void Relay::State::onChat(Session& s, const Chat& m) {
    if (s.muted) {
        metrics.drop("muted");
        return send(s.peer, ModerationNotice{ModerationAction::Mute, s.id, kRelayParticipant,
                                             ModerationStatus::AppliedToYou, "you are muted"});
    }
    broadcast(s, ChatFrom{s.id, m.text});
}

void Relay::State::onEvent(Session& s, const Event& m) {
    broadcast(s, EventFrom{s.id, m.kind, m.payload});
}

void Relay::State::onModerate(Session& s, const Moderate& m) {
    ModerationNotice reply{m.action, m.target, s.id, ModerationStatus::Done, m.reason};
    Session* target = findSession(m.target);
    if (!canModerate(s.role)) {
        metrics.drop("not_permitted");
        reply.status = ModerationStatus::NotPermitted;
    } else if (!target || target->placement.venue != s.placement.venue) {
        reply.status = ModerationStatus::NoSuchTarget;
    } else if (canModerate(target->role) || target->id == s.id) {
        reply.status = ModerationStatus::TargetImmune;
    }
    send(s.peer, reply);
    if (reply.status != ModerationStatus::Done) return;
    logSession(RelayLogKind::Moderate, *target,
               std::string(toString(m.action)).append(" by ").append(std::to_string(s.id)).append(": ").append(m.reason));
    const std::string reason = m.reason.empty() ? std::string(m.action == ModerationAction::Ban ? "banned" : "kicked")
                                                : m.reason;
    switch (m.action) {
        case ModerationAction::Mute:
        case ModerationAction::Unmute:
            target->muted = m.action == ModerationAction::Mute;
            if (target->peer != kNoPeer)
                send(target->peer, ModerationNotice{m.action, target->id, s.id, ModerationStatus::AppliedToYou, m.reason});
            break;
        case ModerationAction::Ban:
            ++metrics.bans;
            if (target->ticketId) {
                bannedTickets.insert(*target->ticketId);
            } else if (auto p = peers.find(target->peer); target->peer != kNoPeer && p != peers.end()) {
                bannedAddresses[p->second.address] = clock.nowMicros() + config.anonymousBanMs * 1000;
            }
            [[fallthrough]];
        case ModerationAction::Kick:
            ++metrics.kicks;
            if (target->peer != kNoPeer)
                disconnectPeer(target->peer,
                               m.action == ModerationAction::Ban ? DisconnectReason::Banned : DisconnectReason::Kicked,
                               reason);
            else
                removeSession(target->id, m.action == ModerationAction::Ban ? "banned" : "kicked");
            break;
    }
}

void Relay::State::onBye(Session& s) {
    const PeerId peer = s.peer;
    removeSession(s.id, "left");
    if (auto it = peers.find(peer); it != peers.end()) erasePeer(it);
    transport.disconnect(peer);
}

}  // namespace places::net
