// places ticket: festival keys and signed join tickets for the relay.
//   places ticket --generate-key FILE            (FILE secret, 0600; FILE.pub for relays)
//   places ticket --key FILE --venue V --role R --name N [--ttl 3600]
#include <cstdio>

#include "commands.hpp"
#include "places/net/ticket.hpp"
#include "places/net/transport.hpp"

namespace places::cli {

void addTicketCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("ticket", "Issue a signed relay ticket, or generate the festival key pair");
    struct Options {
        std::string generate, key, venue, role = "visitor", name;
        std::uint64_t ttl = 3600;
    };
    auto opt = std::make_shared<Options>();
    cmd->add_option("--generate-key", opt->generate, "Write a new key pair: FILE (secret, mode 0600) and FILE.pub");
    cmd->add_option("--key", opt->key, "Secret key file to sign with");
    cmd->add_option("--venue", opt->venue, "Venue the ticket admits to");
    cmd->add_option("--role", opt->role, "visitor, spectator, host, moderator or exhibitor");
    cmd->add_option("--name", opt->name, "Display name");
    cmd->add_option("--ttl", opt->ttl, "Seconds until the ticket expires")->check(CLI::PositiveNumber);
    cmd->callback([opt] {
        using namespace places::net;
        if (!opt->generate.empty()) {
            const Diagnostics d = writeKeyFiles(opt->generate, generateKeyPair());
            if (d.hasErrors()) {
                std::fprintf(stderr, "places ticket: %s\n", d.firstError().c_str());
                throw CommandExit{1};
            }
            std::fprintf(stderr, "places ticket: wrote %s (secret, 0600) and %s.pub (for relays)\n",
                         opt->generate.c_str(), opt->generate.c_str());
            throw CommandExit{0};
        }
        const auto role = parseRole(opt->role);
        if (opt->key.empty() || opt->venue.empty() || opt->name.empty() || !role ||
            opt->venue.size() > kMaxVenueBytes || opt->name.size() > kMaxNameBytes || !isCleanUtf8(opt->venue) ||
            !isCleanUtf8(opt->name)) {
            std::fprintf(stderr,
                         "places ticket: needs --key, --venue and --name (1-64 bytes of UTF-8) and a --role of "
                         "visitor, spectator, host, moderator or exhibitor\n");
            throw CommandExit{2};
        }
        const auto secret = readSecretKeyFile(opt->key);
        if (!secret) {
            std::fprintf(stderr, "places ticket: %s\n", secret.diagnostics.firstError().c_str());
            throw CommandExit{2};
        }
        Ticket t;
        t.role = *role;
        t.venue = opt->venue;
        t.name = opt->name;
        t.expiresUnix = SteadyClock{}.unixSeconds() + opt->ttl;
        t.id = randomTicketId();
        std::printf("%s\n", toBase64Url(signTicket(t, *secret)).c_str());
    });
}

}  // namespace places::cli
