// libFuzzer target: the wire decoder (and the ticket reader) on arbitrary bytes.
// Properties: never crashes or reads out of bounds (ASan/UBSan), and anything
// that decodes re-encodes to the very same bytes (the format has one encoding).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "places/net/protocol.hpp"
#include "places/net/snapshot.hpp"
#include "places/net/ticket.hpp"

using namespace places::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    const auto decoded = decodeMessage(bytes);
    if (decoded) {
        const auto again = encodeMessage(*decoded.value);
        if (again.size() != size || !std::equal(again.begin(), again.end(), bytes.begin())) std::abort();
        if (const auto* snap = std::get_if<Snapshot>(&*decoded.value)) {
            SnapshotReceiver rx;
            std::vector<SnapshotReceiver::Update> out;
            rx.apply(*snap, out);
            for (const auto& e : snap->entries) (void)applyEntry(e, &out.emplace_back().state);
        }
    } else if (decoded.offset > size) {
        std::abort();
    }
    static const PublicKey key = generateKeyPair().publicKey;
    (void)verifyTicket(bytes, key, 0);
    (void)readTicket(bytes);
    (void)peekHelloVersion(bytes);
    return 0;
}
