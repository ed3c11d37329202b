#include "places/net/client.hpp"
#include "places/ui/fair_panel.hpp"

namespace places::ui {

bool performFairAction(const FairAction& a, net::Client& client) {
    switch (a.kind) {
        case FairAction::Kind::JoinQueue: return client.joinQueue(a.booth);
        case FairAction::Kind::LeaveQueue: return client.leaveQueue(a.booth);
        case FairAction::Kind::CallNext: return client.callNext(a.booth);
        case FairAction::Kind::EndTalk: return client.endTalk(a.talk);
        case FairAction::Kind::SetAway: return client.setAway(a.booth, a.away);
        case FairAction::Kind::TalkChat: return !a.text.empty() && client.talkChat(a.text, a.talk);
    }
    return false;
}

}  // namespace places::ui
