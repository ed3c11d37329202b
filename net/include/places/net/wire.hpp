#pragma once
// Byte-level reading and writing of the wire protocol (docs/formats/protocol.md).
// All integers are little-endian. ByteReader never reads past its span: the first
// read that does not fit, or the first value a caller rejects, latches an error
// with the byte offset where it happened; every later read returns zero.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace places::net {

// Why a message was rejected. Stable: relay metrics and tests count by these.
enum class DecodeError : std::uint8_t {
    None,
    Empty,             // zero-length message
    UnknownType,       // first byte is no message type of this protocol version
    Truncated,         // the message ends inside a field
    TrailingBytes,     // bytes left after the last field
    BadMagic,          // Hello does not start with "PLCS"
    BadLength,         // a length or count field is out of its documented range
    BadEnum,           // an enumerated field holds an undefined value
    BadEncoding,       // reserved bits set, invalid field code, or invalid UTF-8
    Inconsistent,      // fields contradict each other (e.g. a delta without a baseline)
};
inline constexpr std::size_t kDecodeErrorCount = 10;

std::string_view toString(DecodeError error);

class ByteReader {
public:
    explicit ByteReader(std::span<const std::byte> bytes) : bytes_(bytes) {}

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u64();
    std::int8_t i8() { return static_cast<std::int8_t>(u8()); }
    std::int16_t i16() { return static_cast<std::int16_t>(u16()); }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    // `n` bytes as a view into the input (valid while the input is); empty on error.
    std::span<const std::byte> bytes(std::size_t n);
    // `n` bytes of UTF-8 text; rejects invalid UTF-8 and control characters other
    // than newline and tab, so no client text reaches another client unchecked.
    std::string_view text(std::size_t n);

    // Latches `error` at the current offset (the first failure wins).
    void fail(DecodeError error);
    // Latches `error` at `offset` (the start of the field that was wrong).
    void failAt(DecodeError error, std::size_t offset);
    // Fails with TrailingBytes unless everything was consumed.
    void expectEnd();

    bool ok() const { return error_ == DecodeError::None; }
    DecodeError error() const { return error_; }
    std::size_t errorOffset() const { return errorOffset_; }
    std::size_t offset() const { return offset_; }
    std::size_t remaining() const { return bytes_.size() - offset_; }

private:
    bool take(std::size_t n);
    template <class T>
    T little();

    std::span<const std::byte> bytes_;
    std::size_t offset_ = 0;
    DecodeError error_ = DecodeError::None;
    std::size_t errorOffset_ = 0;
};

// Appends to a caller-owned vector so encoders can reuse one buffer per peer.
class ByteWriter {
public:
    explicit ByteWriter(std::vector<std::byte>& out) : out_(out) {}

    void u8(std::uint8_t v) { out_.push_back(static_cast<std::byte>(v)); }
    void u16(std::uint16_t v) { put(v, 2); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void i8(std::int8_t v) { u8(static_cast<std::uint8_t>(v)); }
    void i16(std::int16_t v) { u16(static_cast<std::uint16_t>(v)); }
    void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
    void bytes(std::span<const std::byte> b) { out_.insert(out_.end(), b.begin(), b.end()); }
    void text(std::string_view s) {
        bytes(std::span(reinterpret_cast<const std::byte*>(s.data()), s.size()));
    }
    std::size_t size() const { return out_.size(); }

private:
    void put(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) out_.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xFFu));
    }
    std::vector<std::byte>& out_;
};

// Copies a field read with ByteReader::bytes into a fixed array; false (and
// nothing copied) when the read failed and the span is empty.
template <std::size_t N>
bool copyField(std::span<const std::byte> field, std::array<std::byte, N>& out) {
    if (field.size() != N) return false;
    std::memcpy(out.data(), field.data(), N);
    return true;
}

// True when `s` is valid UTF-8 without C0 controls other than '\n' and '\t'.
bool isCleanUtf8(std::string_view s);

}  // namespace places::net
