#pragma once
// Recomputes every CRC-32 of a (possibly damaged) city pack from the layout in
// docs/formats/city-pack.md, so deliberate damage reaches the checks behind
// the checksums. Bounds-checked: any bytes are accepted (the fuzzer uses it).
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace places::city::test {

namespace reseal_detail {
template <class T>
T get(const std::vector<std::byte>& b, std::uint64_t at) {
    T v;
    std::memcpy(&v, b.data() + at, sizeof(T));
    return v;
}
template <class T>
void set(std::vector<std::byte>& b, std::uint64_t at, T v) {
    std::memcpy(b.data() + at, &v, sizeof(T));
}
inline bool fits(std::uint64_t offset, std::uint64_t size, std::uint64_t total) {
    return offset <= total && size <= total - offset;
}
inline std::uint32_t crc(const std::vector<std::byte>& b, std::uint64_t at, std::uint64_t size) {
    uLong c = ::crc32(0L, Z_NULL, 0);
    const auto* p = reinterpret_cast<const Bytef*>(b.data() + at);
    while (size > 0) {
        const auto chunk = static_cast<uInt>(size > (1u << 30) ? (1u << 30) : size);
        c = ::crc32(c, p, chunk);
        p += chunk;
        size -= chunk;
    }
    return static_cast<std::uint32_t>(c);
}
}  // namespace reseal_detail

inline void resealPack(std::vector<std::byte>& b) {
    using namespace reseal_detail;
    const std::uint64_t size = b.size();
    if (size < 64) return;
    const auto table = get<std::uint64_t>(b, 24);
    const auto count = get<std::uint32_t>(b, 32);
    const auto entrySize = get<std::uint32_t>(b, 36);
    const std::uint64_t tableSize = std::uint64_t(count) * entrySize;
    if (entrySize >= 32 && fits(table, tableSize, size)) {
        std::uint64_t levl = 0, levlSize = 0, geom = 0, geomSize = 0;
        bool haveLevl = false, haveGeom = false;
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::uint64_t e = table + std::uint64_t(i) * entrySize;
            const auto id = get<std::uint32_t>(b, e);
            const auto offset = get<std::uint64_t>(b, e + 8), length = get<std::uint64_t>(b, e + 16);
            if (!fits(offset, length, size)) continue;
            if (std::memcmp(b.data() + e, "LEVL", 4) == 0) haveLevl = true, levl = offset, levlSize = length;
            if (std::memcmp(b.data() + e, "GEOM", 4) == 0) haveGeom = true, geom = offset, geomSize = length;
            (void)id;
        }
        // Level blobs first: their CRCs live inside LEVL, whose own CRC follows.
        if (haveLevl && haveGeom && levlSize >= 16) {
            const auto records = get<std::uint32_t>(b, levl);
            const auto stride = get<std::uint32_t>(b, levl + 4);
            for (std::uint64_t r = 0; stride >= 48 && r < records; ++r) {
                const std::uint64_t at = levl + 16 + r * stride;
                if (!fits(at, 48, levl + levlSize)) break;
                const auto blob = get<std::uint64_t>(b, at + 16), stored = get<std::uint64_t>(b, at + 24);
                if (fits(blob, stored, geomSize)) set(b, at + 40, crc(b, geom + blob, stored));
            }
        }
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::uint64_t e = table + std::uint64_t(i) * entrySize;
            const auto offset = get<std::uint64_t>(b, e + 8), length = get<std::uint64_t>(b, e + 16);
            if (fits(offset, length, size) && std::memcmp(b.data() + e, "GEOM", 4) != 0)
                set(b, e + 24, crc(b, offset, length));
        }
        set(b, 44, crc(b, table, tableSize));
    }
    set(b, 60, crc(b, 0, 60));
}

}  // namespace places::city::test
