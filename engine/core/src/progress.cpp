#include "places/core/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace places {

StderrProgress::StderrProgress() : tty_(::isatty(STDERR_FILENO) != 0) {}

void StderrProgress::update(std::string_view phase, std::uint64_t done, std::uint64_t total) {
    const auto now = std::chrono::steady_clock::now();
    const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000);
    const bool newPhase = phase != lastPhase_;
    if (!newPhase && now - last_ < interval && done != total) return;
    last_ = now;
    lastPhase_ = phase;
    const int len = static_cast<int>(phase.size());
    if (total > 0) {
        const double pct = 100.0 * static_cast<double>(done) / static_cast<double>(total);
        std::fprintf(stderr, tty_ ? "\r[%.*s] %llu/%llu (%.0f%%)   " : "[%.*s] %llu/%llu (%.0f%%)\n", len,
                     phase.data(), static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total), pct);
    } else {
        std::fprintf(stderr, tty_ ? "\r[%.*s] %llu   " : "[%.*s] %llu\n", len, phase.data(),
                     static_cast<unsigned long long>(done));
    }
    pending_ = tty_;
}

void StderrProgress::finish(std::string_view) {
    if (pending_) std::fputc('\n', stderr);
    pending_ = false;
    lastPhase_.clear();
}

}  // namespace places
