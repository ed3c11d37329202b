#include "places/net/venue_host.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include <nlohmann/json.hpp>

#include "places/net/enet_transport.hpp"
#include "places/net/relay_loop.hpp"
#include "places/net/ticket.hpp"

namespace places::net {
namespace {

std::vector<InstanceCensus> takeCensus(const Relay& relay) {
    std::map<std::pair<std::string, std::uint16_t>, InstanceCensus> byInstance;
    for (const SessionInfo& s : relay.sessions()) {
        InstanceCensus& c = byInstance[{s.venue, s.instance}];
        c.venue = s.venue;
        c.instance = s.instance;
        ++(hasAvatar(s.role) ? c.avatars : c.spectators);
    }
    std::vector<InstanceCensus> out;
    for (auto& [key, c] : byInstance) out.push_back(std::move(c));
    return out;
}

}  // namespace

Result<std::unique_ptr<VenueHost>> VenueHost::start(RelayConfig config, std::uint16_t port) {
    Result<std::unique_ptr<VenueHost>> out;
    // Loopback only: this relay is open to anonymous visitors.
    auto transport = ENetTransport::listen(port, 4095, "127.0.0.1");
    if (!transport) {
        out.diagnostics = std::move(transport.diagnostics);
        return out;
    }
    std::unique_ptr<VenueHost> host(new VenueHost());
    host->keys_ = generateKeyPair();
    config.ticketKey = host->keys_.publicKey;
    config.open = true;
    host->transport_ = std::move(*transport);
    host->port_ = host->transport_->port();
    host->clock_ = std::make_unique<SteadyClock>();
    host->relay_ = std::make_unique<Relay>(config, *host->transport_, *host->clock_);
    host->loop_ = std::make_unique<RelayLoop>(*host->relay_, *host->clock_);
    VenueHost* self = host.get();
    host->loop_->onPublish = [self](const Relay& relay) {
        auto census = takeCensus(relay);
        std::lock_guard lock(self->mutex_);
        self->census_ = std::move(census);
    };
    host->relayThread_ = std::thread([self] { self->loop_->run(self->relayStop_); });
    out.value = std::move(host);
    return out;
}

VenueHost::~VenueHost() { stop(); }

std::vector<std::byte> VenueHost::ticket(const std::string& venue, Role role, const std::string& name,
                                         std::uint64_t ttlSeconds) const {
    Ticket t;
    t.role = role;
    t.venue = venue;
    t.name = name;
    t.expiresUnix = clock_->unixSeconds() + ttlSeconds;
    t.id = randomTicketId();
    return signTicket(t, keys_.secretKey);
}

void VenueHost::addBots(const BotGroup& spec) {
    auto group = std::make_unique<Group>();
    group->spec = spec;
    BotConfig cfg;
    cfg.host = "127.0.0.1";
    cfg.port = port_;
    cfg.count = spec.count;
    cfg.venue = spec.venue;
    cfg.durationSeconds = 1e9;  // until stop()
    cfg.chat = spec.chat;
    cfg.chatText = spec.chatText;
    cfg.givenNames = spec.givenNames;
    cfg.voice = spec.voice;
    cfg.seed = spec.seed;
    cfg.centreX = spec.centreX;
    cfg.centreZ = spec.centreZ;
    cfg.areaMetres = spec.areaMetres;
    if (spec.role != Role::Visitor) cfg.ticket = ticket(spec.venue, spec.role, std::string(toString(spec.role)) + " bot");
    Group* g = group.get();
    g->thread = std::thread([this, g, cfg] { g->report = runBots(cfg, &botsStop_); });
    groups_.push_back(std::move(group));
}

std::vector<InstanceCensus> VenueHost::census() const {
    std::lock_guard lock(mutex_);
    return census_;
}

bool VenueHost::waitForParticipants(std::size_t sessions, double timeoutSeconds) const {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds);
    for (;;) {
        std::size_t n = 0;
        for (const auto& c : census()) n += c.avatars + c.spectators;
        if (n >= sessions) return true;
        if (std::chrono::steady_clock::now() >= end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

VenueHostSummary VenueHost::stop() {
    if (stopped_) return summary_;
    stopped_ = true;
    summary_.census = census();  // before the bots leave
    botsStop_ = true;
    for (auto& g : groups_) {
        if (g->thread.joinable()) g->thread.join();
        summary_.groups.push_back(g->spec);
        summary_.reports.push_back(g->report);
        summary_.poseLatencyP99Ms = std::max(summary_.poseLatencyP99Ms, g->report.latencyP99Ms);
    }
    relayStop_ = true;
    if (relayThread_.joinable()) relayThread_.join();
    if (relay_) {
        summary_.relayTickP99Ms = static_cast<double>(relay_->metrics().tickTimes.percentile(0.99)) / 1000.0;
        summary_.relayTicks = relay_->metrics().ticks;
    }
    return summary_;
}

std::string VenueHostSummary::toJson() const {
    using nlohmann::json;
    json venues = json::object();
    for (const InstanceCensus& c : census) {
        json& v = venues[c.venue];
        if (v.is_null()) v = {{"visitors", 0}, {"spectators", 0}, {"instances", json::array()}};
        v["visitors"] = v["visitors"].get<std::size_t>() + c.avatars;
        v["spectators"] = v["spectators"].get<std::size_t>() + c.spectators;
        v["instances"].push_back({{"instance", c.instance}, {"visitors", c.avatars}, {"spectators", c.spectators}});
    }
    json bots = json::array();
    for (std::size_t i = 0; i < groups.size() && i < reports.size(); ++i) {
        const BotReport& r = reports[i];
        bots.push_back({{"venue", groups[i].venue},
                        {"role", std::string(toString(groups[i].role))},
                        {"count", groups[i].count},
                        {"connected", r.connected},
                        {"failed", r.failed},
                        {"pose_latency_ms", {{"p50", r.latencyP50Ms}, {"p99", r.latencyP99Ms}, {"samples", r.latencySamples}}}});
    }
    const json out = {{"venues", venues},
                      {"relay_tick_p99_ms", relayTickP99Ms},
                      {"relay_ticks", relayTicks},
                      {"pose_latency_p99_ms", poseLatencyP99Ms},
                      {"bot_groups", bots}};
    return out.dump(1, ' ', false, json::error_handler_t::replace);
}

}  // namespace places::net
