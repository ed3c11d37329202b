#pragma once
// CRC-32 (ISO-HDLC: polynomial 0xEDB88320 reflected, init and final xor
// 0xFFFFFFFF; the zlib/PNG/gzip CRC). zlib's implementation is used: it is in
// every Debian install, fast (braided, GB/s) and any second implementation of
// the pack can find the same CRC in its standard library.
#include <cstddef>
#include <cstdint>
#include <span>

namespace places::city {

std::uint32_t crc32(std::span<const std::byte> bytes);

}  // namespace places::city
