#pragma once
// A token bucket: `ratePerSecond` tokens flow in, at most `burst` are kept.
// Time comes from the caller (Clock microseconds) so rules stay testable.
#include <algorithm>
#include <cstdint>

namespace places::net {

class TokenBucket {
public:
    TokenBucket() = default;
    TokenBucket(double ratePerSecond, double burst, std::uint64_t nowMicros)
        : rate_(ratePerSecond), burst_(burst), tokens_(burst), last_(nowMicros) {}

    // Takes `cost` tokens if available; false (nothing taken) otherwise.
    bool take(std::uint64_t nowMicros, double cost = 1.0) {
        refill(nowMicros);
        if (tokens_ < cost) return false;
        tokens_ -= cost;
        return true;
    }
    double tokens(std::uint64_t nowMicros) {
        refill(nowMicros);
        return tokens_;
    }

private:
    void refill(std::uint64_t nowMicros) {
        if (nowMicros > last_) tokens_ = std::min(burst_, tokens_ + rate_ * static_cast<double>(nowMicros - last_) * 1e-6);
        last_ = std::max(last_, nowMicros);
    }
    double rate_ = 0.0;
    double burst_ = 0.0;
    double tokens_ = 0.0;
    std::uint64_t last_ = 0;
};

}  // namespace places::net
