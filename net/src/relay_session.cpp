#include "places/net/relay_session.hpp"

#include <cmath>
#include <cstdio>

#include "places/net/ticket.hpp"

namespace places::net {
namespace {

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", s);
    return buf;
}

}  // namespace

Result<std::unique_ptr<RelaySession>> RelaySession::open(RelaySessionConfig config, const Clock& clock) {
    Result<std::unique_ptr<RelaySession>> out;
    const SourceLocation where{"relay " + config.host + ":" + std::to_string(config.port)};
    if (!config.ticket.empty()) {
        const TicketCheck check = readTicket(config.ticket);
        if (!check.ticket) {
            out.diagnostics.error(where, "the ticket is unusable: " + check.detail);
            return out;
        }
        if (!config.venue.empty() && check.ticket->venue != config.venue) {
            out.diagnostics.error(where, "the ticket admits to venue '" + check.ticket->venue + "', but the scene is venue '" +
                                             config.venue + "'");
            return out;
        }
    } else if (config.venue.empty()) {
        out.diagnostics.error(where, "an anonymous join needs a venue");
        return out;
    }
    auto net = ENetTransport::client(1);
    if (!net) {
        out.diagnostics = std::move(net.diagnostics);
        return out;
    }
    std::unique_ptr<RelaySession> session(new RelaySession(std::move(config), std::move(*net), clock));
    session->peer_ = session->net_->connect(session->config_.host, session->config_.port);
    if (session->peer_ == kNoPeer) {
        out.diagnostics.error(where, "the host name does not resolve");
        return out;
    }
    session->net_->flush();
    out.value = std::move(session);
    return out;
}

RelaySession::RelaySession(RelaySessionConfig config, std::unique_ptr<ENetTransport> net, const Clock& clock)
    : config_(std::move(config)), net_(std::move(net)), clock_(clock), startedMicros_(clock.nowMicros()) {
    ClientConfig cc;
    cc.ticket = config_.ticket;
    if (cc.ticket.empty()) {
        cc.venue = config_.venue;
        cc.name = config_.name;
    }
    cc.spectate = config_.spectate;
    cc.poseRateHz = config_.poseRateHz;
    cc.interpolationDelayMs = config_.interpolationDelayMs;
    client_ = std::make_unique<Client>(std::move(cc), *net_, clock_);
}

RelaySession::~RelaySession() {
    leave();
    // ENet completes the disconnect only while serviced; a short, bounded wait
    // (a lost Bye costs the relay nothing but its timeout).
    if (peer_ == kNoPeer || !connected_) return;
    net_->disconnect(peer_);
    const std::uint64_t until = clock_.nowMicros() + 300'000;
    TransportEvent e;
    while (clock_.nowMicros() < until) {
        if (net_->poll(e, 10) && e.kind == TransportEventKind::Disconnected && e.peer == peer_) break;
    }
}

std::string RelaySession::address() const { return config_.host + ":" + std::to_string(config_.port); }

std::optional<std::uint32_t> RelaySession::roundTripMs() const {
    if (!connected_ || state_ != SessionState::Joined) return std::nullopt;
    return net_->roundTripMs(peer_);
}

void RelaySession::fail(SessionState state, std::string text) {
    if (state_ == SessionState::Failed || state_ == SessionState::Ended || state_ == SessionState::Left) return;
    state_ = state;
    error_ = "relay " + address() + ": " + std::move(text);
}

void RelaySession::service() {
    if (state_ != SessionState::Connecting && state_ != SessionState::Joined) return;
    TransportEvent e;
    while (net_->poll(e, 0)) {
        if (e.peer != peer_) continue;
        if (e.kind == TransportEventKind::Connected) {
            connected_ = true;
            client_->start(peer_);
        }
        client_->handle(e);
        checkState();
        if (e.kind == TransportEventKind::Disconnected) {
            connected_ = false;
            break;
        }
    }
    if (state_ == SessionState::Connecting) {
        const double waited = static_cast<double>(clock_.nowMicros() - startedMicros_) * 1e-6;
        if (waited >= config_.connectTimeoutSeconds) {
            if (connected_)
                fail(SessionState::Failed, "connected, but no Welcome within " + seconds(config_.connectTimeoutSeconds) +
                                               " (is it a Places relay?)");
            else
                fail(SessionState::Failed, "no answer within " + seconds(config_.connectTimeoutSeconds) +
                                               " (is the relay running, and is UDP port " +
                                               std::to_string(config_.port) + " reachable?)");
            // Stop ENet's own retries; nothing is connected to leave.
            net_->disconnect(peer_);
        }
    }
    if (state_ == SessionState::Joined) client_->update();
    net_->flush();
}

void RelaySession::checkState() {
    const Client& c = *client_;
    switch (c.state()) {
        case ClientState::Joined:
            if (state_ != SessionState::Connecting) break;
            if (c.welcome() && c.welcome()->version != kProtocolVersion) {
                fail(SessionState::Failed, "speaks protocol version " + std::to_string(c.welcome()->version) +
                                               ", this client speaks version " + std::to_string(kProtocolVersion));
                client_->leave();
                break;
            }
            state_ = SessionState::Joined;
            break;
        case ClientState::Refused: {
            const Refuse& r = *c.refusal();
            if (r.reason == RefuseReason::VersionMismatch)
                fail(SessionState::Failed, "speaks protocol version " + std::to_string(r.relayVersion) +
                                               ", this client speaks version " + std::to_string(kProtocolVersion));
            else
                fail(SessionState::Failed, "refused to let us in: " + std::string(toString(r.reason)) +
                                               (r.text.empty() ? "" : " (" + r.text + ")"));
            break;
        }
        case ClientState::Disconnected:
            if (state_ == SessionState::Connecting) {
                fail(SessionState::Failed, connected_ ? "closed the connection during the handshake"
                                                      : "unreachable (the connection was not accepted)");
            } else if (const auto& d = c.disconnectNotice()) {
                fail(SessionState::Ended, "ended the session: " + std::string(toString(d->reason)) +
                                              (d->text.empty() ? "" : " (" + d->text + ")"));
            } else {
                fail(SessionState::Ended, "connection lost");
            }
            break;
        case ClientState::Idle:
        case ClientState::Connecting: break;
    }
}

void RelaySession::leave() {
    if (state_ != SessionState::Joined) return;
    client_->leave();
    state_ = SessionState::Left;
}

}  // namespace places::net
