#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "places/net/ticket.hpp"

using namespace places::net;

namespace {

Ticket sampleTicket(std::uint64_t expires) {
    Ticket t;
    t.role = Role::Moderator;
    t.venue = "main-stage";
    t.name = "Ada";
    t.expiresUnix = expires;
    t.id = randomTicketId();
    return t;
}

}  // namespace

TEST_CASE("a signed ticket verifies and reads back", "[ticket]") {
    const KeyPair keys = generateKeyPair();
    const Ticket t = sampleTicket(2000);
    const auto bytes = signTicket(t, keys.secretKey);
    const TicketCheck check = verifyTicket(bytes, keys.publicKey, 1000);
    REQUIRE(check.ticket);
    CHECK(*check.ticket == t);
    CHECK(publicKeyOf(keys.secretKey) == keys.publicKey);
}

TEST_CASE("forged, foreign-key and expired tickets are refused", "[ticket]") {
    const KeyPair keys = generateKeyPair();
    const auto bytes = signTicket(sampleTicket(2000), keys.secretKey);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto forged = bytes;
        forged[i] ^= std::byte{0x01};
        const TicketCheck check = verifyTicket(forged, keys.publicKey, 1000);
        INFO("flipped byte " << i);
        CHECK_FALSE(check.ticket);
        CHECK(check.error != TicketError::None);
    }
    CHECK(verifyTicket(bytes, generateKeyPair().publicKey, 1000).error == TicketError::BadSignature);
    CHECK(verifyTicket(bytes, keys.publicKey, 2000).error == TicketError::Expired);
    CHECK(verifyTicket(std::span(bytes).first(10), keys.publicKey, 1000).error == TicketError::Malformed);
}

TEST_CASE("tickets travel as base64url text", "[ticket]") {
    const KeyPair keys = generateKeyPair();
    const auto bytes = signTicket(sampleTicket(5), keys.secretKey);
    const std::string text = toBase64Url(bytes);
    CHECK(text.find_first_of("+/=") == std::string::npos);
    CHECK(fromBase64Url(text) == std::optional(bytes));
    CHECK_FALSE(fromBase64Url(text + "!"));
}

TEST_CASE("key files: secret is private, either file yields the public key", "[ticket]") {
    const auto dir = std::filesystem::temp_directory_path() / ("places_ticket_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "festival.key").string();
    const KeyPair keys = generateKeyPair();
    REQUIRE_FALSE(writeKeyFiles(path, keys).hasErrors());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(readSecretKeyFile(path).value == std::optional(keys.secretKey));
    CHECK(readPublicKeyFile(path).value == std::optional(keys.publicKey));
    CHECK(readPublicKeyFile(path + ".pub").value == std::optional(keys.publicKey));
    CHECK(readSecretKeyFile(path + ".pub").diagnostics.hasErrors());
    std::filesystem::remove_all(dir);
}
