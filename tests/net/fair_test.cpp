// The fair's plain parts: a booth queue (order, absence, expiry, statistics)
// and the per-booth statistics through the metrics text into CSV.
#include <catch2/catch.hpp>

#include "places/net/booth_queue.hpp"
#include "places/net/fair_report.hpp"
#include "places/net/bots.hpp"
#include "places/net/relay_metrics.hpp"

using namespace places::net;

TEST_CASE("a booth queue keeps order, skips absent visitors and drops them after the limit", "[fair]") {
    BoothQueue q;
    CHECK(q.join("a", "Ada", 1, 0) == 1);
    CHECK(q.join("b", "Ben", 2, 1'000'000) == 2);
    CHECK(q.join("c", "Cem", 3, 2'000'000) == 3);
    CHECK(q.join("a", "Ada", 1, 3'000'000) == 1);  // twice: the same place
    CHECK(q.stats.queued == 3);
    q.markAbsent(1, 4'000'000);
    auto called = q.callNext(10'000'000);
    REQUIRE(called);
    CHECK(called->person == "b");  // Ada is away: she keeps her place, Ben is called
    CHECK(q.stats.waits == std::vector<double>{9.0});
    CHECK(q.position("a") == 1);
    CHECK(q.position("c") == 2);
    CHECK(q.markPresent("a", 7));
    CHECK(q.callNext(11'000'000)->id == 7);
    q.markAbsent(3, 20'000'000);
    CHECK(q.expire(20'000'000 + 600'000'000, 600'000'000) == 0);  // exactly the limit: kept
    CHECK(q.expire(20'000'001 + 600'000'000, 600'000'000) == 1);
    CHECK(q.entries().empty());
    CHECK(q.stats.timedOut == 1);
    CHECK_FALSE(q.callNext(0));
}

TEST_CASE("the median of waits and talk lengths", "[fair]") {
    CHECK(BoothStats::median({}) == 0.0);
    CHECK(BoothStats::median({5.0, 1.0, 3.0}) == 3.0);
    CHECK(BoothStats::median({4.0, 1.0, 3.0, 2.0}) == 2.5);
}

TEST_CASE("booth statistics go through the metrics text into CSV", "[fair]") {
    RelayMetrics m;
    m.booths.push_back({"career-fair", "N1", "Ruhr \"Robotics\", GmbH", 12, 9, 1, 3, 95.5, 240.25});
    m.booths.push_back({"career-fair", "S4", "Stadtteilwerkstatt Resse e.V.", 0, 0, 0, 0, 0, 0});
    const std::string text = renderPrometheus(m);
    CHECK_THAT(text, Catch::Contains("places_fair_booth_talks_total{venue=\"career-fair\",booth=\"N1\"} 9"));
    const auto rows = parseBoothMetrics(text);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].company == "Ruhr \"Robotics\", GmbH");
    CHECK(rows[0].queued == 12);
    CHECK(rows[0].talks == 9);
    CHECK(rows[0].timedOut == 1);
    CHECK(rows[0].queueLength == 3);
    CHECK(rows[0].medianWaitSeconds == Approx(95.5));
    CHECK(rows[0].medianTalkSeconds == Approx(240.25));
    const std::string csv = boothReportCsv(rows);
    CHECK(csv.substr(0, csv.find('\n')) ==
          "venue,booth,company,queued,talks,timed_out,queue_length,median_wait_s,median_talk_s");
    CHECK_THAT(csv, Catch::Contains("career-fair,N1,\"Ruhr \"\"Robotics\"\", GmbH\",12,9,1,3,95.500,240.250\n"));
    CHECK_THAT(csv, Catch::Contains("career-fair,S4,Stadtteilwerkstatt Resse e.V.,0,0,0,0,0.000,0.000\n"));
}

TEST_CASE("refusals are counted by operation and reason, without booth names or numbers", "[fair]") {
    FairNotice n;
    n.kind = FairNoticeKind::Refused;
    n.a = static_cast<std::uint16_t>(FairOp::CallNext);
    n.text = "nobody present in the queue of booth-07";
    CHECK(fairRefusalReason(n) == "call_next: nobody present in the queue");
    n.text = "already 4 talks at once";
    CHECK(fairRefusalReason(n) == "call_next: already N talks at once");
    n.a = static_cast<std::uint16_t>(FairOp::JoinQueue);
    n.text = "Ruhr Robotics GmbH is closed now";
    CHECK(fairRefusalReason(n) == "join_queue: closed now");
    n.text = "no booth 'N1' in career-fair";
    CHECK(fairRefusalReason(n) == "join_queue: no booth");
    n.a = 99;
    n.text = "";
    CHECK(fairRefusalReason(n) == "unknown: ");
}
