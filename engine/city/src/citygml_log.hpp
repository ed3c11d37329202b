#pragma once
// The logger handed to libcitygml. It keeps libcitygml's messages instead of
// printing them: NRW files make libcitygml log one ERROR per building ("Expected
// start tag <core:externalreference> but got <core:informationsystem>") although
// the geometry parses, and a malformed file's last message says where it broke.
// Messages are grouped by their text without the location, so a repeated message
// costs one map lookup, and each group keeps the location of its first occurrence.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <citygml/citygmllogger.h>

#include "places/core/diagnostic.hpp"

namespace places::city::detail {

// libcitygml's logger base has a public non-virtual destructor. Safe here: the
// log is always owned by a shared_ptr made with make_shared<CityGmlLog>, whose
// deleter destroys the derived type.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class CityGmlLog final : public citygml::CityGMLLogger {
public:
    struct Entry {
        std::string text;        // message without "at line L, column C in file F"
        SourceLocation first;    // where it first occurred (line 0 when libcitygml gave none)
        std::uint64_t count = 0;
    };

    // Level ERROR: libcitygml formats a message only when the level is enabled,
    // and its warnings (one per skipped XML element) would cost parse time.
    explicit CityGmlLog(std::string file);

    // May be called from libcitygml's threads (its contract); guarded by a mutex.
    void log(LOGLEVEL level, const std::string& message, const char* file, int line) const override;

    std::vector<Entry> entries() const;          // distinct messages, first-seen order
    std::optional<Entry> lastEntry() const;      // the most recent message with its own location

private:
    std::string file_;
    mutable std::mutex mutex_;
    mutable std::vector<Entry> entries_;
    mutable std::unordered_map<std::string, std::size_t> index_;
    mutable std::optional<Entry> last_;
};
#pragma GCC diagnostic pop

// Splits "text at line 14, column 33 in file F (...)" into text and location.
CityGmlLog::Entry parseCityGmlMessage(const std::string& message, const std::string& file);

}  // namespace places::city::detail
