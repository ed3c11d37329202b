// Encoders: one overload per message, appending the layout of protocol.hpp.
// Callers pass valid values (lengths within limits); violating that is a bug.
#include <array>
#include <bit>
#include <cassert>
#include <cstring>

#include "places/net/protocol.hpp"
#include "protocol_state.hpp"

namespace places::net {
namespace {

void shortText(ByteWriter& w, std::string_view s, std::size_t limit) {
    assert(s.size() <= limit);
    (void)limit;
    w.u8(static_cast<std::uint8_t>(s.size()));
    w.text(s);
}

void chatText(ByteWriter& w, std::string_view s) {
    assert(!s.empty() && s.size() <= kMaxChatBytes);
    w.u16(static_cast<std::uint16_t>(s.size()));
    w.text(s);
}

void put(ByteWriter& w, const Hello& m) {
    w.bytes(kMagic);
    w.u16(m.version);
    w.u8(static_cast<std::uint8_t>((m.resume ? 1 : 0) | (m.spectate ? 2 : 0)));
    w.bytes(m.resume ? std::span<const std::byte>(*m.resume) : std::span<const std::byte>(ResumeToken{}));
    assert(m.ticket.size() <= kMaxTicketBytes);
    w.u16(static_cast<std::uint16_t>(m.ticket.size()));
    w.bytes(m.ticket);
    shortText(w, m.venue, kMaxVenueBytes);
    shortText(w, m.name, kMaxNameBytes);
}

void put(ByteWriter& w, const PoseUpdate& m) {
    w.u16(m.seq);
    w.u16(m.ackSnapshot);
    w.u32(m.ackMask);
    w.u32(m.sendTimeMs);
    writeAvatarState(w, m.state);
}

void put(ByteWriter& w, const Chat& m) { chatText(w, m.text); }

void put(ByteWriter& w, const Event& m) {
    assert(m.payload.size() <= kMaxEventPayloadBytes);
    w.u16(m.kind);
    w.u8(static_cast<std::uint8_t>(m.payload.size()));
    w.bytes(m.payload);
}

void put(ByteWriter& w, const Moderate& m) {
    w.u8(static_cast<std::uint8_t>(m.action));
    w.u16(m.target);
    shortText(w, m.reason, kMaxReasonBytes);
}

void put(ByteWriter&, const Bye&) {}

void put(ByteWriter& w, const Welcome& m) {
    w.u16(m.version);
    w.u16(m.you);
    w.u8(static_cast<std::uint8_t>(m.role));
    w.u8(m.flags);
    w.bytes(m.resumeToken);
    w.u16(m.instance);
    w.u8(m.tickRateHz);
    for (auto v : m.bounds.minMm) w.i32(v);
    for (auto v : m.bounds.sizeMm) w.u32(v);
    w.u32(m.serverTimeMs);
}

void put(ByteWriter& w, const Refuse& m) {
    w.u8(static_cast<std::uint8_t>(m.reason));
    w.u16(m.relayVersion);
    shortText(w, m.text, kMaxReasonBytes);
}

void put(ByteWriter& w, const Roster& m) {
    assert(m.entries.size() <= kMaxRosterEntries);
    w.u16(static_cast<std::uint16_t>(m.entries.size()));
    for (const auto& e : m.entries) {
        w.u8(static_cast<std::uint8_t>(e.op));
        w.u16(e.id);
        if (e.op != RosterOp::Join) continue;
        w.u8(static_cast<std::uint8_t>(e.role));
        w.u8(e.flags);
        shortText(w, e.name, kMaxNameBytes);
    }
}

void put(ByteWriter& w, const Snapshot& m) {
    assert(m.entries.size() <= kMaxSnapshotEntries);
    w.u16(m.seq);
    w.u32(m.serverTimeMs);
    w.u16(m.poseWait);
    w.u8(static_cast<std::uint8_t>(m.entries.size()));
    for (const auto& e : m.entries) writeSnapshotEntry(w, e);
}

void put(ByteWriter& w, const ChatFrom& m) {
    w.u16(m.from);
    chatText(w, m.text);
}

void put(ByteWriter& w, const EventFrom& m) {
    w.u16(m.from);
    w.u16(m.kind);
    w.u8(static_cast<std::uint8_t>(m.payload.size()));
    w.bytes(m.payload);
}

void put(ByteWriter& w, const ModerationNotice& m) {
    w.u8(static_cast<std::uint8_t>(m.action));
    w.u16(m.target);
    w.u16(m.by);
    w.u8(static_cast<std::uint8_t>(m.status));
    shortText(w, m.reason, kMaxReasonBytes);
}

// Voice fields after the speaker (shared by Voice and VoiceFrom).
void putVoice(ByteWriter& w, const VoiceFrame& f) {
    assert(!f.opus.empty() && f.opus.size() <= kMaxVoicePayloadBytes && f.loudness <= kLoudnessFullScale);
    w.u16(f.seq);
    w.u32(f.captureTimeMs);
    w.u8(f.loudness);
    w.u8(static_cast<std::uint8_t>(f.opus.size()));
    w.bytes(f.opus);
}

void put(ByteWriter& w, const Voice& m) { putVoice(w, m.frame); }

void put(ByteWriter& w, const VoiceFrom& m) {
    w.u16(m.frame.speaker);
    putVoice(w, m.frame);
}

void put(ByteWriter& w, const Fair& m) { writeFair(w, m); }
void put(ByteWriter& w, const FairNotice& m) { writeFairNotice(w, m); }

void put(ByteWriter& w, const Disconnect& m) {
    w.u8(static_cast<std::uint8_t>(m.reason));
    shortText(w, m.text, kMaxReasonBytes);
}

}  // namespace

void writeAvatarState(ByteWriter& w, const QuantizedAvatar& s) {
    w.u64(packPosition(s.headPos));
    w.u32(s.headRot);
    for (auto v : s.leftPos) w.i16(v);
    w.u32(s.leftRot);
    for (auto v : s.rightPos) w.i16(v);
    w.u32(s.rightRot);
}

namespace {

// Writes into a buffer the caller sized (kEntryScratchBytes), without the
// per-byte capacity checks of ByteWriter: the relay encodes entries in its tick.
class RawWriter {
public:
    explicit RawWriter(std::byte* out) : begin_(out), at_(out) {}
    void u8(std::uint8_t v) { *at_++ = static_cast<std::byte>(v); }
    void u16(std::uint16_t v) { put(v, 2); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void i8(std::int8_t v) { u8(static_cast<std::uint8_t>(v)); }
    void i16(std::int16_t v) { u16(static_cast<std::uint16_t>(v)); }
    std::size_t size() const { return static_cast<std::size_t>(at_ - begin_); }

private:
    void put(std::uint64_t v, std::size_t n) {
        if constexpr (std::endian::native == std::endian::little) {
            std::memcpy(at_, &v, n);
            at_ += n;
        } else {
            for (std::size_t i = 0; i < n; ++i) *at_++ = static_cast<std::byte>((v >> (8 * i)) & 0xFFu);
        }
    }
    std::byte* begin_;
    std::byte* at_;
};

template <class Writer>
void putEntry(Writer& w, const SnapshotEntry& e) {
    w.u16(e.id);
    w.u16(e.mask);
    w.u16(e.poseTimeMs);
    if (e.mask & kEntryHasBaseline) w.u8(e.baselineAge);
    const auto position = [&](FieldIndex f, std::size_t deltaSlot, auto writeAbsolute) {
        switch (e.code(f)) {
            case FieldCode::Same: break;
            case FieldCode::Absolute: writeAbsolute(); break;
            case FieldCode::Delta8:
                for (auto v : e.deltas[deltaSlot]) w.i8(static_cast<std::int8_t>(v));
                break;
            case FieldCode::Delta16:
                for (auto v : e.deltas[deltaSlot]) w.i16(v);
                break;
        }
    };
    const auto rotation = [&](FieldIndex f, std::uint32_t value) {
        if (e.code(f) == FieldCode::Absolute) w.u32(value);
    };
    position(FieldIndex::HeadPos, 0, [&] { w.u64(packPosition(e.absolute.headPos)); });
    rotation(FieldIndex::HeadRot, e.absolute.headRot);
    position(FieldIndex::LeftPos, 1, [&] { for (auto v : e.absolute.leftPos) w.i16(v); });
    rotation(FieldIndex::LeftRot, e.absolute.leftRot);
    position(FieldIndex::RightPos, 2, [&] { for (auto v : e.absolute.rightPos) w.i16(v); });
    rotation(FieldIndex::RightRot, e.absolute.rightRot);
}

}  // namespace

void writeSnapshotEntry(ByteWriter& w, const SnapshotEntry& e) {
    std::array<std::byte, kEntryScratchBytes> buffer;
    w.bytes(std::span(buffer.data(), writeSnapshotEntry(e, buffer.data())));
}

std::size_t writeSnapshotEntry(const SnapshotEntry& e, std::byte* out) {
    RawWriter w(out);
    putEntry(w, e);
    return w.size();
}

MessageType typeOf(const Message& message) {
    static constexpr MessageType kTypes[] = {
        MessageType::Hello, MessageType::PoseUpdate, MessageType::Chat, MessageType::Event,
        MessageType::Moderate, MessageType::Bye, MessageType::Welcome, MessageType::Refuse,
        MessageType::Roster, MessageType::Snapshot, MessageType::ChatFrom, MessageType::EventFrom,
        MessageType::ModerationNotice, MessageType::Disconnect, MessageType::Voice, MessageType::VoiceFrom,
        MessageType::Fair, MessageType::FairNotice};
    static_assert(std::size(kTypes) == std::variant_size_v<Message>);
    return kTypes[message.index()];
}

Channel channelOf(MessageType type) {
    if (type == MessageType::Voice || type == MessageType::VoiceFrom) return Channel::Voice;
    return type == MessageType::PoseUpdate || type == MessageType::Snapshot ? Channel::Unreliable : Channel::Reliable;
}

void encodeMessage(const Message& message, std::vector<std::byte>& out) {
    ByteWriter w(out);
    w.u8(static_cast<std::uint8_t>(typeOf(message)));
    std::visit([&](const auto& m) { put(w, m); }, message);
}

std::vector<std::byte> encodeMessage(const Message& message) {
    std::vector<std::byte> out;
    encodeMessage(message, out);
    return out;
}

}  // namespace places::net
