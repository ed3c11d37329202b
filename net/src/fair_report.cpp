#include "places/net/fair_report.hpp"

#include <charconv>
#include <cstdio>
#include <map>

namespace places::net {
namespace {

std::string escapeLabel(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string labels(const BoothReportRow& r, bool company) {
    std::string out = "{venue=\"";
    out += escapeLabel(r.venue);
    out += "\",booth=\"";
    out += escapeLabel(r.booth);
    if (company) {
        out += "\",company=\"";
        out += escapeLabel(r.company);
    }
    out += "\"}";
    return out;
}

void line(std::string& out, const char* name, const BoothReportRow& r, const std::string& value, bool company = false) {
    out += "places_fair_booth_";
    out += name;
    out += labels(r, company);
    out += ' ';
    out += value;
    out += '\n';
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

// Parses `{k="v",...}` starting at `at` (the '{'); returns the position after '}' or npos.
std::size_t parseLabels(std::string_view text, std::size_t at, std::map<std::string, std::string>& out) {
    if (at >= text.size() || text[at] != '{') return std::string_view::npos;
    ++at;
    while (at < text.size() && text[at] != '}') {
        const std::size_t eq = text.find("=\"", at);
        if (eq == std::string_view::npos) return eq;
        std::string key(text.substr(at, eq - at));
        std::string value;
        std::size_t i = eq + 2;
        for (; i < text.size() && text[i] != '"'; ++i) {
            if (text[i] == '\\' && i + 1 < text.size()) {
                ++i;
                value += text[i] == 'n' ? '\n' : text[i];
            } else {
                value += text[i];
            }
        }
        if (i >= text.size()) return std::string_view::npos;
        out[key] = value;
        at = i + 1;
        if (at < text.size() && text[at] == ',') ++at;
    }
    return at < text.size() ? at + 1 : std::string_view::npos;
}

std::string csvField(const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace

void renderBoothMetrics(const std::vector<BoothReportRow>& rows, std::string& out) {
    if (rows.empty()) return;
    out += "# HELP places_fair_booth_info A booth of the fair and its company.\n# TYPE places_fair_booth_info gauge\n";
    for (const auto& r : rows) line(out, "info", r, "1", true);
    out += "# HELP places_fair_booth_queued_total Visitors who joined the booth's queue.\n# TYPE places_fair_booth_queued_total counter\n";
    for (const auto& r : rows) line(out, "queued_total", r, std::to_string(r.queued));
    out += "# HELP places_fair_booth_talks_total Private talks held.\n# TYPE places_fair_booth_talks_total counter\n";
    for (const auto& r : rows) line(out, "talks_total", r, std::to_string(r.talks));
    out += "# HELP places_fair_booth_timed_out_total Queue entries dropped after 10 minutes without the visitor.\n# TYPE places_fair_booth_timed_out_total counter\n";
    for (const auto& r : rows) line(out, "timed_out_total", r, std::to_string(r.timedOut));
    out += "# HELP places_fair_booth_queue_length Visitors queued now.\n# TYPE places_fair_booth_queue_length gauge\n";
    for (const auto& r : rows) line(out, "queue_length", r, std::to_string(r.queueLength));
    out += "# HELP places_fair_booth_wait_median_seconds Median time from joining the queue to being called.\n# TYPE places_fair_booth_wait_median_seconds gauge\n";
    for (const auto& r : rows) line(out, "wait_median_seconds", r, number(r.medianWaitSeconds));
    out += "# HELP places_fair_booth_talk_median_seconds Median length of ended talks.\n# TYPE places_fair_booth_talk_median_seconds gauge\n";
    for (const auto& r : rows) line(out, "talk_median_seconds", r, number(r.medianTalkSeconds));
}

std::vector<BoothReportRow> parseBoothMetrics(std::string_view text) {
    std::vector<BoothReportRow> rows;
    const auto rowFor = [&](const std::string& venue, const std::string& booth) -> BoothReportRow& {
        for (auto& r : rows)
            if (r.venue == venue && r.booth == booth) return r;
        rows.push_back({venue, booth});
        return rows.back();
    };
    static constexpr std::string_view kPrefix = "places_fair_booth_";
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view l = text.substr(at, end - at);
        at = end + 1;
        if (l.substr(0, kPrefix.size()) != kPrefix) continue;
        const std::size_t brace = l.find('{');
        if (brace == std::string_view::npos) continue;
        const std::string name(l.substr(kPrefix.size(), brace - kPrefix.size()));
        std::map<std::string, std::string> lab;
        const std::size_t after = parseLabels(l, brace, lab);
        if (after == std::string_view::npos || after >= l.size()) continue;
        const std::string value(l.substr(after + 1));
        double v = 0;
        const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (ec != std::errc()) continue;
        BoothReportRow& r = rowFor(lab["venue"], lab["booth"]);
        const auto count = static_cast<std::uint64_t>(v);
        if (name == "info") r.company = lab["company"];
        else if (name == "queued_total") r.queued = count;
        else if (name == "talks_total") r.talks = count;
        else if (name == "timed_out_total") r.timedOut = count;
        else if (name == "queue_length") r.queueLength = count;
        else if (name == "wait_median_seconds") r.medianWaitSeconds = v;
        else if (name == "talk_median_seconds") r.medianTalkSeconds = v;
    }
    return rows;
}

std::string boothReportCsv(const std::vector<BoothReportRow>& rows) {
    std::string out = "venue,booth,company,queued,talks,timed_out,queue_length,median_wait_s,median_talk_s\n";
    for (const auto& r : rows) {
        out += csvField(r.venue) + ',' + csvField(r.booth) + ',' + csvField(r.company) + ',';
        out += std::to_string(r.queued);
        out += ',';
        out += std::to_string(r.talks);
        out += ',';
        out += std::to_string(r.timedOut);
        out += ',';
        out += std::to_string(r.queueLength);
        out += ',';
        out += number(r.medianWaitSeconds);
        out += ',';
        out += number(r.medianTalkSeconds);
        out += '\n';
    }
    return out;
}

}  // namespace places::net
