#include <algorithm>
#include <cstdio>

#include "booth_company.hpp"
#include "places/ui/fair_panel.hpp"

namespace places::ui {

namespace {

// Relative times need no time zone: the scene's offsets are folded into Unix
// seconds, and "in 25 min" reads the same wherever the visitor sits.
std::string minutesLabel(std::int64_t seconds) {
    const std::int64_t minutes = (std::max<std::int64_t>(seconds, 0) + 59) / 60;
    std::string out;
    if (minutes >= 120) {
        out += std::to_string(minutes / 60);
        out += " h";
        if (minutes % 60 != 0) {
            out += ' ';
            out += std::to_string(minutes % 60);
            out += " min";
        }
        return out;
    }
    out += std::to_string(minutes);
    out += " min";
    return out;
}

std::string nowWhen(std::int64_t end, std::int64_t now) {
    std::string s = minutesLabel(end - now);
    s += " left";
    return s;
}

std::string nextWhen(std::int64_t start, std::int64_t now) {
    std::string s = "in ";
    s += minutesLabel(start - now);
    return s;
}

struct SlotText {
    std::string title, performer, when;
};

// One slot (now or next) of a stage: the relay's announcement when it made
// one, else the scene's act at the client's clock.
SlotText slotText(const std::map<std::string, net::ScheduleSlot>& announced, const std::string& zone,
                  const scenes::Act* act, bool isNow, std::int64_t now) {
    SlotText out;
    const auto relay = announced.find(zone);
    std::int64_t start = 0, end = 0;
    if (relay != announced.end()) {
        out.title = relay->second.title;
        out.performer = relay->second.performer;
        start = relay->second.start;
        end = relay->second.end;
    } else if (act) {
        out.title = act->title;
        out.performer = act->performer;
        start = act->time.start;
        end = act->time.end;
    }
    if (!out.title.empty()) out.when = isNow ? nowWhen(end, now) : nextWhen(start, now);
    return out;
}

ScheduleRow scheduleRow(const std::string& zone, const scenes::StageSchedule* stage, const net::FairView& view,
                        std::int64_t now) {
    SlotText on = slotText(view.now, zone, stage ? stage->now(now) : nullptr, true, now);
    SlotText next = slotText(view.next, zone, stage ? stage->next(now) : nullptr, false, now);
    return {zone, std::move(on.title), std::move(on.performer), std::move(on.when), std::move(next.title),
            std::move(next.performer), std::move(next.when)};
}

std::string nameOf(const FairPanelInput& in, net::ParticipantId id) {
    const auto it = in.names.find(id);
    if (it != in.names.end()) return it->second;
    std::string s = "#";
    s += std::to_string(id);
    return s;
}

}  // namespace

std::string waitLabel(std::uint32_t seconds) {
    if (seconds < 60) return "under a minute";
    std::string s = "about ";
    s += minutesLabel(seconds);
    return s;
}

FairPanelModel buildFairPanel(const FairPanelInput& in) {
    FairPanelModel m;
    static const net::FairView kNone;
    const net::FairView& view = in.view ? *in.view : kNone;
    m.where = in.where;
    m.spectator = !net::hasAvatar(in.role);

    // Stages: the scene's programme, plus any stage only the relay knows.
    for (const scenes::StageSchedule& s : in.stages) m.schedule.push_back(scheduleRow(s.zone, &s, view, in.nowUnix));
    for (const auto& announced : view.now) {
        const std::string& zone = announced.first;
        const bool known = std::any_of(in.stages.begin(), in.stages.end(),
                                       [&](const scenes::StageSchedule& s) { return s.zone == zone; });
        if (!known) m.schedule.push_back(scheduleRow(zone, nullptr, view, in.nowUnix));
    }

    // The booth I staff: the relay sends a booth's queue to its staff only.
    const std::string* staffed = nullptr;
    if (in.role == net::Role::Exhibitor && !view.exhibitorQueues.empty()) staffed = &view.exhibitorQueues.begin()->first;
    const bool inTalk = !view.talks.empty();

    for (const auto& [id, b] : view.booths) {
        BoothRow row;
        row.id = id;
        row.company = b.company.empty() ? id : b.company;
        for (const scenes::Booth& sb : in.booths)
            if (sb.id == id) row.description = sb.description;
        row.status = !b.open ? "closed" : b.away ? "away" : b.staffed ? "open" : "no exhibitor online";
        row.queueLength = b.queueLength;
        row.talksNow = b.talksNow;
        if (!m.spectator) {
            const auto q = view.queues.find(id);
            if (q != view.queues.end()) {
                row.myPosition = q->second.position;
                row.leave = FairAction{FairAction::Kind::LeaveQueue, id};
            } else if (b.open && !inTalk && !(staffed && *staffed == id) && in.role != net::Role::Exhibitor) {
                // The relay takes a join at an open booth (away or not: the
                // queue only pauses); staff do not queue at their own booth.
                row.join = FairAction{FairAction::Kind::JoinQueue, id};
            }
        }
        m.booths.push_back(std::move(row));
    }
    if (m.spectator) return m;  // counts only

    for (const auto& [id, q] : view.queues) {
        QueueRow row;
        row.booth = id;
        row.company = boothCompany(view, id);
        row.position = q.position;
        row.wait = waitLabel(q.estimatedWaitS);
        row.leave = FairAction{FairAction::Kind::LeaveQueue, id};
        m.myQueues.push_back(std::move(row));
    }

    if (view.talk != 0) {
        TalkWindow t;
        t.talk = view.talk;
        const auto member = view.talkMembers.find(view.talk);
        if (member != view.talkMembers.end()) {
            t.booth = member->second.booth;
            t.company = boothCompany(view, t.booth);
            t.with = nameOf(in, member->second.other);
        }
        for (const net::FairNotice& n : view.talkChat)
            if (n.a == view.talk) t.chat.push_back({nameOf(in, n.b), n.text, n.b == in.you});
        t.end = FairAction{FairAction::Kind::EndTalk, {}, view.talk};
        t.say = FairAction{FairAction::Kind::TalkChat, {}, view.talk};
        m.talk = std::move(t);
    }

    if (staffed) {
        ExhibitorDesk d;
        d.booth = *staffed;
        d.company = boothCompany(view, d.booth);
        const auto b = view.booths.find(d.booth);
        d.away = b != view.booths.end() && b->second.away;
        d.queue = view.exhibitorQueues.at(d.booth);
        for (std::uint16_t id : view.talks) {
            const auto member = view.talkMembers.find(id);
            if (member == view.talkMembers.end() || member->second.booth != d.booth) continue;
            d.talks.push_back({id, nameOf(in, member->second.other), FairAction{FairAction::Kind::EndTalk, {}, id}});
        }
        if (!d.away && !d.queue.empty() && d.talks.size() < in.talksPerExhibitor)
            d.callNext = FairAction{FairAction::Kind::CallNext, d.booth};
        d.toggleAway = FairAction{FairAction::Kind::SetAway, d.booth, 0, !d.away};
        m.desk = std::move(d);
    }
    return m;
}

}  // namespace places::ui
