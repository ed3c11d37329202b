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

struct BoothStats {
    std::uint64_t queued = 0;      // joins
    std::uint64_t talks = 0;       // talks held (called)
    std::uint64_t timedOut = 0;    // entries dropped after queueAbsenceMs
    std::vector<double> waits;     // seconds from joining to being called
    std::vector<double> lengths;   // seconds per ended talk
    static double median(std::vector<double> v);
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
