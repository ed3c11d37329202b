// The fair's tabs as plain data: FairView + programme + clock in, rows,
// labels and the buttons offered out (a button absent = not offered).
#include <catch2/catch.hpp>

#include "places/ui/fair_panel.hpp"
#include "places/ui/panel.hpp"

using namespace places;
using ui::FairAction;

namespace {

constexpr std::int64_t kT = 1'728'460'800;  // some instant

net::FairView directory() {
    net::FairView v;
    v.booths["N1"] = {"Ruhr Robotics GmbH", 3, 1, true, false, true};
    v.booths["N2"] = {"Emscher Energie AG", 0, 0, true, true, true};   // away
    v.booths["N3"] = {"Zeche Code Academy", 0, 0, false, false, false};  // closed
    return v;
}

std::vector<scenes::StageSchedule> programme() {
    scenes::StageSchedule s;
    s.zone = "Talk stage";
    s.acts.push_back({"Willkommen", "Bildungsbüro", {kT - 600, kT + 900}, {}});
    s.acts.push_back({"Mechatronik", "Ruhr Robotics", {kT + 1800, kT + 4500}, {}});
    return {s};
}

const ui::BoothRow& row(const ui::FairPanelModel& m, const std::string& id) {
    for (const auto& r : m.booths)
        if (r.id == id) return r;
    FAIL("no row " << id);
    return m.booths.front();
}

}  // namespace

TEST_CASE("a visitor's booth directory offers join where the relay would take it", "[ui][fair]") {
    const net::FairView view = directory();
    ui::FairPanelInput in;
    in.view = &view;
    const ui::FairPanelModel m = ui::buildFairPanel(in);
    REQUIRE(m.booths.size() == 3);
    CHECK(row(m, "N1").status == "open");
    CHECK(row(m, "N1").queueLength == 3);
    REQUIRE(row(m, "N1").join);
    CHECK(*row(m, "N1").join == FairAction{FairAction::Kind::JoinQueue, "N1"});
    CHECK(row(m, "N2").status == "away");
    CHECK(row(m, "N2").join);  // the queue pauses, joining still works
    CHECK(row(m, "N3").status == "closed");
    CHECK_FALSE(row(m, "N3").join);
    CHECK(m.myQueues.empty());
    CHECK_FALSE(m.talk);
    CHECK_FALSE(m.desk);
    CHECK(row(m, "N1").description.empty());  // no scene booths given
}

TEST_CASE("the booth directory carries each booth's description from the scene, by id", "[ui][fair]") {
    const net::FairView view = directory();
    std::vector<scenes::Booth> booths(2);
    booths[0].id = "N2";
    booths[0].description = "Elektroniker/in für Betriebstechnik";
    booths[1].id = "X9";  // not in the relay's directory: no row
    booths[1].description = "elsewhere";
    ui::FairPanelInput in;
    in.view = &view;
    in.booths = booths;
    const ui::FairPanelModel m = ui::buildFairPanel(in);
    REQUIRE(m.booths.size() == 3);
    CHECK(row(m, "N2").description == "Elektroniker/in für Betriebstechnik");
    CHECK(row(m, "N1").description.empty());
    CHECK(row(m, "N3").description.empty());
}

TEST_CASE("my queue shows position and wait, and leave replaces join", "[ui][fair]") {
    net::FairView view = directory();
    view.queues["N1"] = {2, 420};
    ui::FairPanelInput in;
    in.view = &view;
    const ui::FairPanelModel m = ui::buildFairPanel(in);
    REQUIRE(m.myQueues.size() == 1);
    CHECK(m.myQueues[0].company == "Ruhr Robotics GmbH");
    CHECK(m.myQueues[0].position == 2);
    CHECK(m.myQueues[0].wait == "about 7 min");
    CHECK(m.myQueues[0].leave == FairAction{FairAction::Kind::LeaveQueue, "N1"});
    CHECK(row(m, "N1").myPosition == 2);
    CHECK_FALSE(row(m, "N1").join);
    CHECK(row(m, "N1").leave);
    CHECK(ui::waitLabel(30) == "under a minute");
    CHECK(ui::waitLabel(7300) == "about 2 h 2 min");
}

TEST_CASE("a spectator sees counts only", "[ui][fair]") {
    net::FairView view = directory();
    view.queues["N1"] = {1, 60};  // cannot happen, but must not show
    ui::FairPanelInput in;
    in.view = &view;
    in.role = net::Role::Spectator;
    const ui::FairPanelModel m = ui::buildFairPanel(in);
    CHECK(m.spectator);
    REQUIRE(m.booths.size() == 3);
    for (const auto& r : m.booths) {
        CHECK_FALSE(r.join);
        CHECK_FALSE(r.leave);
        CHECK(r.myPosition == 0);
    }
    CHECK(row(m, "N1").queueLength == 3);
    CHECK(m.myQueues.empty());
}

TEST_CASE("the private talk window names the other member and holds only this talk's chat", "[ui][fair]") {
    net::FairView view = directory();
    view.talk = 7;
    view.talks = {7};
    view.talkMembers[7] = {"N1", 12};
    view.talkChat.push_back({net::FairNoticeKind::TalkChat, {}, 7, 12, 0, 0, "Hallo!", {}});
    view.talkChat.push_back({net::FairNoticeKind::TalkChat, {}, 5, 12, 0, 0, "an old talk", {}});
    view.talkChat.push_back({net::FairNoticeKind::TalkChat, {}, 7, 3, 0, 0, "Guten Tag", {}});
    ui::FairPanelInput in;
    in.view = &view;
    in.you = 3;
    in.names = {{12, "Jana Wiesner"}, {3, "Jörg"}};
    const ui::FairPanelModel m = ui::buildFairPanel(in);
    REQUIRE(m.talk);
    CHECK(m.talk->with == "Jana Wiesner");
    CHECK(m.talk->company == "Ruhr Robotics GmbH");
    REQUIRE(m.talk->chat.size() == 2);
    CHECK(m.talk->chat[0].from == "Jana Wiesner");
    CHECK_FALSE(m.talk->chat[0].you);
    CHECK(m.talk->chat[1].you);
    CHECK(m.talk->end == FairAction{FairAction::Kind::EndTalk, {}, 7});
    // In a talk, no other queue is joined from the directory.
    CHECK_FALSE(row(m, "N1").join);
}

TEST_CASE("the exhibitor's desk: queue names, call next while a slot is free, end per talk, away", "[ui][fair]") {
    net::FairView view = directory();
    view.exhibitorQueues["N1"] = {"Ada", "Bo"};
    ui::FairPanelInput in;
    in.view = &view;
    in.role = net::Role::Exhibitor;
    SECTION("free slots") {
        view.talks = {4};
        view.talkMembers[4] = {"N1", 20};
        in.names = {{20, "Cem"}};
        const ui::FairPanelModel m = ui::buildFairPanel(in);
        REQUIRE(m.desk);
        CHECK(m.desk->company == "Ruhr Robotics GmbH");
        CHECK(m.desk->queue == std::vector<std::string>{"Ada", "Bo"});
        REQUIRE(m.desk->callNext);
        CHECK(*m.desk->callNext == FairAction{FairAction::Kind::CallNext, "N1"});
        REQUIRE(m.desk->talks.size() == 1);
        CHECK(m.desk->talks[0].with == "Cem");
        CHECK(m.desk->talks[0].end == FairAction{FairAction::Kind::EndTalk, {}, 4});
        CHECK(m.desk->toggleAway == FairAction{FairAction::Kind::SetAway, "N1", 0, true});
        for (const auto& r : m.booths) CHECK_FALSE(r.join);  // staff do not queue
    }
    SECTION("four talks: no call") {
        for (std::uint16_t t = 1; t <= 4; ++t) {
            view.talks.push_back(t);
            view.talkMembers[t] = {"N1", std::uint16_t(20 + t)};
        }
        const ui::FairPanelModel m = ui::buildFairPanel(in);
        REQUIRE(m.desk);
        CHECK(m.desk->talks.size() == 4);
        CHECK_FALSE(m.desk->callNext);
    }
    SECTION("away: no call, the toggle brings them back") {
        view.booths["N1"].away = true;
        const ui::FairPanelModel m = ui::buildFairPanel(in);
        REQUIRE(m.desk);
        CHECK(m.desk->away);
        CHECK_FALSE(m.desk->callNext);
        CHECK(m.desk->toggleAway.away == false);
    }
    SECTION("nobody waiting: no call") {
        view.exhibitorQueues["N1"].clear();
        CHECK_FALSE(ui::buildFairPanel(in).desk->callNext);
    }
}

TEST_CASE("schedule now and next from the programme at the client's clock, and the relay's word wins", "[ui][fair]") {
    net::FairView view;
    const auto stages = programme();
    ui::FairPanelInput in;
    in.view = &view;
    in.stages = stages;
    in.nowUnix = kT;
    ui::FairPanelModel m = ui::buildFairPanel(in);
    REQUIRE(m.schedule.size() == 1);
    CHECK(m.schedule[0].stage == "Talk stage");
    CHECK(m.schedule[0].nowTitle == "Willkommen");
    CHECK(m.schedule[0].nowWhen == "15 min left");
    CHECK(m.schedule[0].nextTitle == "Mechatronik");
    CHECK(m.schedule[0].nextWhen == "in 30 min");
    in.nowUnix = kT + 5000;  // after the programme
    m = ui::buildFairPanel(in);
    CHECK(m.schedule[0].nowTitle.empty());
    CHECK(m.schedule[0].nextTitle.empty());
    view.now["Talk stage"] = {"Bewerbungsmappe-Check", "Resse e.V.", std::uint32_t(kT + 4000), std::uint32_t(kT + 6000)};
    m = ui::buildFairPanel(in);
    CHECK(m.schedule[0].nowTitle == "Bewerbungsmappe-Check");
    CHECK(m.schedule[0].nowWhen == "17 min left");
}

TEST_CASE("toasts: you are next once, the exhibitor called you, refusals, and they expire", "[ui][fair]") {
    const net::FairView view = directory();
    ui::FairToasts toasts;
    const auto position = [](std::uint16_t p) {
        return net::FairNotice{net::FairNoticeKind::QueuePosition, "N1", p, 0, 60, 0, {}, {}};
    };
    toasts.observe(position(2), view, 0.0);
    CHECK(toasts.current(0.0).empty());
    toasts.observe(position(1), view, 1.0);
    toasts.observe(position(1), view, 2.0);  // a new wait estimate, same position
    CHECK(toasts.current(2.0) == std::vector<std::string>{"You are next at Ruhr Robotics GmbH"});
    toasts.observe({net::FairNoticeKind::Called, "N1", 3, 9, 0, 0, {}, {}}, view, 3.0);
    const auto now = toasts.current(3.0);
    REQUIRE(now.size() == 2);
    CHECK(now[1] == "The exhibitor of Ruhr Robotics GmbH called you: your private talk has begun");
    CHECK(toasts.current(9.5).size() == 1);  // the first expired after 8 s
    CHECK(toasts.current(20.0).empty());
}

TEST_CASE("the panel draws the fair's tabs and a pressed button never fires without input", "[ui][fair]") {
    net::FairView view = directory();
    view.exhibitorQueues["N1"] = {"Ada"};
    ui::FairPanelInput in;
    in.view = &view;
    in.role = net::Role::Exhibitor;
    ui::PanelModel model;
    model.venue = "career-fair";
    model.fair = ui::buildFairPanel(in);
    ui::Panel panel;
    std::size_t plain = 0;
    {
        ui::PanelModel without = model;
        without.fair.reset();
        panel.frame(without, 1280, 720, 1.0 / 60);
        plain = panel.drawList().vertices.size();
    }
    const auto actions = panel.frame(model, 1280, 720, 1.0 / 60);
    CHECK(actions.fair.empty());
    CHECK(panel.drawList().vertices.size() > plain);  // the tab bar and the venue line
}
