#include "places/runtime/venue_join.hpp"

#include <charconv>
#include <cstdio>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "places/net/ticket.hpp"

namespace places::runtime {

namespace {

bool parseHostPort(const std::string& text, std::string& host, std::uint16_t& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = text.substr(0, colon);
    const char* first = text.data() + colon + 1;
    const char* last = text.data() + text.size();
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || end != last || value == 0 || value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

}  // namespace

Result<std::unique_ptr<VenueClient>> joinVenue(const VenueJoinSettings& settings, const RenderScene& scene,
                                               const net::Clock& clock) {
    Result<std::unique_ptr<VenueClient>> result;
    VenueClientConfig config;
    if (!parseHostPort(settings.relay, config.session.host, config.session.port)) {
        result.diagnostics.error({settings.relay}, "--relay must be HOST:PORT (e.g. 127.0.0.1:7777)");
        return result;
    }
    config.session.ticket = settings.ticket;
    if (!settings.ticketFile.empty()) {
        std::ifstream in(settings.ticketFile);
        if (!in) {
            result.diagnostics.error({settings.ticketFile}, "cannot read the ticket file");
            return result;
        }
        std::stringstream text;
        text << in.rdbuf();
        std::string ticket = text.str();
        while (!ticket.empty() && std::isspace(static_cast<unsigned char>(ticket.back()))) ticket.pop_back();
        while (!ticket.empty() && std::isspace(static_cast<unsigned char>(ticket.front()))) ticket.erase(0, 1);
        auto bytes = net::fromBase64Url(ticket);
        if (!bytes) {
            result.diagnostics.error({settings.ticketFile}, "not a ticket (expected the base64url text `places ticket` prints)");
            return result;
        }
        config.session.ticket = std::move(*bytes);
    }
    config.session.venue = scene.venueId;
    config.session.name = settings.name;
    config.session.spectate = settings.spectate;
    config.session.connectTimeoutSeconds = settings.connectTimeoutSeconds;
    config.session.poseRateHz = settings.poseRateHz;
    config.venueTitle = scene.title.empty() ? scene.venueId : scene.title;
    config.stages = scene.events;
    config.booths = scene.booths;
    config.fair = !scene.events.empty() || !scene.booths.empty() || !scene.portals.empty();
    auto client = VenueClient::connect(std::move(config), clock);
    result.diagnostics.append(client.diagnostics);
    if (!client.value) return result;
    VenueClient& c = **client.value;
    // The session enforces the connect timeout itself; this loop only waits.
    while (c.state() == net::SessionState::Connecting) {
        c.update();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (!c.joined()) {
        result.diagnostics.error({settings.relay}, c.error());
        return result;
    }
    result.value = std::move(*client.value);
    return result;
}

std::unique_ptr<VenueClient> joinVenueOrReport(const VenueJoinSettings& settings, const RenderScene& scene,
                                               const net::Clock& clock, const char* prefix) {
    auto joined = joinVenue(settings, scene, clock);
    for (const auto& d : joined.diagnostics.items()) std::fprintf(stderr, "%s: %s\n", prefix, d.format().c_str());
    return joined.value ? std::move(*joined.value) : nullptr;
}

}  // namespace places::runtime
