#pragma once
// The relay's fair state (issue #10): booth queues, private talks, what each
// stage last announced. Owned by Relay::State; the rules are in
// fair_handlers.cpp. Private to places_net.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "places/net/booth_queue.hpp"
#include "places/net/fair_config.hpp"

namespace places::net {

struct BoothState {
    std::string venue;
    const FairBooth* booth = nullptr;  // into FairState::config
    BoothQueue queue;
    bool away = false;
    bool dirty = true;                 // status to broadcast
    std::uint64_t lastStatusUs = 0;
    std::vector<ParticipantId> staffOnline;
    std::uint16_t talksNow = 0;
};

// A private talk: its chat and voice reach only its two members.
struct Talk {
    std::uint16_t id = 0;
    BoothState* booth = nullptr;
    ParticipantId exhibitor = 0, visitor = 0;
    std::uint64_t startUs = 0;
};

struct StageState {
    std::string venue;
    const FairStage* stage = nullptr;
    const FairAct* now = nullptr;
    const FairAct* next = nullptr;
};

struct FairState {
    explicit FairState(FairConfig c);
    FairConfig config;
    std::vector<std::unique_ptr<BoothState>> booths;  // stable addresses
    std::vector<StageState> stages;
    std::map<std::uint16_t, Talk> talks;
    std::uint16_t nextTalk = 1;
    std::size_t statusCursor = 0;  // the booth whose status is considered first next tick
    std::uint64_t lastScheduleUs = 0;
    bool scheduleKnown = false;

    BoothState* find(const std::string& venue, const std::string& id);
    std::int64_t eventTime(std::uint64_t unixSeconds) const {
        return config.fixedTime ? *config.fixedTime : static_cast<std::int64_t>(unixSeconds) + config.offsetSeconds;
    }
};

// Per session.
struct SessionFair {
    std::string person;       // identity across reconnects (queue entries)
    std::string entryVenue;   // the venue the session was admitted to (a ticket's venue; resume checks it)
    std::uint16_t talk = 0;   // the private talk this session is in; 0 = none
    std::uint16_t talks = 0;  // exhibitors: talks running now
    std::string portalFrom;   // the venue the last portal move left (ReturnPortal goes back there); empty none
};

}  // namespace places::net
