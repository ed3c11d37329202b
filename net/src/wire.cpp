#include "places/net/wire.hpp"

namespace places::net {

std::string_view toString(DecodeError error) {
    switch (error) {
        case DecodeError::None: return "none";
        case DecodeError::Empty: return "empty";
        case DecodeError::UnknownType: return "unknown_type";
        case DecodeError::Truncated: return "truncated";
        case DecodeError::TrailingBytes: return "trailing_bytes";
        case DecodeError::BadMagic: return "bad_magic";
        case DecodeError::BadLength: return "bad_length";
        case DecodeError::BadEnum: return "bad_enum";
        case DecodeError::BadEncoding: return "bad_encoding";
        case DecodeError::Inconsistent: return "inconsistent";
    }
    return "invalid";
}

bool ByteReader::take(std::size_t n) {
    if (!ok()) return false;
    if (n > remaining()) {
        fail(DecodeError::Truncated);
        return false;
    }
    return true;
}

std::uint8_t ByteReader::u8() {
    if (!take(1)) return 0;
    return static_cast<std::uint8_t>(bytes_[offset_++]);
}

std::uint16_t ByteReader::u16() { return little<std::uint16_t>(); }

template <class T>
T ByteReader::little() {
    if (!take(sizeof(T))) return 0;
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<T>(bytes_[offset_ + i]) << (8 * i));
    offset_ += sizeof(T);
    return v;
}

std::uint32_t ByteReader::u32() { return little<std::uint32_t>(); }
std::uint64_t ByteReader::u64() { return little<std::uint64_t>(); }

std::span<const std::byte> ByteReader::bytes(std::size_t n) {
    if (!take(n)) return {};
    auto out = bytes_.subspan(offset_, n);
    offset_ += n;
    return out;
}

std::string_view ByteReader::text(std::size_t n) {
    const std::size_t start = offset_;
    auto b = bytes(n);
    std::string_view s(reinterpret_cast<const char*>(b.data()), b.size());
    if (!ok()) return {};
    if (!isCleanUtf8(s)) {
        failAt(DecodeError::BadEncoding, start);
        return {};
    }
    return s;
}

void ByteReader::fail(DecodeError error) { failAt(error, offset_); }

void ByteReader::failAt(DecodeError error, std::size_t offset) {
    if (!ok()) return;
    error_ = error;
    errorOffset_ = offset;
}

void ByteReader::expectEnd() {
    if (ok() && remaining() != 0) fail(DecodeError::TrailingBytes);
}

bool isCleanUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1Fu; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0Fu; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07u; }
        else return false;
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += len;
    }
    return true;
}

}  // namespace places::net
