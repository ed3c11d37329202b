#include "places/net/operator_log.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>

namespace places::net {
namespace {

// Text values: printable ASCII and UTF-8 pass, quotes, backslashes and control
// bytes are escaped, so one record stays one line whatever a client sends.
void appendQuoted(std::string& out, std::string_view text) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (u < 0x20 || u == 0x7F) {
            out.append("\\x");
            out.push_back(kDigits[u >> 4]);
            out.push_back(kDigits[u & 0xF]);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

std::string textLine(const RelayLogRecord& r) {
    std::string out(toString(r.kind));
    if (r.participant) out.append(" participant=").append(std::to_string(r.participant));
    if (!r.name.empty()) appendQuoted(out.append(" name="), r.name);
    if (!r.venue.empty()) {
        appendQuoted(out.append(" venue="), r.venue);
        out.append(" instance=").append(std::to_string(r.instance));
    }
    if (!r.address.empty()) out.append(" address=").append(r.address);
    if (!r.ticket.empty()) out.append(" ticket=").append(r.ticket);
    if (!r.reason.empty()) appendQuoted(out.append(" reason="), r.reason);
    return out;
}

// The members of one JSON object without its braces: the pattern adds time and level.
std::string jsonMembers(const nlohmann::json& j) {
    // Invalid UTF-8 from a client becomes U+FFFD instead of an exception.
    const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return text.size() > 2 ? text.substr(1, text.size() - 2) : std::string();
}

std::string jsonLine(const RelayLogRecord& r) {
    nlohmann::json j;
    j["event"] = toString(r.kind);
    if (r.participant) j["participant"] = r.participant;
    if (!r.name.empty()) j["name"] = r.name;
    if (!r.venue.empty()) {
        j["venue"] = r.venue;
        j["instance"] = r.instance;
    }
    if (!r.address.empty()) j["address"] = r.address;
    if (!r.ticket.empty()) j["ticket"] = r.ticket;
    if (!r.reason.empty()) j["reason"] = r.reason;
    return jsonMembers(j);
}

}  // namespace

std::string_view toString(RelayLogKind kind) {
    switch (kind) {
        case RelayLogKind::Join: return "join";
        case RelayLogKind::Resume: return "resume";
        case RelayLogKind::Leave: return "leave";
        case RelayLogKind::Refuse: return "refuse";
        case RelayLogKind::Evict: return "evict";
        case RelayLogKind::Moderate: return "moderate";
        case RelayLogKind::Overflow: return "overflow";
        case RelayLogKind::Shed: return "shed";
    }
    return "invalid";
}

OperatorLog::OperatorLog(std::shared_ptr<spdlog::sinks::sink> sink, OperatorLogConfig config, const Clock& clock)
    : logger_(std::make_shared<spdlog::logger>("relay", std::move(sink))),
      config_(config),
      clock_(clock),
      budget_(config.linesPerSecond, config.burst, clock.nowMicros()) {
    // UTC with milliseconds; JSON lines are whole objects (the message adds the members).
    const char* pattern = config_.format == LogFormat::Json ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})"
                                                            : "%Y-%m-%dT%H:%M:%S.%eZ [%l] %v";
    logger_->set_formatter(std::make_unique<spdlog::pattern_formatter>(pattern, spdlog::pattern_time_type::utc));
    logger_->flush_on(spdlog::level::info);
}

OperatorLog::~OperatorLog() { reportSuppressed(); }

void OperatorLog::reportSuppressed() {
    if (suppressed_ == 0) return;
    if (config_.format == LogFormat::Json)
        logger_->warn("{}", jsonMembers({{"event", "suppressed"}, {"lines", suppressed_}}));
    else
        logger_->warn("suppressed lines={} (over the log's rate limit)", suppressed_);
    suppressed_ = 0;
}

void OperatorLog::record(const RelayLogRecord& r) {
    if (!budget_.take(clock_.nowMicros())) {
        ++suppressed_;
        ++suppressedTotal_;
        return;
    }
    reportSuppressed();
    const std::string line = config_.format == LogFormat::Json ? jsonLine(r) : textLine(r);
    const bool warn = r.kind == RelayLogKind::Refuse || r.kind == RelayLogKind::Evict || r.kind == RelayLogKind::Moderate ||
                      r.kind == RelayLogKind::Shed;
    logger_->log(warn ? spdlog::level::warn : spdlog::level::info, "{}", line);
}

void OperatorLog::lifecycle(std::string_view event, std::string_view text) {
    reportSuppressed();
    if (config_.format == LogFormat::Json)
        logger_->info("{}", jsonMembers({{"event", event}, {"text", text}}));
    else {
        std::string line(event);
        appendQuoted(line.append(" "), text);
        logger_->info("{}", line);
    }
}

}  // namespace places::net
