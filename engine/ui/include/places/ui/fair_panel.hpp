#pragma once
// The career fair's and festival's tabs of the panel (issue #10) as plain
// data: built from the client's FairView (the relay's notices), the scene's
// stage programme and a clock, with every button carried as the FairAction it
// would send, present only when the relay would accept it. The ImGui layer
// (panel.cpp) only draws these rows and returns the actions clicked, so what a
// visitor, an exhibitor or a spectator sees and may do is tested without a
// window (tests/ui/fair_panel_test.cpp).
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "places/net/fair_view.hpp"
#include "places/scenes/fair.hpp"

namespace places::net {
class Client;
}

namespace places::ui {

// One request to the relay, as a button sends it (net::Client's fair calls).
struct FairAction {
    enum class Kind : std::uint8_t { JoinQueue, LeaveQueue, CallNext, EndTalk, SetAway, TalkChat };
    Kind kind = Kind::JoinQueue;
    std::string booth;        // JoinQueue, LeaveQueue, CallNext, SetAway
    std::uint16_t talk = 0;   // EndTalk, TalkChat
    bool away = false;        // SetAway
    std::string text;         // TalkChat
    bool operator==(const FairAction&) const = default;
};

// Sends `action` through `client`; false (nothing sent) when not joined.
bool performFairAction(const FairAction& action, net::Client& client);

struct ScheduleRow {
    std::string stage;
    std::string nowTitle, nowPerformer, nowWhen;    // empty title: nothing on
    std::string nextTitle, nextPerformer, nextWhen; // empty title: nothing left today
};

struct BoothRow {
    std::string id, company;
    std::string description;          // the scene's words on the booth (shown on hover); may be empty
    std::string status;               // "open", "away", "closed", "no exhibitor online"
    std::uint16_t queueLength = 0, talksNow = 0;
    std::uint16_t myPosition = 0;     // 0: I do not queue here
    std::optional<FairAction> join;   // "join queue", when the relay would take it
    std::optional<FairAction> leave;  // "leave queue", when I queue here
};

struct QueueRow {
    std::string booth, company;
    std::uint16_t position = 0;  // 1 = next
    std::string wait;            // "about 5 min"
    FairAction leave;
};

struct TalkLine {
    std::string from, text;
    bool you = false;
};

struct TalkWindow {
    std::uint16_t talk = 0;
    std::string booth, company, with;  // `with`: the other member's name
    std::vector<TalkLine> chat;        // oldest first
    FairAction end;                    // EndTalk
    FairAction say;                    // TalkChat with empty text: the panel fills it in
};

struct DeskTalk {
    std::uint16_t talk = 0;
    std::string with;
    FairAction end;
};

// The exhibitor's view of the booth they staff.
struct ExhibitorDesk {
    std::string booth, company;
    bool away = false;
    std::vector<std::string> queue;      // visitor names, in order
    std::vector<DeskTalk> talks;         // at most talksPerExhibitor
    std::optional<FairAction> callNext;  // not away, someone waits, a talk slot free
    FairAction toggleAway;               // SetAway with the opposite of `away`
};

struct FairPanelModel {
    std::string where;                 // "You are at: Career fair" (the venue after a portal too)
    bool spectator = false;            // counts only: no queue, talk or desk
    std::vector<ScheduleRow> schedule;
    std::vector<BoothRow> booths;
    std::vector<QueueRow> myQueues;
    std::optional<TalkWindow> talk;
    std::optional<ExhibitorDesk> desk;
    bool empty() const { return schedule.empty() && booths.empty() && !talk && !desk; }
};

struct FairPanelInput {
    const net::FairView* view = nullptr;
    net::Role role = net::Role::Visitor;
    net::ParticipantId you = 0;
    std::map<net::ParticipantId, std::string> names;  // the roster (talk partners, chat senders)
    std::span<const scenes::StageSchedule> stages;    // the scene's programme
    std::span<const scenes::Booth> booths;             // the scene's booths (descriptions by id)
    std::int64_t nowUnix = 0;                         // the client's clock (Unix seconds)
    std::string where;
    std::uint32_t talksPerExhibitor = 4;
};

// The stage rows come from the scene's programme at `nowUnix`; where the relay
// announced its own now/next for a stage (its event clock may be fixed with
// --clock), the relay's word wins.
FairPanelModel buildFairPanel(const FairPanelInput& input);

// "about 5 min", "under a minute".
std::string waitLabel(std::uint32_t seconds);

// The short toasts the fair raises: "You are next at ...", "... called you",
// a refusal's reason. Fed with each notice as it arrives (after the view took
// it in); each toast lasts kToastSeconds.
class FairToasts {
public:
    static constexpr double kToastSeconds = 8.0;
    void observe(const net::FairNotice& notice, const net::FairView& view, double nowSeconds);
    // A toast of the client's own (a venue whose scene did not load).
    void add(std::string text, double nowSeconds) { toasts_.push_back({std::move(text), nowSeconds + kToastSeconds}); }
    // The toasts still showing at `nowSeconds`, oldest first.
    std::vector<std::string> current(double nowSeconds) const;

private:
    struct Toast {
        std::string text;
        double until = 0;
    };
    std::deque<Toast> toasts_;
    std::map<std::string, std::uint16_t> positions_;  // last position per booth
};

}  // namespace places::ui
