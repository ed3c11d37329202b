#pragma once
// The relay's operator log (spdlog): one line per RelayLogRecord, as text for
// people or as one JSON object per line for log shippers. Rate limited by a
// token bucket so a flood of refusals cannot fill the disk: lines over the
// budget are counted, and the next line that passes is preceded by
// "N lines suppressed" (so is the destructor's last word). Names and reasons
// come from clients: both formats escape them, so no client can forge a line.
// Used from one thread (the relay's), apart from the sink, which spdlog guards.
#include <cstdint>
#include <memory>
#include <spdlog/fwd.h>
#include <string_view>

#include "places/net/rate_limiter.hpp"
#include "places/net/relay_log.hpp"
#include "places/net/transport.hpp"

namespace places::net {

enum class LogFormat : std::uint8_t { Text, Json };

struct OperatorLogConfig {
    LogFormat format = LogFormat::Text;
    double linesPerSecond = 20.0;  // sustained, after the burst
    double burst = 200.0;          // a festival's opening rush of joins fits
};

class OperatorLog final : public RelayLog {
public:
    // `sink`: where lines go (stderr for `places relay`, an ostream in tests).
    OperatorLog(std::shared_ptr<spdlog::sinks::sink> sink, OperatorLogConfig config, const Clock& clock);
    ~OperatorLog() override;
    OperatorLog(const OperatorLog&) = delete;
    OperatorLog& operator=(const OperatorLog&) = delete;

    void record(const RelayLogRecord& r) override;
    // Lifecycle lines (start, stop): never rate limited, there are two of them.
    void lifecycle(std::string_view event, std::string_view text);
    std::uint64_t suppressed() const { return suppressedTotal_; }

private:
    void reportSuppressed();

    std::shared_ptr<spdlog::logger> logger_;
    OperatorLogConfig config_;
    const Clock& clock_;
    TokenBucket budget_;
    std::uint64_t suppressed_ = 0;       // since the last report
    std::uint64_t suppressedTotal_ = 0;
};

}  // namespace places::net
