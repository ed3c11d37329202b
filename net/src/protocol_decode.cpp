// Decoders: one function per message, each reading the layout of protocol.hpp
// and stopping at the first inconsistent byte (ByteReader latches the error).
#include <algorithm>

#include "places/net/protocol.hpp"
#include "protocol_state.hpp"

namespace places::net {
namespace {

// A u8 length-prefixed string of at most `limit` bytes of clean UTF-8.
std::string shortText(ByteReader& r, std::size_t limit) {
    const std::size_t at = r.offset();
    const std::size_t n = r.u8();
    if (n > limit) r.failAt(DecodeError::BadLength, at);
    return std::string(r.text(n));
}

// A u16 length-prefixed chat line: 1..kMaxChatBytes bytes of clean UTF-8.
std::string chatText(ByteReader& r) {
    const std::size_t at = r.offset();
    const std::size_t n = r.u16();
    if (n == 0 || n > kMaxChatBytes) r.failAt(DecodeError::BadLength, at);
    return std::string(r.text(n));
}

template <class E>
E enumValue(ByteReader& r, std::uint8_t lo, std::uint8_t hi) {
    const std::size_t at = r.offset();
    const std::uint8_t v = r.u8();
    if (v < lo || v > hi) r.failAt(DecodeError::BadEnum, at);
    return static_cast<E>(v);
}

std::vector<std::byte> copy(std::span<const std::byte> b) { return {b.begin(), b.end()}; }

Hello readHello(ByteReader& r) {
    Hello m;
    const auto magic = r.bytes(kMagic.size());
    if (r.ok() && !std::equal(magic.begin(), magic.end(), kMagic.begin())) r.failAt(DecodeError::BadMagic, 1);
    m.version = r.u16();
    const std::size_t flagsAt = r.offset();
    const std::uint8_t flags = r.u8();
    if (flags > 3) r.failAt(DecodeError::BadEncoding, flagsAt);
    m.spectate = (flags & 2) != 0;
    ResumeToken token{};
    const std::size_t tokenAt = r.offset();
    if (copyField(r.bytes(token.size()), token)) {
        if (flags & 1) m.resume = token;
        // Without the resume flag the token must be zero: one encoding per message.
        else if (token != ResumeToken{}) r.failAt(DecodeError::BadEncoding, tokenAt);
    }
    const std::size_t ticketAt = r.offset();
    const std::size_t ticketLen = r.u16();
    if (ticketLen > kMaxTicketBytes) r.failAt(DecodeError::BadLength, ticketAt);
    m.ticket = copy(r.bytes(ticketLen));
    const std::size_t venueAt = r.offset();
    m.venue = shortText(r, kMaxVenueBytes);
    const std::size_t nameAt = r.offset();
    m.name = shortText(r, kMaxNameBytes);
    // A ticket carries venue and name; an anonymous Hello must name its venue.
    if (!m.ticket.empty() && !m.venue.empty()) r.failAt(DecodeError::Inconsistent, venueAt);
    if (!m.ticket.empty() && !m.name.empty()) r.failAt(DecodeError::Inconsistent, nameAt);
    if (m.ticket.empty() && m.venue.empty()) r.failAt(DecodeError::Inconsistent, venueAt);
    return m;
}

PoseUpdate readPose(ByteReader& r) {
    PoseUpdate m;
    m.seq = r.u16();
    m.ackSnapshot = r.u16();
    m.ackMask = r.u32();
    m.sendTimeMs = r.u32();
    m.state = readAvatarState(r);
    return m;
}

Chat readChat(ByteReader& r) {
    return Chat{chatText(r)};
}

Event readEvent(ByteReader& r) {
    Event m;
    m.kind = r.u16();
    m.payload = copy(r.bytes(r.u8()));
    return m;
}

Moderate readModerate(ByteReader& r) {
    Moderate m;
    m.action = enumValue<ModerationAction>(r, 1, 4);
    m.target = r.u16();
    m.reason = shortText(r, kMaxReasonBytes);
    return m;
}

Welcome readWelcome(ByteReader& r) {
    Welcome m;
    m.version = r.u16();
    m.you = r.u16();
    m.role = enumValue<Role>(r, 0, kRoleCount - 1);
    const std::size_t flagsAt = r.offset();
    m.flags = r.u8();
    if (m.flags & ~(kWelcomeHasAvatar | kWelcomeResumed)) r.failAt(DecodeError::BadEncoding, flagsAt);
    copyField(r.bytes(m.resumeToken.size()), m.resumeToken);
    m.instance = r.u16();
    m.tickRateHz = r.u8();
    for (auto& v : m.bounds.minMm) v = r.i32();
    for (auto& v : m.bounds.sizeMm) {
        const std::size_t at = r.offset();
        v = r.u32();
        if (v > kMaxExtentMm) r.failAt(DecodeError::BadLength, at);
    }
    m.serverTimeMs = r.u32();
    return m;
}

Refuse readRefuse(ByteReader& r) {
    Refuse m;
    m.reason = enumValue<RefuseReason>(r, 1, 8);
    m.relayVersion = r.u16();
    m.text = shortText(r, kMaxReasonBytes);
    return m;
}

Roster readRoster(ByteReader& r) {
    Roster m;
    const std::size_t at = r.offset();
    const std::size_t n = r.u16();
    if (n > kMaxRosterEntries) r.failAt(DecodeError::BadLength, at);
    // Each entry needs >= 3 bytes: never reserve more than the input can hold.
    m.entries.reserve(std::min(n, r.remaining() / 3));
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
        RosterEntry e;
        e.op = enumValue<RosterOp>(r, 1, 2);
        e.id = r.u16();
        if (e.op == RosterOp::Join) {
            e.role = enumValue<Role>(r, 0, kRoleCount - 1);
            const std::size_t flagsAt = r.offset();
            e.flags = r.u8();
            if (e.flags & ~kRosterHasAvatar) r.failAt(DecodeError::BadEncoding, flagsAt);
            e.name = shortText(r, kMaxNameBytes);
        }
        m.entries.push_back(std::move(e));
    }
    return m;
}

Snapshot readSnapshot(ByteReader& r) {
    Snapshot m;
    m.seq = r.u16();
    m.serverTimeMs = r.u32();
    m.poseWait = r.u16();
    const std::size_t n = r.u8();
    m.entries.reserve(std::min(n, r.remaining() / 6));
    for (std::size_t i = 0; i < n && r.ok(); ++i) m.entries.push_back(readSnapshotEntry(r));
    return m;
}

ChatFrom readChatFrom(ByteReader& r) {
    ChatFrom m;
    m.from = r.u16();
    m.text = chatText(r);
    return m;
}

EventFrom readEventFrom(ByteReader& r) {
    EventFrom m;
    m.from = r.u16();
    m.kind = r.u16();
    m.payload = copy(r.bytes(r.u8()));
    return m;
}

ModerationNotice readModerationNotice(ByteReader& r) {
    ModerationNotice m;
    m.action = enumValue<ModerationAction>(r, 1, 4);
    m.target = r.u16();
    m.by = r.u16();
    m.status = enumValue<ModerationStatus>(r, 0, 4);
    m.reason = shortText(r, kMaxReasonBytes);
    return m;
}

Disconnect readDisconnect(ByteReader& r) {
    Disconnect m;
    m.reason = enumValue<DisconnectReason>(r, 1, 7);
    m.text = shortText(r, kMaxReasonBytes);
    return m;
}

VoiceFrame readVoiceFields(ByteReader& r) {
    VoiceFrame f;
    f.seq = r.u16();
    f.captureTimeMs = r.u32();
    const std::size_t loudnessAt = r.offset();
    f.loudness = r.u8();
    if (f.loudness > kLoudnessFullScale) r.failAt(DecodeError::BadEncoding, loudnessAt);
    const std::size_t lenAt = r.offset();
    const std::size_t n = r.u8();
    if (r.ok() && (n == 0 || n > kMaxVoicePayloadBytes)) r.failAt(DecodeError::BadLength, lenAt);
    f.opus = copy(r.bytes(n));
    return f;
}

Voice readVoice(ByteReader& r) {
    return Voice{readVoiceFields(r)};
}

VoiceFrom readVoiceFrom(ByteReader& r) {
    const std::size_t at = r.offset();
    const ParticipantId speaker = r.u16();
    if (r.ok() && (speaker == kRelayParticipant || speaker > kMaxParticipantId)) r.failAt(DecodeError::BadEncoding, at);
    VoiceFrom m{readVoiceFields(r)};
    m.frame.speaker = speaker;
    return m;
}

Message readBody(MessageType type, ByteReader& r) {
    switch (type) {
        case MessageType::Hello: return readHello(r);
        case MessageType::PoseUpdate: return readPose(r);
        case MessageType::Chat: return readChat(r);
        case MessageType::Event: return readEvent(r);
        case MessageType::Moderate: return readModerate(r);
        case MessageType::Bye: return Bye{};
        case MessageType::Welcome: return readWelcome(r);
        case MessageType::Refuse: return readRefuse(r);
        case MessageType::Roster: return readRoster(r);
        case MessageType::Snapshot: return readSnapshot(r);
        case MessageType::ChatFrom: return readChatFrom(r);
        case MessageType::EventFrom: return readEventFrom(r);
        case MessageType::ModerationNotice: return readModerationNotice(r);
        case MessageType::Disconnect: return readDisconnect(r);
        case MessageType::Voice: return readVoice(r);
        case MessageType::VoiceFrom: return readVoiceFrom(r);
        case MessageType::Fair: return readFair(r);
        case MessageType::FairNotice: return readFairNotice(r);
    }
    r.failAt(DecodeError::UnknownType, 0);
    return Bye{};
}

bool knownType(std::uint8_t t) {
    return (t >= 0x01 && t <= 0x08) || (t >= 0x81 && t <= 0x8A);
}

}  // namespace

QuantizedAvatar readAvatarState(ByteReader& r) {
    QuantizedAvatar s;
    const std::size_t at = r.offset();
    const std::uint64_t head = r.u64();
    if (head >> 63) r.failAt(DecodeError::BadEncoding, at);
    s.headPos = unpackPosition(head);
    s.headRot = r.u32();
    for (auto& v : s.leftPos) v = r.i16();
    s.leftRot = r.u32();
    for (auto& v : s.rightPos) v = r.i16();
    s.rightRot = r.u32();
    return s;
}

SnapshotEntry readSnapshotEntry(ByteReader& r) {
    SnapshotEntry e;
    e.id = r.u16();
    const std::size_t maskAt = r.offset();
    e.mask = r.u16();
    e.poseTimeMs = r.u16();
    const bool baseline = (e.mask & kEntryHasBaseline) != 0;
    if (e.mask >> 13) r.failAt(DecodeError::BadEncoding, maskAt);
    if (baseline) {
        const std::size_t ageAt = r.offset();
        e.baselineAge = r.u8();
        if (e.baselineAge == 0) r.failAt(DecodeError::Inconsistent, ageAt);
    }
    const auto check = [&](FieldIndex f, bool deltaAllowed, bool delta16Allowed) {
        const FieldCode c = e.code(f);
        if (!baseline && c != FieldCode::Absolute) r.failAt(DecodeError::Inconsistent, maskAt);
        if ((c == FieldCode::Delta8 && !deltaAllowed) || (c == FieldCode::Delta16 && !delta16Allowed))
            r.failAt(DecodeError::BadEncoding, maskAt);
        return c;
    };
    const auto position = [&](FieldIndex f, std::size_t slot, bool delta16Allowed, auto readAbsolute) {
        switch (check(f, true, delta16Allowed)) {
            case FieldCode::Same: break;
            case FieldCode::Absolute: readAbsolute(); break;
            case FieldCode::Delta8:
                for (auto& v : e.deltas[slot]) v = r.i8();
                break;
            case FieldCode::Delta16:
                for (auto& v : e.deltas[slot]) v = r.i16();
                break;
        }
    };
    const auto rotation = [&](FieldIndex f, std::uint32_t& value) {
        if (check(f, false, false) == FieldCode::Absolute) value = r.u32();
    };
    position(FieldIndex::HeadPos, 0, true, [&] {
        const std::size_t at = r.offset();
        const std::uint64_t head = r.u64();
        if (head >> 63) r.failAt(DecodeError::BadEncoding, at);
        e.absolute.headPos = unpackPosition(head);
    });
    rotation(FieldIndex::HeadRot, e.absolute.headRot);
    position(FieldIndex::LeftPos, 1, false, [&] { for (auto& v : e.absolute.leftPos) v = r.i16(); });
    rotation(FieldIndex::LeftRot, e.absolute.leftRot);
    position(FieldIndex::RightPos, 2, false, [&] { for (auto& v : e.absolute.rightPos) v = r.i16(); });
    rotation(FieldIndex::RightRot, e.absolute.rightRot);
    return e;
}

Decoded<Message> decodeMessage(std::span<const std::byte> bytes) {
    Decoded<Message> out;
    if (bytes.empty()) {
        out.error = DecodeError::Empty;
        return out;
    }
    ByteReader r(bytes);
    const std::uint8_t type = r.u8();
    if (!knownType(type)) {
        out.error = DecodeError::UnknownType;
        return out;
    }
    Message m = readBody(static_cast<MessageType>(type), r);
    r.expectEnd();
    if (!r.ok()) {
        out.error = r.error();
        out.offset = r.errorOffset();
        return out;
    }
    out.value = std::move(m);
    return out;
}

std::optional<std::uint16_t> peekHelloVersion(std::span<const std::byte> bytes) {
    ByteReader r(bytes);
    if (r.u8() != static_cast<std::uint8_t>(MessageType::Hello)) return std::nullopt;
    const auto magic = r.bytes(kMagic.size());
    const std::uint16_t version = r.u16();
    if (!r.ok() || !std::equal(magic.begin(), magic.end(), kMagic.begin())) return std::nullopt;
    return version;
}

std::string_view toString(Role role) {
    switch (role) {
        case Role::Visitor: return "visitor";
        case Role::Spectator: return "spectator";
        case Role::Host: return "host";
        case Role::Moderator: return "moderator";
        case Role::Exhibitor: return "exhibitor";
    }
    return "invalid";
}

std::optional<Role> parseRole(std::string_view name) {
    for (std::uint8_t i = 0; i < kRoleCount; ++i)
        if (toString(static_cast<Role>(i)) == name) return static_cast<Role>(i);
    return std::nullopt;
}

std::string_view toString(RefuseReason reason) {
    switch (reason) {
        case RefuseReason::VersionMismatch: return "version mismatch";
        case RefuseReason::BadTicket: return "bad ticket";
        case RefuseReason::TicketExpired: return "ticket expired";
        case RefuseReason::AnonymousNotAllowed: return "anonymous visitors not allowed";
        case RefuseReason::Banned: return "banned";
        case RefuseReason::VenueFull: return "venue full";
        case RefuseReason::Malformed: return "malformed hello";
        case RefuseReason::ShuttingDown: return "relay shutting down";
    }
    return "invalid";
}

std::string_view toString(ModerationAction action) {
    switch (action) {
        case ModerationAction::Kick: return "kick";
        case ModerationAction::Mute: return "mute";
        case ModerationAction::Unmute: return "unmute";
        case ModerationAction::Ban: return "ban";
    }
    return "invalid";
}

std::string_view toString(DisconnectReason reason) {
    switch (reason) {
        case DisconnectReason::Shutdown: return "shutdown";
        case DisconnectReason::Kicked: return "kicked";
        case DisconnectReason::Banned: return "banned";
        case DisconnectReason::Timeout: return "timeout";
        case DisconnectReason::ProtocolViolation: return "protocol violation";
        case DisconnectReason::Replaced: return "replaced by a resumed session";
        case DisconnectReason::Left: return "left";
    }
    return "invalid";
}

}  // namespace places::net
