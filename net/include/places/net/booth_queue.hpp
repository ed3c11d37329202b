#pragma once
// One booth's queue as plain data: order, absence (a visitor who left the
// relay keeps the place for FairConfig::queueAbsenceMs), calling the next
// present visitor, and the statistics an organiser wants. No networking;
// fair_handlers.cpp applies the roles and tells people.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "places/net/protocol.hpp"

namespace places::net {

struct QueueEntry {
    std::string person;          // identity across reconnects (ticket id, or venue + name when anonymous)
    std::string name;            // display name, for the exhibitor's list
    ParticipantId id = 0;        // the session now; 0 while the visitor is away from the relay
    std::uint64_t joinedUs = 0;
    std::uint64_t absentSinceUs = 0;  // 0 = present
};

// Durations over a whole fair day in bounded storage: the exact count and
// sum, and a uniform sample of at most kSamples of them for the median
// (reservoir sampling, algorithm R, with a fixed-seed generator so a replay
// gives the same numbers). Up to kSamples durations the median is exact;
// beyond, it is the median of a uniform sample of all of them, whose rank lies
// within about 3 percentiles of the middle (95 %: 2 x sqrt(0.25 / 1024)).
// Storage: kSamples doubles, 8 KiB per statistic, however long the day.
class DurationStats {
public:
    static constexpr std::size_t kSamples = 1024;
    void add(double seconds);
    std::uint64_t count() const { return count_; }
    double mean() const { return count_ == 0 ? 0.0 : sum_ / double(count_); }
    double median() const;  // 0 when empty; cached until the next add
    const std::vector<double>& samples() const { return samples_; }
    static double medianOf(std::vector<double> v);

private:
    std::vector<double> samples_;
    std::uint64_t count_ = 0;
    double sum_ = 0.0;
    std::uint64_t rng_ = 0x9E3779B97F4A7C15ull;
    mutable double median_ = 0.0;
    mutable bool medianKnown_ = true;
};

struct BoothStats {
    std::uint64_t queued = 0;      // joins
    std::uint64_t talks = 0;       // talks held (called)
    std::uint64_t timedOut = 0;    // entries dropped after queueAbsenceMs
    DurationStats waits;           // seconds from joining to being called
    DurationStats lengths;         // seconds per ended talk
};

class BoothQueue {
public:
    // Joins (or finds) `person`; returns the 1-based position.
    std::size_t join(const std::string& person, const std::string& name, ParticipantId id, std::uint64_t nowUs);
    bool leave(const std::string& person);
    bool removeById(ParticipantId id);
    // 1-based position of `person`; 0 when not queued.
    std::size_t position(const std::string& person) const;
    // Takes the first present visitor out of the queue (absent ones keep their place).
    std::optional<QueueEntry> callNext(std::uint64_t nowUs);
    // The visitor's session left the relay (id -> 0) or came back (new id).
    void markAbsent(ParticipantId id, std::uint64_t nowUs);
    bool markPresent(const std::string& person, ParticipantId id);
    // Drops entries absent for longer than `limitUs`; returns how many.
    std::size_t expire(std::uint64_t nowUs, std::uint64_t limitUs);
    const std::deque<QueueEntry>& entries() const { return queue_; }
    BoothStats stats;

private:
    std::deque<QueueEntry> queue_;
};

}  // namespace places::net
