#pragma once
// What an operator sees of a relay: one record per join, leave, refusal (with
// its reason), moderation action and overflow instance. The Relay calls
// record() on its own thread; a change of the overload degradation level is
// one record too (Shed, its reason says from which level to which and why).
// an implementation (OperatorLog) formats and rate
// limits. Every string here may come from a client: sinks must escape it.
#include <cstdint>
#include <string>

#include "places/net/protocol.hpp"

namespace places::net {

enum class RelayLogKind : std::uint8_t { Join, Resume, Leave, Refuse, Evict, Moderate, Overflow, Shed };
std::string_view toString(RelayLogKind kind);

struct RelayLogRecord {
    RelayLogKind kind = RelayLogKind::Join;
    ParticipantId participant = 0;  // 0 when there is no session (refusals, evictions)
    std::string name;               // display name (from a ticket or the client)
    std::string venue;
    std::uint16_t instance = 0;
    std::string address;            // the connection's remote address, without port
    std::string ticket;             // ticket id in hex; empty for anonymous visitors
    std::string reason;             // refusal/leave/eviction reason, or the moderation action
    ParticipantId actor = 0;        // Moderate: who acted
};

class RelayLog {
public:
    virtual ~RelayLog() = default;
    virtual void record(const RelayLogRecord& r) = 0;
};

}  // namespace places::net
