#pragma once
// Join tickets: who may enter which venue in which role, until when, signed with
// Ed25519 (libsodium) by the festival's key. The relay holds only the public key.
// Wire form (docs/formats/protocol.md, "Tickets"): version u8 = 1, role u8,
// expiresUnix u64, ticketId[16], venueLen u8, venue, nameLen u8, name,
// signature[64] over "places-ticket-v1" || every byte before the signature.
// Text form (CLI, URLs): the wire form in unpadded base64url.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "places/core/diagnostic.hpp"
#include "places/net/protocol.hpp"

namespace places::net {

using PublicKey = std::array<unsigned char, 32>;
using SecretKey = std::array<unsigned char, 64>;  // libsodium layout: seed || public key
using TicketId = std::array<std::byte, 16>;

struct KeyPair {
    PublicKey publicKey{};
    SecretKey secretKey{};
};

struct Ticket {
    Role role = Role::Visitor;
    std::string venue;               // 1..64 bytes UTF-8
    std::string name;                // display name, 1..64 bytes UTF-8
    std::uint64_t expiresUnix = 0;   // seconds since 1970 (UTC)
    TicketId id{};                   // random; bans and logs refer to it
    bool operator==(const Ticket&) const = default;
};

enum class TicketError : std::uint8_t { None, Malformed, BadSignature, Expired };

struct TicketCheck {
    std::optional<Ticket> ticket;  // set only when valid
    TicketError error = TicketError::None;
    std::string detail;            // human-readable reason on failure
};

KeyPair generateKeyPair();
PublicKey publicKeyOf(const SecretKey& secret);
// A fresh random ticket id.
TicketId randomTicketId();
// Lower-case hex, 32 digits: how logs name a ticket.
std::string toHex(const TicketId& id);

std::vector<std::byte> signTicket(const Ticket& ticket, const SecretKey& key);
// Reads the fields and checks the layout only, not the signature: a client holds
// no key, but can show the ticket's venue and role and refuse a ticket for
// another venue before connecting. Never a basis for trust.
TicketCheck readTicket(std::span<const std::byte> bytes);
// Checks layout, signature, then expiry against `nowUnix`.
TicketCheck verifyTicket(std::span<const std::byte> bytes, const PublicKey& key, std::uint64_t nowUnix);

std::string toBase64Url(std::span<const std::byte> bytes);
std::optional<std::vector<std::byte>> fromBase64Url(std::string_view text);

// Key files are two text lines: a header ("places-ed25519-secret-v1" or
// "places-ed25519-public-v1") and the key in base64url. writeKeyFiles writes the
// secret to `path` with mode 0600 and the public key to `path`.pub.
Diagnostics writeKeyFiles(const std::string& path, const KeyPair& keys);
Result<SecretKey> readSecretKeyFile(const std::string& path);
// Accepts a public or a secret key file (the public key is derived).
Result<PublicKey> readPublicKeyFile(const std::string& path);

}  // namespace places::net
