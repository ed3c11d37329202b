// The fair's plain parts: a booth queue (order, absence, expiry, statistics)
// and the per-booth statistics through the metrics text into CSV.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

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
    CHECK(q.stats.waits.count() == 1);
    CHECK(q.stats.waits.median() == 9.0);
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
    CHECK(DurationStats::medianOf({}) == 0.0);
    CHECK(DurationStats::medianOf({5.0, 1.0, 3.0}) == 3.0);
    CHECK(DurationStats::medianOf({4.0, 1.0, 3.0, 2.0}) == 2.5);
    DurationStats few;
    CHECK(few.median() == 0.0);
    for (double d : {40.0, 10.0, 30.0, 20.0}) few.add(d);
    CHECK(few.median() == 25.0);  // exact while within the sample
    CHECK(few.mean() == 25.0);
}

TEST_CASE("booth statistics over a long fair day: exact counts, bounded storage, the median still the middle",
          "[fair]") {
    // 200,000 talks, lengths rising through the day (0 .. 199,999 s): the
    // worst order for storage that keeps the first or the last durations.
    DurationStats lengths;
    constexpr int n = 200'000;
    for (int i = 0; i < n; ++i) lengths.add(double(i));
    CHECK(lengths.count() == std::uint64_t(n));
    CHECK(lengths.samples().size() == DurationStats::kSamples);  // the bound
    CHECK(lengths.mean() == Approx((n - 1) / 2.0));              // exact
    // The sample's median lies within a few percentiles of the true one (99,999.5).
    CHECK(lengths.median() == Approx(99'999.5).margin(0.05 * n));
    // The sample spans the day, not one end of it.
    const auto [lo, hi] = std::minmax_element(lengths.samples().begin(), lengths.samples().end());
    CHECK(*lo < 0.05 * n);
    CHECK(*hi > 0.95 * n);

    // Through a booth queue: every wait counted, storage bounded.
    BoothQueue q;
    for (std::uint64_t i = 0; i < 5'000; ++i) {
        std::string person = "p";  // (not "p" + to_string: GCC 12's -Wrestrict false positive)
        person += std::to_string(i);
        q.join(person, "P", ParticipantId(i + 1), 0);
        REQUIRE(q.callNext((i % 100) * 1'000'000));  // waits of 0..99 s
    }
    CHECK(q.stats.talks == 5'000);
    CHECK(q.stats.waits.count() == 5'000);
    CHECK(q.stats.waits.samples().size() == DurationStats::kSamples);
    CHECK(q.stats.waits.median() == Approx(49.5).margin(5.0));
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
