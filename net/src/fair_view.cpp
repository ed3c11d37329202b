#include "places/net/fair_view.hpp"

#include <algorithm>

namespace places::net {

void FairView::apply(const FairNotice& n) {
    switch (n.kind) {
        case FairNoticeKind::Now:
        case FairNoticeKind::Next:
            (n.kind == FairNoticeKind::Now ? now : next)[n.key] = {n.text, n.detail, n.start, n.end};
            break;
        case FairNoticeKind::BoothStatus:
            booths[n.key] = {n.text, n.a, static_cast<std::uint16_t>(n.start), (n.b & kBoothOpen) != 0,
                             (n.b & kBoothAway) != 0, (n.b & kBoothStaffed) != 0};
            break;
        case FairNoticeKind::QueuePosition:
            if (n.a == 0) queues.erase(n.key);
            else queues[n.key] = {n.a, n.start};
            break;
        case FairNoticeKind::Called:
            ++called;
            queues.erase(n.key);
            break;
        case FairNoticeKind::TalkStarted:
            talk = n.a;
            if (std::find(talks.begin(), talks.end(), n.a) == talks.end()) talks.push_back(n.a);
            talkMembers[n.a] = {n.key, n.b};
            break;
        case FairNoticeKind::TalkEnded:
            std::erase(talks, n.a);
            talkMembers.erase(n.a);
            if (talk == n.a) talk = talks.empty() ? 0 : talks.back();
            break;
        case FairNoticeKind::TalkChat: talkChat.push_back(n); break;
        case FairNoticeKind::ExhibitorQueue: {
            auto& names = exhibitorQueues[n.key];
            names.clear();
            std::size_t at = 0;
            while (!n.text.empty() && at <= n.text.size()) {
                const std::size_t end = std::min(n.text.find('\n', at), n.text.size());
                names.push_back(n.text.substr(at, end - at));
                at = end + 1;
            }
            break;
        }
        case FairNoticeKind::Refused: refusals.push_back(n); break;
        case FairNoticeKind::Moved:
            venue = n.key;
            instance = n.a;
            spawn = n.text;
            ++moves;
            // Queues elsewhere stay; the new venue's directory and schedule follow.
            now.clear();
            next.clear();
            booths.clear();
            break;
    }
}

}  // namespace places::net
