// Wire form of the fair's messages (protocol.hpp "the fair", docs/formats/
// protocol.md "Fair"). Same rules as every decoder: lengths within limits,
// enums defined, clean UTF-8, one encoding per message.
#include <cassert>

#include "places/net/protocol.hpp"
#include "protocol_state.hpp"

namespace places::net {
namespace {

void text8(ByteWriter& w, std::string_view s, std::size_t limit) {
    assert(s.size() <= limit);
    (void)limit;
    w.u8(static_cast<std::uint8_t>(s.size()));
    w.text(s);
}

void text16(ByteWriter& w, std::string_view s) {
    assert(s.size() <= kMaxChatBytes);
    w.u16(static_cast<std::uint16_t>(s.size()));
    w.text(s);
}

std::string read8(ByteReader& r, std::size_t limit) {
    const std::size_t at = r.offset();
    const std::size_t n = r.u8();
    if (n > limit) r.failAt(DecodeError::BadLength, at);
    return std::string(r.text(n));
}

std::string read16(ByteReader& r) {
    const std::size_t at = r.offset();
    const std::size_t n = r.u16();
    if (n > kMaxChatBytes) r.failAt(DecodeError::BadLength, at);
    return std::string(r.text(n));
}

}  // namespace

void writeFair(ByteWriter& w, const Fair& m) {
    w.u8(static_cast<std::uint8_t>(m.op));
    text8(w, m.key, kMaxFairKeyBytes);
    w.u16(m.target);
    text16(w, m.text);
}

void writeFairNotice(ByteWriter& w, const FairNotice& m) {
    w.u8(static_cast<std::uint8_t>(m.kind));
    text8(w, m.key, kMaxFairKeyBytes);
    w.u16(m.a);
    w.u16(m.b);
    w.u32(m.start);
    w.u32(m.end);
    text16(w, m.text);
    text8(w, m.detail, kMaxReasonBytes);
}

Fair readFair(ByteReader& r) {
    Fair m;
    const std::size_t at = r.offset();
    const std::uint8_t op = r.u8();
    if (op < 1 || op > kFairOpCount) r.failAt(DecodeError::BadEnum, at);
    m.op = static_cast<FairOp>(op);
    m.key = read8(r, kMaxFairKeyBytes);
    m.target = r.u16();
    m.text = read16(r);
    return m;
}

FairNotice readFairNotice(ByteReader& r) {
    FairNotice m;
    const std::size_t at = r.offset();
    const std::uint8_t kind = r.u8();
    if (kind < 1 || kind > kFairNoticeKindCount) r.failAt(DecodeError::BadEnum, at);
    m.kind = static_cast<FairNoticeKind>(kind);
    m.key = read8(r, kMaxFairKeyBytes);
    m.a = r.u16();
    m.b = r.u16();
    m.start = r.u32();
    m.end = r.u32();
    m.text = read16(r);
    m.detail = read8(r, kMaxReasonBytes);
    return m;
}

}  // namespace places::net
