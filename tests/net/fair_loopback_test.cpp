// The fair on a real relay over ENet on loopback (issue #10): booth queues,
// calling into private talks, talk isolation checked on the wire, away,
// reconnecting, refusals of what a visitor may not do, portals between venues,
// the act "now" at a fixed event clock (also through `places relay --clock`),
// the organiser's CSV (`places fair report`), and `places relay --scene`
// refusing bad scenes with exit 2. Waits have generous deadlines; nothing is timed.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fair_fixture.hpp"
#include "loopback_harness.hpp"
#include "places/net/stats_server.hpp"
#include "places/net/ticket.hpp"

using namespace places::net;
using namespace places::net::test;

namespace {

constexpr std::int64_t kNoon = 1'783'000'800;  // an instant inside the test's stage programme

// Venues "hall" (stage, booth B1 staffed by Eva, portal "gate" to "plaza") and "plaza".
RelayConfig fairConfig(const KeyPair& keys) {
    RelayConfig config;
    config.open = true;
    config.ticketKey = keys.publicKey;
    FairVenue hall;
    hall.venue = "hall";
    hall.stages.push_back({"Stage", {{"Opening", "Band A", kNoon - 3600, kNoon - 60},
                                     {"Keynote", "Dr. Ö", kNoon - 60, kNoon + 1800},
                                     {"Closing", "Band B", kNoon + 3600, kNoon + 7200}}});
    hall.booths.push_back({"B1", "Ruhr Robotics GmbH", {"Eva"}, {}});
    hall.booths.push_back({"B2", "Closed Corp", {"Finn"}, {{kNoon + 7200, kNoon + 9000}}});
    hall.portals.push_back(gatePortal("plaza"));
    FairVenue plaza;
    plaza.venue = "plaza";
    config.fair.venues = {hall, plaza};
    config.fair.fixedTime = kNoon;
    return config;
}

// A client that also keeps every byte it received, to check what went over the wire.
struct FairClient {
    FairClient(std::uint16_t port, ClientConfig cc) {
        auto t = ENetTransport::client(1);
        REQUIRE(t);
        net = std::move(*t);
        client = std::make_unique<Client>(std::move(cc), *net, clock);
        REQUIRE(net->connect("127.0.0.1", port) != kNoPeer);
    }
    void service() {
        TransportEvent e;
        while (net->poll(e, 1)) {
            if (e.kind == TransportEventKind::Connected) client->start(e.peer);
            wire.insert(wire.end(), e.data.begin(), e.data.end());
            client->handle(e);
        }
        client->update();
        net->flush();
    }
    bool heard(std::string_view text) const {
        const auto* begin = reinterpret_cast<const char*>(wire.data());
        return std::string_view(begin, wire.size()).find(text) != std::string_view::npos;
    }
    Client& c() { return *client; }
    const FairView& fair() const { return client->fair(); }
    SteadyClock clock;
    std::unique_ptr<ENetTransport> net;
    std::unique_ptr<Client> client;
    std::vector<std::byte> wire;
};

ClientConfig anonymous(const std::string& venue, const std::string& name, bool spectate = false) {
    ClientConfig cc;
    cc.venue = venue;
    cc.name = name;
    cc.spectate = spectate;
    return cc;
}

ClientConfig ticketed(const KeyPair& keys, Role role, const std::string& venue, const std::string& name,
                      const TicketId& id = randomTicketId()) {
    Ticket t;
    t.role = role;
    t.venue = venue;
    t.name = name;
    t.expiresUnix = 4'000'000'000ull;
    t.id = id;
    ClientConfig cc;
    cc.ticket = signTicket(t, keys.secretKey);
    return cc;
}

bool until(std::vector<FairClient*> clients, const std::function<bool()>& done) {
    const auto end = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < end) {
        for (auto* c : clients) c->service();
        if (done()) return true;
    }
    return false;
}

void service(std::vector<FairClient*> clients, int rounds) {
    for (int i = 0; i < rounds; ++i)
        for (auto* c : clients) c->service();
}

std::uint16_t positionAt(const FairClient& c, const std::string& booth) {
    const auto it = c.fair().queues.find(booth);
    return it == c.fair().queues.end() ? 0 : it->second.position;
}

bool refused(const FairClient& c, FairOp op) {
    return std::any_of(c.fair().refusals.begin(), c.fair().refusals.end(),
                       [&](const FairNotice& n) { return n.a == static_cast<std::uint16_t>(op); });
}

std::uint64_t notPermitted(LoopbackRelay& relay) {
    const std::string text = relay.loop->metricsText();
    const std::string key = "places_relay_dropped_total{reason=\"fair_not_permitted\"} ";
    const auto at = text.find(key);
    return at == std::string::npos ? 0 : std::stoull(text.substr(at + key.size()));
}

bool joined(FairClient& c) { return c.c().state() == ClientState::Joined; }

// Runs `places ARGS`; returns the exit status and standard output and error
// together. A relay that wrongly accepts its scene would serve forever: `timeout`
// ends it (exit 124) instead of hanging the test.
std::pair<int, std::string> runPlaces(const std::string& args) {
    std::string cmd = "timeout 60 " + std::string(PLACES_CLI) + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace

TEST_CASE("booth queue: order, call-next, a private talk reaches only its members", "[integration]") {
    const KeyPair keys = generateKeyPair();
    LoopbackRelay relay(fairConfig(keys));
    const std::uint16_t port = relay.transport->port();
    FairClient eva(port, ticketed(keys, Role::Exhibitor, "hall", "Eva"));
    FairClient v1(port, anonymous("hall", "Ada")), v2(port, anonymous("hall", "Ben")), v3(port, anonymous("hall", "Cem"));
    FairClient bystander(port, anonymous("hall", "Dora")), spectator(port, anonymous("hall", "Eli", true));
    std::vector<FairClient*> all{&eva, &v1, &v2, &v3, &bystander, &spectator};
    REQUIRE(until(all, [&] { return std::all_of(all.begin(), all.end(), [](FairClient* c) { return joined(*c); }); }));

    // Joined in this order, queued in this order.
    std::uint16_t expected = 1;
    for (FairClient* v : {&v1, &v2, &v3}) {
        REQUIRE(v->c().joinQueue("B1"));
        REQUIRE(until(all, [&] { return positionAt(*v, "B1") == expected; }));
        ++expected;
    }
    CHECK(v3.fair().queues.at("B1").estimatedWaitS > 0);
    REQUIRE(until(all, [&] {
        auto it = eva.fair().exhibitorQueues.find("B1");
        return it != eva.fair().exhibitorQueues.end() && it->second.size() == 3;
    }));
    CHECK(eva.fair().exhibitorQueues.at("B1") == std::vector<std::string>{"Ada", "Ben", "Cem"});
    // Spectators see counts only: the directory, never names or positions.
    REQUIRE(until(all, [&] {
        auto it = spectator.fair().booths.find("B1");
        return it != spectator.fair().booths.end() && it->second.queueLength == 3;
    }));
    CHECK(spectator.fair().exhibitorQueues.empty());
    CHECK_FALSE(spectator.heard("Ada\nBen"));

    // A visitor may not call or skip; both are refused and counted.
    const std::uint64_t before = notPermitted(relay);
    REQUIRE(v2.c().callNext("B1"));
    REQUIRE(v2.c().sendFair(FairOp::Skip, "B1", 1));
    REQUIRE(until(all, [&] { return refused(v2, FairOp::CallNext) && refused(v2, FairOp::Skip); }));
    REQUIRE(until(all, [&] { return notPermitted(relay) >= before + 2; }));
    REQUIRE(spectator.c().joinQueue("B1"));
    REQUIRE(until(all, [&] { return refused(spectator, FairOp::JoinQueue); }));
    CHECK(positionAt(v2, "B1") == 2);  // nothing moved

    // The exhibitor calls the first: Ada is in a talk, the others move up.
    REQUIRE(eva.c().callNext("B1"));
    REQUIRE(until(all, [&] { return v1.fair().talk != 0 && eva.fair().talk != 0 && positionAt(v2, "B1") == 1 &&
                                    positionAt(v3, "B1") == 2; }));
    CHECK(v1.fair().called == 1);
    CHECK(v1.fair().talk == eva.fair().talk);
    CHECK(v1.fair().queues.count("B1") == 0);

    // Talk chat reaches the two members; nobody else receives its bytes.
    REQUIRE(eva.c().talkChat("psst-private-offer"));
    REQUIRE(v1.c().talkChat("psst-private-reply"));
    bystander.c().sendChat("public-hello");  // the hall's own chat still flows
    REQUIRE(until(all, [&] {
        return v1.fair().talkChat.size() == 2 && eva.fair().talkChat.size() == 2 && v2.heard("public-hello") &&
               spectator.heard("public-hello");
    }));
    service(all, 50);
    // The members' wire carries the text as sent (so its absence elsewhere means something).
    CHECK(v1.heard("psst-private-offer"));
    CHECK(eva.heard("psst-private-reply"));
    for (FairClient* outsider : {&v2, &v3, &bystander, &spectator}) {
        CHECK_FALSE(outsider->heard("psst-private"));
        CHECK(outsider->fair().talkChat.empty());
    }
    // An outsider cannot write into the talk either.
    REQUIRE(v2.c().talkChat("intrusion", eva.fair().talk));
    REQUIRE(until(all, [&] { return refused(v2, FairOp::TalkChat); }));
    CHECK_FALSE(v1.heard("intrusion"));

    // Ending the talk tells both members.
    REQUIRE(eva.c().endTalk(eva.fair().talk));
    REQUIRE(until(all, [&] { return v1.fair().talk == 0 && eva.fair().talk == 0; }));

    // The organiser's CSV: `places fair report --relay-stats URL` reads the relay's
    // metrics endpoint (refreshed once a second) and writes a row per booth.
    auto server = StatsServer::start(0, [&] { return relay.loop->metricsText(); }, {}, "127.0.0.1");
    REQUIRE(server);
    REQUIRE(until(all, [&] {
        return relay.loop->metricsText().find("places_fair_booth_talks_total{venue=\"hall\",booth=\"B1\"} 1") !=
               std::string::npos;
    }));
    const auto [code, csv] = runPlaces("fair report --relay-stats http://127.0.0.1:" +
                                       std::to_string((*server)->port()) + "/metrics");
    INFO(csv);
    CHECK(code == 0);
    CHECK(csv.rfind("venue,booth,company,queued,talks,timed_out,queue_length,median_wait_s,median_talk_s\n", 0) == 0);
    CHECK_THAT(csv, Catch::Contains("\nhall,B1,Ruhr Robotics GmbH,3,1,0,2,"));  // 3 queued, 1 talk, 2 still queued
    CHECK_THAT(csv, Catch::Contains("\nhall,B2,Closed Corp,0,0,0,0,0.000,0.000\n"));
    // The median wait and talk length are Ada's: positive, and under the test's deadline.
    const auto row = csv.substr(csv.find("hall,B1,"));
    const auto wait = std::stod(row.substr(row.find(",2,") + 3));
    CHECK(wait > 0.0);
    CHECK(wait < 60.0);
}

TEST_CASE("an exhibitor away pauses the queue, and at most four talks run at once", "[integration]") {
    const KeyPair keys = generateKeyPair();
    LoopbackRelay relay(fairConfig(keys));
    const std::uint16_t port = relay.transport->port();
    FairClient eva(port, ticketed(keys, Role::Exhibitor, "hall", "Eva"));
    std::vector<std::unique_ptr<FairClient>> visitors;
    for (int i = 0; i < 6; ++i) {
        std::string name = "v";
        name += std::to_string(i);
        visitors.push_back(std::make_unique<FairClient>(port, anonymous("hall", name)));
    }
    std::vector<FairClient*> all{&eva};
    for (auto& v : visitors) all.push_back(v.get());
    REQUIRE(until(all, [&] { return std::all_of(all.begin(), all.end(), [](FairClient* c) { return joined(*c); }); }));
    for (std::size_t i = 0; i < 6; ++i) {
        REQUIRE(visitors[i]->c().joinQueue("B1"));
        REQUIRE(until(all, [&] { return positionAt(*visitors[i], "B1") == i + 1; }));
    }
    REQUIRE(eva.c().setAway("B1", true));
    REQUIRE(until(all, [&] {
        auto it = visitors[5]->fair().booths.find("B1");
        return it != visitors[5]->fair().booths.end() && it->second.away;
    }));
    REQUIRE(eva.c().callNext("B1"));
    REQUIRE(until(all, [&] { return refused(eva, FairOp::CallNext); }));
    CHECK(positionAt(*visitors[0], "B1") == 1);  // paused: nobody called
    REQUIRE(eva.c().setAway("B1", false));
    for (int i = 0; i < 5; ++i) REQUIRE(eva.c().callNext("B1"));
    REQUIRE(until(all, [&] { return eva.fair().talks.size() == 4 && eva.fair().refusals.size() == 2; }));
    service(all, 30);
    CHECK(eva.fair().talks.size() == 4);  // the fifth call was refused
    CHECK(positionAt(*visitors[4], "B1") == 1);
    CHECK(visitors[4]->fair().talk == 0);
}

TEST_CASE("a visitor who reconnects keeps the place in the queue", "[integration]") {
    const KeyPair keys = generateKeyPair();
    LoopbackRelay relay(fairConfig(keys));
    const std::uint16_t port = relay.transport->port();
    const TicketId adaTicket = randomTicketId();
    FairClient eva(port, ticketed(keys, Role::Exhibitor, "hall", "Eva"));
    auto ada = std::make_unique<FairClient>(port, ticketed(keys, Role::Visitor, "hall", "Ada", adaTicket));
    FairClient ben(port, ticketed(keys, Role::Visitor, "hall", "Ben"));
    REQUIRE(until({&eva, ada.get(), &ben}, [&] { return joined(eva) && joined(*ada) && joined(ben); }));
    REQUIRE(ada->c().joinQueue("B1"));
    REQUIRE(until({&eva, ada.get(), &ben}, [&] { return positionAt(*ada, "B1") == 1; }));
    REQUIRE(ben.c().joinQueue("B1"));
    REQUIRE(until({&eva, ada.get(), &ben}, [&] { return positionAt(ben, "B1") == 2; }));

    // Ada's connection ends (she leaves on purpose: the session is gone at once).
    ada->c().leave();
    service({ada.get()}, 20);
    ada.reset();
    // While she is away the exhibitor calls: the present visitor behind her is called, her place stays.
    REQUIRE(eva.c().callNext("B1"));
    REQUIRE(until({&eva, &ben}, [&] { return ben.fair().talk != 0; }));
    // Back with the same ticket: first in the queue again.
    FairClient back(port, ticketed(keys, Role::Visitor, "hall", "Ada", adaTicket));
    REQUIRE(until({&eva, &back, &ben}, [&] { return positionAt(back, "B1") == 1; }));
    REQUIRE(until({&eva, &back, &ben}, [&] {
        auto it = eva.fair().exhibitorQueues.find("B1");
        return it != eva.fair().exhibitorQueues.end() && it->second == std::vector<std::string>{"Ada"};
    }));
}

TEST_CASE("a portal moves a visitor to the other venue with name and role, and both venues see it", "[integration]") {
    const KeyPair keys = generateKeyPair();
    LoopbackRelay relay(fairConfig(keys));
    const std::uint16_t port = relay.transport->port();
    FairClient walker(port, ticketed(keys, Role::Moderator, "hall", "Walker"));
    FairClient hallWatcher(port, anonymous("hall", "Hanna"));
    FairClient plazaWatcher(port, anonymous("plaza", "Pia"));
    std::vector<FairClient*> all{&walker, &hallWatcher, &plazaWatcher};
    REQUIRE(until(all, [&] { return joined(walker) && joined(hallWatcher) && joined(plazaWatcher); }));
    const ParticipantId id = walker.c().welcome()->you;
    REQUIRE(until(all, [&] { return hallWatcher.c().participants().count(id) == 1; }));

    // Outside the zone the relay refuses (it checks the position it has, not the client's word).
    AvatarPose pose;
    pose.head.position = {0.0f, 1.6f, 0.0f};
    walker.c().setPose(pose);
    service(all, 20);
    REQUIRE(walker.c().enterPortal("gate"));
    REQUIRE(until(all, [&] { return refused(walker, FairOp::EnterPortal); }));
    CHECK(walker.fair().venue.empty());

    pose.head.position = {10.0f, 1.6f, 10.0f};
    walker.c().setPose(pose);
    service(all, 30);  // poses reach the relay
    REQUIRE(walker.c().enterPortal("gate"));
    REQUIRE(until(all, [&] { return walker.fair().venue == "plaza"; }));
    CHECK(walker.fair().spawn == "entrance");
    CHECK(walker.c().welcome()->you == id);  // the same participant: its colour follows its id
    CHECK(walker.c().welcome()->role == Role::Moderator);
    // The plaza sees the arrival with name and role; the hall sees the leave.
    REQUIRE(until(all, [&] {
        auto it = plazaWatcher.c().participants().find(id);
        return it != plazaWatcher.c().participants().end() && hallWatcher.c().participants().count(id) == 0;
    }));
    const RemoteParticipant& arrived = plazaWatcher.c().participants().at(id);
    CHECK(arrived.name == "Walker");
    CHECK(arrived.role == Role::Moderator);
    // And the walker now sees the plaza: Pia, not Hanna.
    REQUIRE(until(all, [&] { return walker.c().participants().count(plazaWatcher.c().welcome()->you) == 1; }));
    CHECK(walker.c().participants().count(hallWatcher.c().welcome()->you) == 0);

    // A client that cannot load the plaza's scene asks to go back: the hall
    // again, no spawn named (it stays where it stood), once only.
    REQUIRE(hallWatcher.c().returnThroughPortal());
    REQUIRE(until(all, [&] { return refused(hallWatcher, FairOp::ReturnPortal); }));
    const std::uint32_t moves = walker.fair().moves;
    REQUIRE(walker.c().returnThroughPortal());
    REQUIRE(until(all, [&] { return walker.fair().moves == moves + 1; }));
    CHECK(walker.fair().venue == "hall");
    CHECK(walker.fair().spawn.empty());
    CHECK(walker.c().welcome()->you == id);
    REQUIRE(until(all, [&] {
        return hallWatcher.c().participants().count(id) == 1 && plazaWatcher.c().participants().count(id) == 0;
    }));
    REQUIRE(walker.c().returnThroughPortal());
    REQUIRE(until(all, [&] { return refused(walker, FairOp::ReturnPortal); }));
    CHECK(walker.fair().venue == "hall");
}

TEST_CASE("the relay announces the act on now and next at a fixed event clock", "[integration]") {
    const KeyPair keys = generateKeyPair();
    LoopbackRelay relay(fairConfig(keys));
    FairClient v(relay.transport->port(), anonymous("hall", "Ada"));
    REQUIRE(until({&v}, [&] { return v.fair().now.count("Stage") == 1 && v.fair().next.count("Stage") == 1; }));
    CHECK(v.fair().now.at("Stage").title == "Keynote");
    CHECK(v.fair().now.at("Stage").performer == "Dr. Ö");
    CHECK(v.fair().now.at("Stage").start == static_cast<std::uint32_t>(kNoon - 60));
    CHECK(v.fair().next.at("Stage").title == "Closing");
    // The directory: B2 is closed at this hour, and a visitor cannot queue there.
    REQUIRE(until({&v}, [&] { return v.fair().booths.count("B2") == 1; }));
    CHECK_FALSE(v.fair().booths.at("B2").open);
    CHECK(v.fair().booths.at("B1").open);
    REQUIRE(v.c().joinQueue("B2"));
    REQUIRE(until({&v}, [&] { return refused(v, FairOp::JoinQueue); }));
}

namespace {

// Runs `places relay` with `args`; returns the exit status and stderr.
std::pair<int, std::string> runRelay(const std::vector<std::string>& args) {
    std::string file = "places-fair-";
    file += std::to_string(getpid());
    file += ".err";
    const std::string err = (std::filesystem::temp_directory_path() / file).string();
    std::string cmd = std::string(PLACES_CLI) + " relay --open --port 0";
    for (const auto& a : args) cmd += " '" + a + "'";
    cmd += " 2>" + err + " >/dev/null";
    const int status = std::system(cmd.c_str());
    std::ifstream in(err);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(err);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}


// The folder a test writes its bad scene files into, removed at the end.
struct TempFolder {
    TempFolder() {
        std::string name = "places-fair-scenes-";
        name += std::to_string(getpid());
        dir = std::filesystem::temp_directory_path() / name;
        std::filesystem::create_directories(dir);
    }
    ~TempFolder() { std::filesystem::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
    std::filesystem::path dir;
};

// A version 2 scene "bad" with a stage zone and a gate zone, plus `extra` top-level members.
std::string badScene(const std::string& extra) {
    return R"({"version": 2, "name": "bad", "venue": "bad",
  "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0},
  "zones": [
    {"name": "Stage", "kind": "stage", "shape": {"box": {"center": {"local": [0, 0, 0]}, "size": [10, 10]}}},
    {"name": "Gate", "kind": "area", "shape": {"box": {"center": {"local": [40, 0, 0]}, "size": [2, 2]}}}
  ])" + extra + "}";
}

}  // namespace

TEST_CASE("places relay --scene refuses bad event entries with exit 2 and the JSON path", "[integration]") {
    const std::string scenes = std::string(PLACES_SOURCE_DIR) + "/scenes/";
    SECTION("a portal to a venue the relay does not load") {
        const auto [code, err] = runRelay({"--scene", scenes + "career-fair.json"});
        CHECK(code == 2);
        CHECK_THAT(err, Catch::Contains("career-fair.json (portals[0].venue)") &&
                            Catch::Contains("unknown venue 'gelsenkirchen-festival'"));
    }
    SECTION("a booth without company") {
        std::string folder = "places-fair-";
        folder += std::to_string(getpid());
        const auto dir = std::filesystem::temp_directory_path() / folder;
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "bad.json") << R"({"version": 2, "name": "bad",
          "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0},
          "booths": [{"id": "b1", "description": "no company"}]})";
        const auto [code, err] = runRelay({"--scene", (dir / "bad.json").string()});
        std::filesystem::remove_all(dir);
        CHECK(code == 2);
        CHECK_THAT(err, Catch::Contains("bad.json (booths[0].company)"));
    }
    SECTION("a malformed --clock") {
        const auto [code, err] = runRelay({"--scene", scenes + "career-fair.json", "--scene",
                                           scenes + "gelsenkirchen-festival.json", "--clock", "noon"});
        CHECK(code == 2);
        CHECK_THAT(err, Catch::Contains("--clock"));
    }
}

// Issue #10's three bad entries through the places binary, both readers of a
// scene: `places render` (the client) and `places relay --scene` (the relay).
// Exit 2 and the file with the JSON path of the entry; nothing rendered or served.
TEST_CASE("places render and places relay --scene give exit 2 with the JSON path for bad event entries",
          "[integration]") {
    const TempFolder folder;
    // The portal's scene file declares venue "other"; the portal says "nowhere".
    folder.write("other.json", R"({"version": 2, "name": "other", "venue": "other",
      "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0}})");
    struct Bad {
        std::string file, json, where, what;
    };
    const std::vector<Bad> bad{
        {"no-company.json", badScene(R"(, "booths": [{"id": "b1", "description": "no company"}])"),
         "no-company.json (booths[0].company)", "missing"},
        {"overlap.json", badScene(R"(, "events": [{"stage": "Stage", "acts": [
          {"title": "A", "start": "2026-07-11T14:00+02:00", "end": "2026-07-11T15:00+02:00"},
          {"title": "B", "start": "2026-07-11T14:30+02:00", "end": "2026-07-11T15:30+02:00"}]}])"),
         "overlap.json (events[0].acts[1])", "overlaps events[0].acts[0]"},
        {"portal.json", badScene(R"(, "portals": [{"name": "p", "zone": "Gate", "venue": "nowhere", "scene": "other.json"}])"),
         "portal.json (portals[0].venue)", "unknown venue 'nowhere'"},
    };
    for (const Bad& b : bad) {
        const std::string path = folder.write(b.file, b.json);
        for (const std::string& command : {"render " + path + " --size 64x36 -o " + (folder.dir / "x.png").string(),
                                           "relay --open --port 0 --scene " + path}) {
            INFO(command);
            const auto [code, output] = runPlaces(command);
            INFO(output);
            CHECK(code == 2);
            CHECK_THAT(output, Catch::Contains(b.where) && Catch::Contains(b.what));
            CHECK_FALSE(std::filesystem::exists(folder.dir / "x.png"));
        }
    }
    // A portal to a venue the relay does not load: only the relay can know (the
    // client renders one venue); its JSON path is named all the same.
    const std::string lone = folder.write("lone.json", badScene(R"(, "portals": [{"name": "p", "zone": "Gate", "venue": "nowhere"}])"));
    const auto [code, output] = runPlaces("relay --open --port 0 --scene " + lone);
    INFO(output);
    CHECK(code == 2);
    CHECK_THAT(output, Catch::Contains("lone.json (portals[0].venue)") && Catch::Contains("unknown venue 'nowhere'"));
}

// The shipped programme through the whole path: scene files -> `places relay
// --scene ... --clock` -> the wire -> a client's "now" and "next".
TEST_CASE("places relay --scene with --clock announces the shipped programme's act at that instant", "[integration]") {
    std::uint16_t port = 0;
    {
        auto probe = ENetTransport::listen(0);  // a free port, released for the child
        REQUIRE(probe);
        port = (*probe)->port();
    }
    const std::string scenes = std::string(PLACES_SOURCE_DIR) + "/scenes/";
    const std::string fairFile = scenes + "career-fair.json", festivalFile = scenes + "gelsenkirchen-festival.json";
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const std::string p = std::to_string(port);
        execl(PLACES_CLI, PLACES_CLI, "relay", "--open", "--port", p.c_str(), "--scene", fairFile.c_str(), "--scene",
              festivalFile.c_str(), "--clock", "2024-10-09T10:15+02:00", static_cast<char*>(nullptr));
        _exit(127);
    }
    auto v = std::make_unique<FairClient>(port, anonymous("career-fair", "Ada"));
    const auto end = std::chrono::steady_clock::now() + kDeadline;
    bool announced = false;
    while (!announced && std::chrono::steady_clock::now() < end) {
        v->service();
        // The child may not listen yet: connect again.
        if (v->c().state() == ClientState::Disconnected) v = std::make_unique<FairClient>(port, anonymous("career-fair", "Ada"));
        announced = v->fair().now.count("Talk stage") == 1 && v->fair().next.count("Talk stage") == 1;
    }
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(announced);
    CHECK(v->fair().now.at("Talk stage").title == "Mechatronik: vom Praktikum zur Ausbildung");
    CHECK(v->fair().now.at("Talk stage").performer == "Ruhr Robotics GmbH");
    CHECK(v->fair().next.at("Talk stage").title == "Duales Studium Energietechnik");
    CHECK(WIFEXITED(status));
}
