#pragma once
// Shared by the encoder, decoder and snapshot code: the 32-byte avatar state and
// the variable-size snapshot entry.
#include "places/net/protocol.hpp"

namespace places::net {

void writeAvatarState(ByteWriter& w, const QuantizedAvatar& s);
QuantizedAvatar readAvatarState(ByteReader& r);
void writeSnapshotEntry(ByteWriter& w, const SnapshotEntry& e);
// The same into `out`, which must hold kEntryScratchBytes; returns the bytes written.
inline constexpr std::size_t kEntryScratchBytes = 64;
std::size_t writeSnapshotEntry(const SnapshotEntry& e, std::byte* out);
SnapshotEntry readSnapshotEntry(ByteReader& r);
// The fair's two messages (fair_protocol.cpp).
void writeFair(ByteWriter& w, const Fair& m);
void writeFairNotice(ByteWriter& w, const FairNotice& m);
Fair readFair(ByteReader& r);
FairNotice readFairNotice(ByteReader& r);

}  // namespace places::net
