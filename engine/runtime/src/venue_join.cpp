#include "places/runtime/venue_join.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
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
    const std::uint64_t firstTryUs = clock.nowMicros();
    std::minstd_rand jitter(std::random_device{}());
    for (std::uint32_t retry = 0;; ++retry) {
        auto client = VenueClient::connect(config, clock);
        result.diagnostics.append(client.diagnostics);
        if (!client.value) return result;
        VenueClient& c = **client.value;
        // The session enforces the connect timeout itself; this loop only waits.
        while (c.state() == net::SessionState::Connecting) {
            c.update();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (c.joined()) {
            result.value = std::move(*client.value);
            return result;
        }
        // A full venue may have room soon (someone leaves, the relay is past a
        // peak); a refusal for anything else will not change by waiting.
        const auto& refusal = c.client().refusal();
        const double pause = std::min(2.0 * double(1u << std::min(retry, 3u)), 15.0) *
                             std::uniform_real_distribution<double>(0.75, 1.25)(jitter);
        const double waited = double(clock.nowMicros() - firstTryUs) * 1e-6;
        if (!refusal || refusal->reason != net::RefuseReason::VenueFull || waited + pause > settings.fullRetrySeconds) {
            result.diagnostics.error({settings.relay}, c.error());
            return result;
        }
        if (settings.onWait) {
            char text[96];
            std::snprintf(text, sizeof text, "; trying again in %.0f s", pause);
            settings.onWait(c.error() + text);
        }
        client.value.reset();  // says Bye: the refused connection is closed before the wait
        const std::uint64_t until = clock.nowMicros() + static_cast<std::uint64_t>(pause * 1e6);
        while (clock.nowMicros() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::unique_ptr<VenueClient> joinVenueOrReport(const VenueJoinSettings& settings, const RenderScene& scene,
                                               const net::Clock& clock, const char* prefix) {
    VenueJoinSettings withWaits = settings;
    if (!withWaits.onWait)
        withWaits.onWait = [prefix](const std::string& text) { std::fprintf(stderr, "%s: %s\n", prefix, text.c_str()); };
    auto joined = joinVenue(withWaits, scene, clock);
    for (const auto& d : joined.diagnostics.items()) std::fprintf(stderr, "%s: %s\n", prefix, d.format().c_str());
    return joined.value ? std::move(*joined.value) : nullptr;
}

}  // namespace places::runtime
