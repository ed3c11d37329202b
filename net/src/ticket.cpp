#include "places/net/ticket.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>

#include "places/core/mapped_file.hpp"

namespace places::net {
namespace {

constexpr std::string_view kSignatureContext = "places-ticket-v1";
constexpr std::string_view kSecretHeader = "places-ed25519-secret-v1";
constexpr std::string_view kPublicHeader = "places-ed25519-public-v1";
constexpr std::uint8_t kTicketVersion = 1;

void ensureSodium() {
    // sodium_init is idempotent and thread-safe; it fails only without an entropy source.
    [[maybe_unused]] const int rc = sodium_init();
    assert(rc >= 0);
}

std::vector<unsigned char> signatureInput(std::span<const std::byte> body) {
    std::vector<unsigned char> in(kSignatureContext.size() + body.size());
    std::memcpy(in.data(), kSignatureContext.data(), kSignatureContext.size());
    if (!body.empty()) std::memcpy(in.data() + kSignatureContext.size(), body.data(), body.size());
    return in;
}

TicketCheck fail(TicketError error, std::string detail) {
    TicketCheck out;
    out.error = error;
    out.detail = std::move(detail);
    return out;
}

// Reads a key file: header line, then base64url of exactly `size` bytes.
template <std::size_t N>
Result<std::array<unsigned char, N>> readKey(const std::string& path, std::string_view header) {
    Result<std::array<unsigned char, N>> out;
    auto text = readTextFile(path);
    if (!text) {
        out.diagnostics.append(text.diagnostics);
        return out;
    }
    const std::string& s = *text;
    const auto newline = s.find('\n');
    if (newline == std::string::npos || std::string_view(s).substr(0, newline) != header) {
        out.diagnostics.error({path, 1}, "not a " + std::string(header) + " key file");
        return out;
    }
    std::string body = s.substr(newline + 1);
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) body.pop_back();
    auto bytes = fromBase64Url(body);
    if (!bytes || bytes->size() != N) {
        out.diagnostics.error({path, 2}, "key is not " + std::to_string(N) + " bytes of base64url");
        return out;
    }
    std::array<unsigned char, N> key{};
    std::memcpy(key.data(), bytes->data(), N);
    out.value = key;
    return out;
}

bool writeFile(const std::string& path, const std::string& content, mode_t mode, Diagnostics& diag) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        diag.error({path}, std::string("cannot create: ") + std::strerror(errno));
        return false;
    }
    // O_CREAT's mode does not apply to an existing file: force it.
    const bool ok = ::fchmod(fd, mode) == 0 &&
                    ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
    if (!ok) diag.error({path}, std::string("cannot write: ") + std::strerror(errno));
    ::close(fd);
    return ok;
}

}  // namespace

KeyPair generateKeyPair() {
    ensureSodium();
    KeyPair keys;
    crypto_sign_keypair(keys.publicKey.data(), keys.secretKey.data());
    return keys;
}

PublicKey publicKeyOf(const SecretKey& secret) {
    ensureSodium();
    PublicKey pk{};
    crypto_sign_ed25519_sk_to_pk(pk.data(), secret.data());
    return pk;
}

std::string toHex(const TicketId& id) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(id.size() * 2);
    for (std::byte b : id) {
        out.push_back(kDigits[std::to_integer<unsigned>(b) >> 4]);
        out.push_back(kDigits[std::to_integer<unsigned>(b) & 0xF]);
    }
    return out;
}

TicketId randomTicketId() {
    ensureSodium();
    TicketId id{};
    randombytes_buf(id.data(), id.size());
    return id;
}

std::vector<std::byte> signTicket(const Ticket& t, const SecretKey& key) {
    ensureSodium();
    assert(!t.venue.empty() && t.venue.size() <= kMaxVenueBytes);
    assert(!t.name.empty() && t.name.size() <= kMaxNameBytes);
    std::vector<std::byte> out;
    ByteWriter w(out);
    w.u8(kTicketVersion);
    w.u8(static_cast<std::uint8_t>(t.role));
    w.u64(t.expiresUnix);
    w.bytes(t.id);
    w.u8(static_cast<std::uint8_t>(t.venue.size()));
    w.text(t.venue);
    w.u8(static_cast<std::uint8_t>(t.name.size()));
    w.text(t.name);
    const auto input = signatureInput(out);
    std::array<unsigned char, crypto_sign_BYTES> sig{};
    crypto_sign_detached(sig.data(), nullptr, input.data(), input.size(), key.data());
    w.bytes(std::as_bytes(std::span(sig)));
    return out;
}

TicketCheck readTicket(std::span<const std::byte> bytes) {
    if (bytes.size() < crypto_sign_BYTES) return fail(TicketError::Malformed, "ticket too short");
    const auto body = bytes.first(bytes.size() - crypto_sign_BYTES);
    ByteReader r(body);
    Ticket t;
    if (r.u8() != kTicketVersion) return fail(TicketError::Malformed, "unknown ticket version");
    const std::uint8_t role = r.u8();
    if (role >= kRoleCount) return fail(TicketError::Malformed, "undefined role");
    t.role = static_cast<Role>(role);
    t.expiresUnix = r.u64();
    copyField(r.bytes(t.id.size()), t.id);
    const std::size_t venueLen = r.u8();
    t.venue = std::string(r.text(venueLen));
    const std::size_t nameLen = r.u8();
    t.name = std::string(r.text(nameLen));
    r.expectEnd();
    if (!r.ok()) return fail(TicketError::Malformed, "ticket layout: " + std::string(toString(r.error())));
    if (venueLen == 0 || venueLen > kMaxVenueBytes || nameLen == 0 || nameLen > kMaxNameBytes)
        return fail(TicketError::Malformed, "venue or name length out of range");
    TicketCheck ok;
    ok.ticket = std::move(t);
    return ok;
}

TicketCheck verifyTicket(std::span<const std::byte> bytes, const PublicKey& key, std::uint64_t nowUnix) {
    ensureSodium();
    TicketCheck check = readTicket(bytes);
    if (!check.ticket) return check;
    const auto body = bytes.first(bytes.size() - crypto_sign_BYTES);
    const auto input = signatureInput(body);
    const auto* sig = reinterpret_cast<const unsigned char*>(bytes.data() + body.size());
    if (crypto_sign_verify_detached(sig, input.data(), input.size(), key.data()) != 0)
        return fail(TicketError::BadSignature, "signature does not verify");
    if (check.ticket->expiresUnix <= nowUnix) return fail(TicketError::Expired, "ticket expired");
    return check;
}

std::string toBase64Url(std::span<const std::byte> bytes) {
    ensureSodium();
    const std::size_t len = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), len, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<std::vector<std::byte>> fromBase64Url(std::string_view text) {
    ensureSodium();
    std::vector<std::byte> out(text.size() * 3 / 4 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &len, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(len);
    return out;
}

Diagnostics writeKeyFiles(const std::string& path, const KeyPair& keys) {
    Diagnostics diag;
    const auto secret = toBase64Url(std::as_bytes(std::span(keys.secretKey)));
    const auto pub = toBase64Url(std::as_bytes(std::span(keys.publicKey)));
    if (writeFile(path, std::string(kSecretHeader) + "\n" + secret + "\n", 0600, diag))
        writeFile(path + ".pub", std::string(kPublicHeader) + "\n" + pub + "\n", 0644, diag);
    return diag;
}

Result<SecretKey> readSecretKeyFile(const std::string& path) { return readKey<64>(path, kSecretHeader); }

Result<PublicKey> readPublicKeyFile(const std::string& path) {
    auto text = readTextFile(path);
    if (text && text->rfind(kSecretHeader, 0) == 0) {
        auto secret = readSecretKeyFile(path);
        Result<PublicKey> out;
        out.diagnostics = secret.diagnostics;
        if (secret) out.value = publicKeyOf(*secret);
        return out;
    }
    return readKey<32>(path, kPublicHeader);
}

}  // namespace places::net
