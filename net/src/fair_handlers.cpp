// The fair's rules on the relay (issue #10; docs/formats/protocol.md "Fair"):
// which act is on, booth queues with positions and estimated waits, exhibitors
// calling visitors into private talks (at most FairConfig::talksPerExhibitor at
// once), away, portals between venues. Whatever a role may not do is refused,
// told to the sender and counted (metrics: dropped{reason="fair_not_permitted"}).
#include <algorithm>
#include <cmath>

#include "relay_state.hpp"

namespace places::net {
namespace {

std::string personOf(const Session& s) {
    if (s.ticketId) {
        std::string out = "ticket:";
        out += toHex(*s.ticketId);
        return out;
    }
    // Anonymous visitors (--open relays) are known by venue and name only.
    std::string out = "anon:";
    out += s.fair.entryVenue;
    out += '/';
    out += s.name;
    return out;
}

bool isStaff(const Session& s, const BoothState& b) {
    return s.role == Role::Exhibitor && s.placement.venue->name == b.venue &&
           std::find(b.booth->staff.begin(), b.booth->staff.end(), s.name) != b.booth->staff.end();
}

std::string clip(std::string text, std::size_t limit) {
    if (text.size() <= limit) return text;
    text.resize(limit);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0u) == 0x80u) text.pop_back();  // whole UTF-8 sequences
    if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80u)) text.pop_back();
    return text;
}

// Called, TalkStarted, TalkEnded: booth, talk id and the other member.
FairNotice talkNotice(FairNoticeKind kind, const std::string& booth, std::uint16_t talk, ParticipantId other) {
    FairNotice n;
    n.kind = kind;
    n.key = booth;
    n.a = talk;
    n.b = other;
    return n;
}

}  // namespace

FairState::FairState(FairConfig c) : config(std::move(c)) {
    for (const FairVenue& v : config.venues) {
        for (const FairBooth& b : v.booths) {
            auto state = std::make_unique<BoothState>();
            state->venue = v.venue;
            state->booth = &b;
            booths.push_back(std::move(state));
        }
        for (const FairStage& st : v.stages) stages.push_back({v.venue, &st, nullptr, nullptr});
    }
}

BoothState* FairState::find(const std::string& venue, const std::string& id) {
    for (auto& b : booths)
        if (b->venue == venue && b->booth->id == id) return b.get();
    return nullptr;
}

void Relay::State::fairRefuse(Session& s, FairOp op, std::string why) {
    metrics.drop("fair_not_permitted");
    logSession(RelayLogKind::Refuse, s, "fair: " + why);
    FairNotice n;
    n.kind = FairNoticeKind::Refused;
    n.a = static_cast<std::uint16_t>(op);
    n.text = clip(std::move(why), kMaxChatBytes);
    if (s.peer != kNoPeer) send(s.peer, n);
}

void Relay::State::sendToVenue(const Venue& v, const Message& m) {
    buffer.clear();
    encodeMessage(m, buffer);
    const Channel channel = channelOf(typeOf(m));
    const auto to = [&](ParticipantId id) {
        if (const Session* o = findSession(id); o && o->peer != kNoPeer) sendRaw(o->peer, channel, buffer);
    };
    for (const auto& in : v.instances)
        for (ParticipantId id : in->members) to(id);
    for (ParticipantId id : v.hostIds) to(id);
}

// Positions and estimated waits to everyone queued, the list with names to the booth's staff.
void Relay::State::sendQueueState(BoothState& b) {
    b.dirty = true;
    const auto& queued = b.queue.entries();
    const DurationStats& lengths = b.queue.stats.lengths;
    const double talkSeconds = lengths.count() == 0 ? fair->config.defaultTalkSeconds : lengths.median();
    const double slots = std::max<double>(1.0, double(b.staffOnline.size()) * fair->config.talksPerExhibitor);
    FairNotice n;
    n.kind = FairNoticeKind::QueuePosition;
    n.key = b.booth->id;
    for (std::size_t i = 0; i < queued.size(); ++i) {
        const Session* v = findSession(queued[i].id);
        if (!v || v->peer == kNoPeer) continue;
        n.a = static_cast<std::uint16_t>(std::min<std::size_t>(i + 1, 0xFFFF));
        // Talks run `slots` at a time: the visitor waits for ceil(position / slots) talks.
        n.start = static_cast<std::uint32_t>(std::ceil(double(i + 1) / slots) * talkSeconds);
        send(v->peer, n);
    }
    FairNotice list;
    list.kind = FairNoticeKind::ExhibitorQueue;
    list.key = b.booth->id;
    list.a = static_cast<std::uint16_t>(std::min<std::size_t>(queued.size(), 0xFFFF));
    for (const QueueEntry& e : queued) {
        if (list.text.size() + e.name.size() + 1 > kMaxChatBytes) break;  // the first names; the count is whole
        if (!list.text.empty()) list.text += '\n';
        list.text += e.name;
    }
    for (ParticipantId id : b.staffOnline)
        if (const Session* x = findSession(id); x && x->peer != kNoPeer) send(x->peer, list);
}

void Relay::State::sendBoothStatus(BoothState& b, std::uint64_t nowUs, PeerId only) {
    const Venue* v = venues.find(b.venue);
    if (only == kNoPeer) {
        b.dirty = false;
        b.lastStatusUs = nowUs;
    }
    if (!v) return;
    FairNotice n;
    n.kind = FairNoticeKind::BoothStatus;
    n.key = b.booth->id;
    n.a = static_cast<std::uint16_t>(std::min<std::size_t>(b.queue.entries().size(), 0xFFFF));
    n.b = static_cast<std::uint16_t>((b.booth->openAt(fair->eventTime(clock.unixSeconds())) ? kBoothOpen : 0) |
                                     (b.away ? kBoothAway : 0) | (b.staffOnline.empty() ? 0 : kBoothStaffed));
    n.start = b.talksNow;
    n.text = clip(b.booth->company, kMaxChatBytes);
    if (only != kNoPeer) return send(only, n);
    sendToVenue(*v, n);
}

void Relay::State::sendSchedule(const StageState& st, PeerId only) {
    for (const auto kind : {FairNoticeKind::Now, FairNoticeKind::Next}) {
        const FairAct* act = kind == FairNoticeKind::Now ? st.now : st.next;
        FairNotice n;
        n.kind = kind;
        n.key = clip(st.stage->zone, kMaxFairKeyBytes);
        if (act) {
            n.text = clip(act->title, kMaxChatBytes);
            n.detail = clip(act->performer, kMaxReasonBytes);
            n.start = static_cast<std::uint32_t>(act->start);
            n.end = static_cast<std::uint32_t>(act->end);
        }
        if (only != kNoPeer) {
            send(only, n);
        } else if (const Venue* v = venues.find(st.venue)) {
            sendToVenue(*v, n);
        }
    }
}

void Relay::State::fairJoined(Session& s, bool resumed) {
    if (!fair) return;
    if (!resumed) {
        s.fair.entryVenue = s.placement.venue->name;
        s.fair.person = personOf(s);
    }
    const std::string& venue = s.placement.venue->name;
    // Computed now, not the last broadcast: a session may join before the first tick.
    const std::int64_t eventNow = fair->eventTime(clock.unixSeconds());
    for (const StageState& st : fair->stages)
        if (st.venue == venue)
            sendSchedule({st.venue, st.stage, st.stage->now(eventNow), st.stage->next(eventNow)}, s.peer);
    const std::uint64_t now = clock.nowMicros();
    for (auto& b : fair->booths) {
        const bool staff = isStaff(s, *b);
        if (staff && std::find(b->staffOnline.begin(), b->staffOnline.end(), s.id) == b->staffOnline.end())
            b->staffOnline.push_back(s.id);
        // Back after a lost connection: the queue kept the place.
        const bool queued = b->queue.markPresent(s.fair.person, s.id);
        if (staff || queued) sendQueueState(*b);
        if (b->venue == venue) sendBoothStatus(*b, now, s.peer);  // the directory, to this session only
    }
    if (s.fair.talk != 0) {
        if (auto it = fair->talks.find(s.fair.talk); it != fair->talks.end()) {
            const Talk& t = it->second;
            send(s.peer, talkNotice(FairNoticeKind::TalkStarted, t.booth->booth->id, t.id,
                                    s.id == t.exhibitor ? t.visitor : t.exhibitor));
        }
    }
}

void Relay::State::fairLeft(Session& s) {
    if (!fair) return;
    const std::uint64_t now = clock.nowMicros();
    std::vector<std::uint16_t> ending;
    for (const auto& [id, t] : fair->talks)
        if (t.exhibitor == s.id || t.visitor == s.id) ending.push_back(id);
    for (std::uint16_t id : ending) endTalk(id, now);
    for (auto& b : fair->booths) {
        b->queue.markAbsent(s.id, now);
        auto& staff = b->staffOnline;
        if (auto it = std::find(staff.begin(), staff.end(), s.id); it != staff.end()) {
            staff.erase(it);
            b->dirty = true;
        }
    }
}

bool Relay::State::sameTalk(const Session& a, const Session& b) const {
    return a.fair.talk == b.fair.talk;
}

void Relay::State::startTalk(Session& exhibitor, BoothState& b) {
    const std::uint64_t now = clock.nowMicros();
    auto entry = b.queue.callNext(now);
    if (!entry) return fairRefuse(exhibitor, FairOp::CallNext, "nobody present in the queue of " + b.booth->id);
    Session* visitor = findSession(entry->id);
    if (!visitor) return;  // callNext only returns present visitors
    std::uint16_t id = 0;
    for (int tries = 0; tries < 0xFFFF && id == 0; ++tries) {
        const std::uint16_t candidate = fair->nextTalk;
        fair->nextTalk = static_cast<std::uint16_t>(fair->nextTalk == 0xFFFF ? 1 : fair->nextTalk + 1);
        if (!fair->talks.count(candidate)) id = candidate;
    }
    if (visitor->fair.talk != 0) endTalk(visitor->fair.talk, now);  // one talk at a time per visitor
    fair->talks[id] = Talk{id, &b, exhibitor.id, visitor->id, now};
    visitor->fair.talk = id;
    exhibitor.fair.talk = id;  // the exhibitor's chat goes to the latest talk (TalkChat target picks another)
    ++exhibitor.fair.talks;
    ++b.talksNow;
    send(visitor->peer, talkNotice(FairNoticeKind::Called, b.booth->id, id, exhibitor.id));
    send(visitor->peer, talkNotice(FairNoticeKind::TalkStarted, b.booth->id, id, exhibitor.id));
    if (exhibitor.peer != kNoPeer) send(exhibitor.peer, talkNotice(FairNoticeKind::TalkStarted, b.booth->id, id, visitor->id));
    sendQueueState(b);
}

void Relay::State::endTalk(std::uint16_t talkId, std::uint64_t nowUs) {
    auto it = fair->talks.find(talkId);
    if (it == fair->talks.end()) return;
    const Talk t = it->second;
    fair->talks.erase(it);
    t.booth->queue.stats.lengths.add(static_cast<double>(nowUs - t.startUs) / 1e6);
    if (t.booth->talksNow > 0) --t.booth->talksNow;
    t.booth->dirty = true;
    const FairNotice n = talkNotice(FairNoticeKind::TalkEnded, t.booth->booth->id, t.id, 0);
    for (ParticipantId member : {t.exhibitor, t.visitor}) {
        Session* m = findSession(member);
        if (!m) continue;
        if (member == t.exhibitor && m->fair.talks > 0) --m->fair.talks;
        if (m->fair.talk == t.id) {
            m->fair.talk = 0;
            // An exhibitor with other talks running speaks in the newest of them.
            for (const auto& [id, other] : fair->talks)
                if (other.exhibitor == member || other.visitor == member) m->fair.talk = id;
        }
        if (m->peer != kNoPeer) send(m->peer, n);
    }
}

void Relay::State::onFair(Session& s, const Fair& m) {
    if (!fair) return fairRefuse(s, m.op, "this relay runs no event");
    const std::uint64_t now = clock.nowMicros();
    const std::string& venue = s.placement.venue->name;
    BoothState* b = m.key.empty() ? nullptr : fair->find(venue, m.key);
    const bool needsBooth = m.op == FairOp::JoinQueue || m.op == FairOp::LeaveQueue || m.op == FairOp::CallNext ||
                            m.op == FairOp::SetAway || m.op == FairOp::Skip;
    if (needsBooth && !b) return fairRefuse(s, m.op, "no booth '" + m.key + "' in " + venue);
    switch (m.op) {
        case FairOp::JoinQueue: {
            if (!hasAvatar(s.role)) return fairRefuse(s, m.op, "spectators see the queues, they do not join them");
            if (isStaff(s, *b)) return fairRefuse(s, m.op, "staff do not queue at their own booth");
            if (!b->booth->openAt(fair->eventTime(clock.unixSeconds())))
                return fairRefuse(s, m.op, b->booth->company + " is closed now");
            b->queue.join(s.fair.person, s.name, s.id, now);
            return sendQueueState(*b);
        }
        case FairOp::LeaveQueue: {
            if (!b->queue.leave(s.fair.person)) return fairRefuse(s, m.op, "not in the queue of " + m.key);
            FairNotice n;
            n.kind = FairNoticeKind::QueuePosition;
            n.key = m.key;
            send(s.peer, n);  // position 0: out of the queue
            return sendQueueState(*b);
        }
        case FairOp::CallNext: {
            if (!isStaff(s, *b)) return fairRefuse(s, m.op, "only the booth's exhibitors call visitors");
            if (b->away) return fairRefuse(s, m.op, "the booth is marked away");
            if (s.fair.talks >= fair->config.talksPerExhibitor) {
                std::string why = "already ";
                why += std::to_string(s.fair.talks);
                why += " talks at once";
                return fairRefuse(s, m.op, std::move(why));
            }
            return startTalk(s, *b);
        }
        case FairOp::EndTalk: {
            auto it = fair->talks.find(m.target);
            if (it == fair->talks.end() || (it->second.exhibitor != s.id && it->second.visitor != s.id))
                return fairRefuse(s, m.op, "not a member of that talk");
            return endTalk(m.target, now);
        }
        case FairOp::SetAway: {
            if (!isStaff(s, *b)) return fairRefuse(s, m.op, "only the booth's exhibitors mark it away");
            b->away = m.target != 0;
            b->dirty = true;
            return sendBoothStatus(*b, now);  // at once: visitors see "away" without waiting
        }
        case FairOp::Skip: {
            if (!isStaff(s, *b)) return fairRefuse(s, m.op, "only the booth's exhibitors skip visitors");
            if (!b->queue.removeById(m.target)) return fairRefuse(s, m.op, "that visitor is not queued here");
            if (Session* v = findSession(m.target); v && v->peer != kNoPeer) {
                FairNotice n;
                n.kind = FairNoticeKind::QueuePosition;
                n.key = m.key;
                send(v->peer, n);
            }
            return sendQueueState(*b);
        }
        case FairOp::TalkChat: {
            // An exhibitor with several talks names one in `target`; 0 = the session's current talk.
            const std::uint16_t talkId = m.target != 0 ? m.target : s.fair.talk;
            auto it = fair->talks.find(talkId);
            if (it == fair->talks.end() || (it->second.exhibitor != s.id && it->second.visitor != s.id))
                return fairRefuse(s, m.op, "not in that private talk");
            if (m.text.empty()) return fairRefuse(s, m.op, "empty message");
            if (s.muted) return fairRefuse(s, m.op, "muted");
            FairNotice n;
            n.kind = FairNoticeKind::TalkChat;
            n.a = talkId;
            n.b = s.id;
            n.text = m.text;
            for (ParticipantId member : {it->second.exhibitor, it->second.visitor})
                if (const Session* o = findSession(member); o && o->peer != kNoPeer) send(o->peer, n);
            return;
        }
        case FairOp::EnterPortal: {
            const FairVenue* fv = fair->config.find(venue);
            const auto* portal = [&]() -> const FairPortal* {
                if (!fv) return nullptr;
                for (const FairPortal& p : fv->portals)
                    if (p.name == m.key) return &p;
                return nullptr;
            }();
            if (!portal) return fairRefuse(s, m.op, "no portal '" + m.key + "' in " + venue);
            if (s.placement.kind != SlotKind::InstanceAvatar || !s.hasPoseSeq)
                return fairRefuse(s, m.op, "only visitors with an avatar walk through portals");
            // The relay's own record of where the head is, not the client's word.
            const glm::dvec3 head(s.viewer.position);
            if (!portal->zone.contains(head)) return fairRefuse(s, m.op, "not inside the portal's zone");
            moveThroughPortal(s, *portal, m.op);
            return;
        }
        case FairOp::ReturnPortal: {
            // The client could not load the scene it was moved to: back to
            // where it came from, standing where it stood (no spawn named).
            if (s.fair.portalFrom.empty()) return fairRefuse(s, m.op, "not arrived through a portal");
            FairPortal back;
            back.name = "return";
            back.venue = s.fair.portalFrom;
            const ParticipantId id = s.id;
            if (!moveThroughPortal(s, back, m.op)) return;
            if (Session* moved = findSession(id)) moved->fair.portalFrom.clear();  // no ping-pong
            return;
        }
    }
}

bool Relay::State::moveThroughPortal(Session& s, const FairPortal& portal, FairOp op) {
    const Placement from = s.placement;
    // A full target refuses before anything changes: the visitor stays in
    // the same instance with the same roster, and the client shows why. (A
    // full instance is no reason: join opens another, and Moved names it.)
    // Within one venue the slot about to be freed is room enough.
    if (portal.venue != from.venue->name && !venues.hasRoom(portal.venue, s.role)) {
        fairRefuse(s, op, "the venue '" + portal.venue + "' is full");
        return false;
    }
    const RosterEntry leave{RosterOp::Leave, s.id};
    // Each viewer's client drops the mover's baselines on the Leave; so does
    // its writer, or a return to the same slot would be sent as deltas
    // against states that client no longer has (and never be drawn).
    const bool drawn = from.kind != SlotKind::Spectator;
    const std::uint8_t table = from.kind == SlotKind::HostAvatar ? 1 : 0;
    forEachAudience(s, [&](ParticipantId other) {
        if (other == s.id) return;
        if (Session* o = findSession(other)) {
            o->pendingRoster.push_back(leave);
            if (drawn) o->snapshots.forget(table, from.slot);
        }
    });
    venues.leave(from, s.id);
    const auto to = venues.join(portal.venue, s.role, s.id);
    if (!to) {  // hasRoom said yes; not expected, but never a Moved that names where the visitor is not
        removeSession(s.id, "portal: no instance left");
        return false;
    }
    s.placement = *to;
    s.fair.portalFrom = from.venue->name;
    s.hasPoseSeq = false;
    s.snapshots.reset();  // other avatars, other baselines
    logSession(RelayLogKind::Join, s, "portal '" + portal.name + "' from " + from.venue->name);
    // Welcome again (the client resets its roster), then where to appear.
    welcome(s, true);
    FairNotice moved;
    moved.kind = FairNoticeKind::Moved;
    moved.key = clip(portal.venue, kMaxFairKeyBytes);
    moved.a = s.placement.instance;
    moved.text = clip(portal.spawn, kMaxChatBytes);
    send(s.peer, moved);
    const RosterEntry join{RosterOp::Join, s.id, s.role,
                           static_cast<std::uint8_t>(hasAvatar(s.role) ? kRosterHasAvatar : 0), s.name};
    forEachAudience(s, [&](ParticipantId other) {
        if (other == s.id) return;
        if (Session* o = findSession(other)) o->pendingRoster.push_back(join);
    });
    fairJoined(s, true);  // the new venue's schedule and booths
    return true;
}

// Each changed booth's status goes to its venue at most once per status interval.
// In a busy fair every booth changes all the time, and booths that first went out
// in the same tick would stay in step, every one broadcasting to the whole venue
// in one tick a second (40 booths x 1,000 sessions: that tick's cost was the fair's
// tick p99). So each tick sends only its share, ceil(booths x tick / interval),
// round-robin from where the last tick stopped: the broadcasts spread over the
// interval, and a booth waits at most one interval longer.
void Relay::State::sendDueBoothStatus(std::uint64_t nowUs) {
    const std::size_t n = fair->booths.size();
    if (n == 0) return;
    const std::uint64_t intervalUs = std::max<std::uint64_t>(std::uint64_t(fair->config.statusIntervalMs) * 1000, 1);
    const std::uint64_t tickUs = 1'000'000 / std::max<std::uint32_t>(config.tickRateHz, 1);
    std::size_t budget = std::max<std::size_t>(1, static_cast<std::size_t>((n * tickUs + intervalUs - 1) / intervalUs));
    for (std::size_t k = 0; k < n && budget > 0; ++k) {
        const std::size_t i = (fair->statusCursor + k) % n;
        BoothState& b = *fair->booths[i];
        if (!b.dirty || nowUs - b.lastStatusUs < intervalUs) continue;
        sendBoothStatus(b, nowUs);
        --budget;
        fair->statusCursor = (i + 1) % n;
    }
}

void Relay::State::fairTick(std::uint64_t nowUs) {
    if (!fair) return;
    const std::uint64_t limit = fair->config.queueAbsenceMs * 1000;
    for (auto& b : fair->booths) {
        // A detached session (awaiting resume) is absent too: it cannot be called.
        // (A resume or a new session of the same person marks it present again: fairJoined.)
        bool changed = false;
        std::vector<ParticipantId> gone;
        for (const QueueEntry& e : b->queue.entries()) {
            if (e.id == 0) continue;
            const Session* v = findSession(e.id);
            if (!v || v->peer == kNoPeer) gone.push_back(e.id);
        }
        for (ParticipantId id : gone) b->queue.markAbsent(id, nowUs);
        changed = !gone.empty();
        if (b->queue.expire(nowUs, limit) > 0) changed = true;
        if (changed) sendQueueState(*b);
    }
    sendDueBoothStatus(nowUs);
    if (fair->scheduleKnown && nowUs - fair->lastScheduleUs < 1'000'000) return;
    fair->scheduleKnown = true;
    fair->lastScheduleUs = nowUs;
    metrics.booths.resize(fair->booths.size());
    for (std::size_t i = 0; i < fair->booths.size(); ++i) {
        const BoothState& b = *fair->booths[i];
        const BoothStats& st = b.queue.stats;
        metrics.booths[i] = {b.venue, b.booth->id, b.booth->company, st.queued, st.talks, st.timedOut,
                             b.queue.entries().size(), st.waits.median(), st.lengths.median()};
    }
    const std::int64_t t = fair->eventTime(clock.unixSeconds());
    for (StageState& st : fair->stages) {
        const FairAct* now = st.stage->now(t);
        const FairAct* next = st.stage->next(t);
        if (now == st.now && next == st.next) continue;
        st.now = now;
        st.next = next;
        sendSchedule(st, kNoPeer);
    }
}

}  // namespace places::net
