#pragma once
// Exhibitor statistics per booth (issue #10): what the relay publishes in its
// metrics (Prometheus text, `places_fair_booth_*`) and what
// `places fair report --relay-stats URL` turns back into CSV for the organiser.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace places::net {

struct BoothReportRow {
    std::string venue, booth, company;
    std::uint64_t queued = 0;          // visitors who joined the queue
    std::uint64_t talks = 0;           // talks held (visitors called)
    std::uint64_t timedOut = 0;        // queue entries dropped after 10 min without the visitor
    std::uint64_t queueLength = 0;     // now
    double medianWaitSeconds = 0;      // join -> called
    double medianTalkSeconds = 0;      // called -> ended
};

// Appends the rows as Prometheus text (label values escaped).
void renderBoothMetrics(const std::vector<BoothReportRow>& rows, std::string& out);
// Reads the rows back from a relay's metrics text; other lines are ignored.
std::vector<BoothReportRow> parseBoothMetrics(std::string_view text);
// RFC 4180 CSV with a header line.
std::string boothReportCsv(const std::vector<BoothReportRow>& rows);

}  // namespace places::net
