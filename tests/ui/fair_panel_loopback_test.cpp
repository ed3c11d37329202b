// The fair's panel model end to end over a real relay on loopback: a visitor
// joins a queue through the model's "join queue" action, the exhibitor's
// model shows them and calls through "call next", the visitor's model shows
// the private talk, and a line typed there reaches the exhibitor's window.
#include <catch2/catch.hpp>

#include "fair_fixture.hpp"
#include "loopback_harness.hpp"
#include "places/net/ticket.hpp"
#include "places/ui/fair_panel.hpp"

using namespace places;
using namespace places::net::test;

namespace {

struct Person {
    Person(std::uint16_t port, net::ClientConfig cc) {
        auto t = net::ENetTransport::client(1);
        REQUIRE(t);
        net = std::move(*t);
        client = std::make_unique<net::Client>(std::move(cc), *net, clock);
        REQUIRE(net->connect("127.0.0.1", port) != net::kNoPeer);
    }
    void service() {
        net::TransportEvent e;
        while (net->poll(e, 1)) {
            if (e.kind == net::TransportEventKind::Connected) client->start(e.peer);
            client->handle(e);
        }
        client->update();
        net->flush();
    }
    ui::FairPanelModel model() const {
        ui::FairPanelInput in;
        in.view = &client->fair();
        if (client->welcome()) {
            in.role = client->welcome()->role;
            in.you = client->welcome()->you;
        }
        for (const auto& [id, p] : client->participants()) in.names[id] = p.name;
        return ui::buildFairPanel(in);
    }
    net::SteadyClock clock;
    std::unique_ptr<net::ENetTransport> net;
    std::unique_ptr<net::Client> client;
};

bool until(std::vector<Person*> people, const std::function<bool()>& done) {
    const auto end = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < end) {
        for (auto* p : people) p->service();
        if (done()) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("panel actions over a relay: join queue, the desk shows and calls, the talk opens", "[integration][fair]") {
    const net::KeyPair keys = net::generateKeyPair();
    net::RelayConfig config;
    config.open = true;
    config.ticketKey = keys.publicKey;
    config.fair.venues = {boothVenue("hall")};
    LoopbackRelay relay(config);

    net::ClientConfig ec;
    ec.ticket = exhibitorTicket(keys, "Eva");
    Person exhibitor(relay.transport->port(), ec);
    net::ClientConfig vc;
    vc.venue = "hall";
    vc.name = "Jörg";
    Person visitor(relay.transport->port(), vc);
    std::vector<Person*> all{&exhibitor, &visitor};

    // The directory arrives; the visitor's model offers "join queue" at B1.
    std::optional<ui::FairAction> join;
    REQUIRE(until(all, [&] {
        const auto m = visitor.model();
        for (const auto& r : m.booths)
            if (r.id == "B1" && r.status == "open" && r.join) join = r.join;
        return join.has_value();
    }));
    REQUIRE(ui::performFairAction(*join, *visitor.client));

    // The visitor's model: position 1; the exhibitor's desk: Jörg, "call next".
    REQUIRE(until(all, [&] {
        const auto m = visitor.model();
        return m.myQueues.size() == 1 && m.myQueues[0].position == 1;
    }));
    std::optional<ui::FairAction> call;
    REQUIRE(until(all, [&] {
        const auto m = exhibitor.model();
        if (m.desk && m.desk->queue == std::vector<std::string>{"Jörg"}) call = m.desk->callNext;
        return call.has_value();
    }));
    CHECK(exhibitor.model().desk->company == "Ruhr Robotics GmbH");
    REQUIRE(ui::performFairAction(*call, *exhibitor.client));

    // The visitor's model now holds the talk with Eva; the queue is gone.
    REQUIRE(until(all, [&] {
        const auto m = visitor.model();
        return m.talk && m.talk->with == "Eva" && m.myQueues.empty();
    }));
    ui::FairAction say = visitor.model().talk->say;
    say.text = "Grüß Gott";
    REQUIRE(ui::performFairAction(say, *visitor.client));
    REQUIRE(until(all, [&] {
        const auto m = exhibitor.model();
        return m.talk && !m.talk->chat.empty() && m.talk->chat.back().text == "Grüß Gott" &&
               m.talk->chat.back().from == "Jörg" && m.desk && m.desk->talks.size() == 1 &&
               m.desk->talks[0].with == "Jörg";
    }));
    // The exhibitor ends it through the desk's button; both windows close.
    REQUIRE(ui::performFairAction(exhibitor.model().desk->talks[0].end, *exhibitor.client));
    REQUIRE(until(all, [&] { return !visitor.model().talk && !exhibitor.model().talk; }));
}
