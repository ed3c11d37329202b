#pragma once
// Shared by the encoder, decoder and snapshot code: the 32-byte avatar state and
// the variable-size snapshot entry.
#include "places/net/protocol.hpp"

namespace places::net {

void writeAvatarState(ByteWriter& w, const QuantizedAvatar& s);
QuantizedAvatar readAvatarState(ByteReader& r);
void writeSnapshotEntry(ByteWriter& w, const SnapshotEntry& e);
SnapshotEntry readSnapshotEntry(ByteReader& r);

}  // namespace places::net
