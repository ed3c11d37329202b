#pragma once
// What a client knows of the fair, folded from the relay's FairNotices
// (protocol.hpp "the fair"): the schedule now/next per stage, the booth
// directory, my queue positions, my private talk and its chat, the exhibitor's
// queue. Plain data for the panel and for bots; Client keeps one.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "places/net/protocol.hpp"

namespace places::net {

struct ScheduleSlot {
    std::string title, performer;  // empty title = nothing
    std::uint32_t start = 0, end = 0;
};

struct BoothListing {
    std::string company;
    std::uint16_t queueLength = 0;
    std::uint16_t talksNow = 0;
    bool open = false, away = false, staffed = false;
};

struct MyQueue {
    std::uint16_t position = 0;        // 1 = next
    std::uint32_t estimatedWaitS = 0;
};

// A private talk I am in: at which booth, with whom (TalkStarted's b).
struct TalkMember {
    std::string booth;
    ParticipantId other = 0;
};

struct FairView {
    std::map<std::string, ScheduleSlot> now, next;    // by stage zone
    std::map<std::string, BoothListing> booths;       // by booth id
    std::map<std::string, MyQueue> queues;            // booths I queue at
    std::uint16_t talk = 0;                           // my private talk (visitor); 0 = none
    std::vector<std::uint16_t> talks;                 // talks I am in (exhibitors hold several)
    std::map<std::uint16_t, TalkMember> talkMembers;  // by talk id, for the talks in `talks`
    std::vector<FairNotice> talkChat;                 // TalkChat notices received
    std::map<std::string, std::vector<std::string>> exhibitorQueues;  // booth -> names in order (staff only)
    std::vector<FairNotice> refusals;
    std::uint64_t called = 0;                         // times an exhibitor called me
    std::string venue;                                // set by a portal move
    std::uint16_t instance = 0;                       // the instance that move placed this client in
    std::uint32_t moves = 0;                          // Moved notices received (a front end reloads on change)
    std::string spawn;

    void apply(const FairNotice& n);
};

}  // namespace places::net
