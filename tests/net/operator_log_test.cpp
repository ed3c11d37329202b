// The operator log: what a relay reports (one line per join, leave, refusal,
// moderation action, overflow instance), its JSON form, and its rate limit.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "places/net/operator_log.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::RelayHarness;  // openConfig

namespace {

std::vector<std::string> lines(const std::ostringstream& out) {
    std::vector<std::string> result;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
}

std::vector<nlohmann::json> jsonLines(const std::ostringstream& out) {
    std::vector<nlohmann::json> result;
    for (const std::string& line : lines(out)) result.push_back(nlohmann::json::parse(line));  // throws if not JSON
    return result;
}

RelayLogRecord refusal(std::string name) {
    RelayLogRecord r;
    r.kind = RelayLogKind::Refuse;
    r.name = std::move(name);
    r.address = "192.0.2.1";
    r.reason = "banned: banned from this relay";
    return r;
}

OperatorLogConfig budget(LogFormat format, double burst, double linesPerSecond = 20.0) {
    OperatorLogConfig c;
    c.format = format;
    c.burst = burst;
    c.linesPerSecond = linesPerSecond;
    return c;
}

}  // namespace

TEST_CASE("operator log: joins, refusals, moderation, overflow and leaves, one JSON object a line", "[relay][log]") {
    std::ostringstream out;
    FakeClock clock;
    const OperatorLogConfig lc = budget(LogFormat::Json, 200);
    RelayConfig config = RelayHarness::openConfig();
    config.avatarCapacity = 1;
    const KeyPair keys = generateKeyPair();
    config.ticketKey = keys.publicKey;
    {
        OperatorLog log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), lc, clock);
        MemoryTransport relayNet;
        Relay relay(config, relayNet, clock, &log);
        MemoryTransport a, b;
        Client ada({.venue = "hall", .name = "Ada"}, a, clock);
        ada.start(a.connect(relayNet, "198.51.100.1"));
        Client bob({.venue = "hall", .name = "Bob\n{\"event\":\"forged\"}"}, b, clock);
        bob.start(b.connect(relayNet, "198.51.100.2"));
        TransportEvent e;
        for (int round = 0; round < 4; ++round) {
            relay.pump();
            while (a.poll(e)) ada.handle(e);
            while (b.poll(e)) bob.handle(e);
        }
        REQUIRE(ada.state() == ClientState::Joined);
        REQUIRE(bob.state() == ClientState::Joined);
        MemoryTransport c;
        Client forger({.ticket = std::vector<std::byte>(100, std::byte{1}), .venue = "hall"}, c, clock);
        forger.start(c.connect(relayNet, "198.51.100.3"));
        relay.pump();
        ada.leave();
        relay.pump();
    }
    const auto records = jsonLines(out);
    std::map<std::string, int> events;
    for (const auto& j : records) {
        CHECK(j.contains("time"));
        CHECK(j.contains("level"));
        events[j.at("event").get<std::string>()] += 1;
    }
    CHECK(events["join"] == 2);
    CHECK(events["overflow"] == 1);
    CHECK(events["refuse"] == 1);
    CHECK(events["leave"] == 1);
    CHECK(events.count("forged") == 0);  // a name cannot break out of its line
    const auto bobJoin = std::find_if(records.begin(), records.end(), [](const auto& j) {
        return j.at("event") == "join" && j.value("address", "") == "198.51.100.2";
    });
    REQUIRE(bobJoin != records.end());
    CHECK(bobJoin->at("name") == "Bob\n{\"event\":\"forged\"}");
    CHECK(bobJoin->at("instance") == 1);
}

TEST_CASE("operator log: a flood is cut to the budget and the rest counted in one line", "[relay][log]") {
    std::ostringstream out;
    FakeClock clock;
    const OperatorLogConfig lc = budget(LogFormat::Text, 10, 5);
    OperatorLog log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), lc, clock);
    for (int i = 0; i < 10'000; ++i) log.record(refusal("visitor"));
    CHECK(lines(out).size() == 10);
    CHECK(log.suppressed() == 9'990);
    clock.advanceMillis(1000);  // 5 more lines' worth
    for (int i = 0; i < 10; ++i) log.record(refusal("visitor \"quoted\"\r\nnext"));
    const auto text = lines(out);
    REQUIRE(text.size() == 16);  // the report, then 5 lines
    CHECK(text[10].find("suppressed lines=9990") != std::string::npos);
    CHECK(text[11].find(R"(name="visitor \"quoted\"\x0d\x0anext")") != std::string::npos);
    CHECK(text[11].find("refuse address=192.0.2.1") == std::string::npos);  // the name comes first
    CHECK(text[11].find("[warning] refuse name=") != std::string::npos);
    CHECK(log.suppressed() == 9'995);
}

TEST_CASE("operator log: the suppressed count is not lost at exit, JSON too", "[relay][log]") {
    std::ostringstream out;
    FakeClock clock;
    const OperatorLogConfig lc = budget(LogFormat::Json, 2);
    {
        OperatorLog log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), lc, clock);
        for (int i = 0; i < 7; ++i) log.record(refusal("x"));
    }
    const auto records = jsonLines(out);
    REQUIRE(records.size() == 3);
    CHECK(records[2].at("event") == "suppressed");
    CHECK(records[2].at("lines") == 5);
}
