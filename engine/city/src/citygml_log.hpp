#pragma once
// Keeps libcitygml's log messages instead of printing them: NRW files make
// libcitygml log one ERROR per building ("Expected start tag
// <core:externalreference> but got <core:informationsystem>") although the
// geometry parses, and a malformed file's last message says where it broke.
// Messages are grouped by their text without the location, so a repeated
// message costs one map lookup; each group keeps its first location.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "places/core/diagnostic.hpp"

namespace citygml {
class CityGMLLogger;
}

namespace places::city::detail {

class CityGmlLog {
public:
    struct Entry {
        std::string text;        // message without "at line L, column C in file F"
        SourceLocation first;    // where it first occurred (line 0 when libcitygml gave none)
        std::uint64_t count = 0;
    };

    explicit CityGmlLog(std::string file) : file_(std::move(file)) {}

    // libcitygml may log from several threads (its logger contract): guarded.
    void add(const std::string& message);

    std::vector<Entry> entries() const;      // distinct messages, first-seen order
    std::optional<Entry> lastEntry() const;  // the most recent message with its own location

private:
    std::string file_;
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::size_t> index_;
    std::optional<Entry> last_;
};

// The logger to hand to citygml::load(): forwards ERROR messages to `log`,
// which must outlive the load() call. Level ERROR because libcitygml formats a
// message only when its level is enabled, and its warnings (one per skipped
// XML element) would cost parse time.
//
// A separate small object on purpose: when load() throws, libcitygml 2.4.3
// leaks its half-built model, which holds this logger. Only this forwarder is
// lost then, never the log (see the LSan suppressions in citygml_reader.cpp).
std::shared_ptr<citygml::CityGMLLogger> makeLibraryLogger(CityGmlLog& log);

// Splits "text at line 14, column 33 in file F (...)" into text and location.
CityGmlLog::Entry parseCityGmlMessage(const std::string& message, const std::string& file);

}  // namespace places::city::detail
