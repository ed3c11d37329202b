#include "checksum.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace places::city {

std::uint32_t crc32(std::span<const std::byte> bytes) {
    uLong crc = ::crc32(0L, Z_NULL, 0);
    const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
    std::size_t left = bytes.size();
    while (left > 0) {  // zlib takes uInt lengths
        const std::size_t chunk = std::min<std::size_t>(left, std::numeric_limits<uInt>::max());
        crc = ::crc32(crc, data, static_cast<uInt>(chunk));
        data += chunk;
        left -= chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace places::city
