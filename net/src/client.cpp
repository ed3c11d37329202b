#include "places/net/client.hpp"

#include <algorithm>
#include <cmath>

namespace places::net {

Client::Client(ClientConfig config, Transport& transport, const Clock& clock)
    : config_(std::move(config)), transport_(transport), clock_(clock) {}

void Client::start(PeerId peer) {
    peer_ = peer;
    state_ = ClientState::Connecting;
    disconnect_.reset();
    Hello hello;
    hello.ticket = config_.ticket;
    if (hello.ticket.empty()) {
        hello.venue = config_.venue;
        hello.name = config_.name;
    }
    hello.spectate = config_.spectate;
    if (welcome_) hello.resume = welcome_->resumeToken;
    send(hello);
    transport_.flush();
}

void Client::send(const Message& m) {
    if (peer_ == kNoPeer) return;
    buffer_.clear();
    encodeMessage(m, buffer_);
    transport_.send(peer_, channelOf(typeOf(m)), buffer_);
    stats_.bytesOut += buffer_.size();
    ++stats_.messagesOut;
}

void Client::handle(const TransportEvent& event) {
    if (event.peer != peer_) return;
    switch (event.kind) {
        case TransportEventKind::Connected: break;
        case TransportEventKind::Disconnected:
            if (state_ != ClientState::Refused) state_ = ClientState::Disconnected;
            peer_ = kNoPeer;
            break;
        case TransportEventKind::Received: {
            stats_.bytesIn += event.data.size();
            ++stats_.messagesIn;
            const auto decoded = decodeMessage(event.data);
            // The relay is trusted no more than a client is: bad bytes are counted, not used.
            if (!decoded || isClientMessage(typeOf(*decoded.value))) {
                ++stats_.malformed;
                return;
            }
            onMessage(*decoded.value);
            break;
        }
    }
}

void Client::onMessage(const Message& m) {
    std::visit(
        [&](const auto& msg) {
            using T = std::decay_t<decltype(msg)>;
            if constexpr (std::is_same_v<T, Welcome>) {
                welcome_ = msg;
                state_ = ClientState::Joined;
                lastPoseWait_ = kNoPoseWait;  // a resumed session's waits start afresh
                observeRelayTime(msg.serverTimeMs);
                // The relay resends the whole roster after every Welcome.
                participants_.clear();
                ++rosterVersion_;
                receiver_.reset();
            } else if constexpr (std::is_same_v<T, Refuse>) {
                refusal_ = msg;
                state_ = ClientState::Refused;
            } else if constexpr (std::is_same_v<T, Roster>) {
                onRoster(msg);
            } else if constexpr (std::is_same_v<T, Snapshot>) {
                onSnapshot(msg);
            } else if constexpr (std::is_same_v<T, ChatFrom>) {
                ++stats_.chatIn;
                if (!welcome_ || msg.from != welcome_->you) ++stats_.chatFromOthers;
                if (chat_.size() == kChatKept) chat_.pop_front();
                chat_.push_back(msg);
            } else if constexpr (std::is_same_v<T, EventFrom>) {
                events_.push_back(msg);
            } else if constexpr (std::is_same_v<T, ModerationNotice>) {
                moderation_.push_back(msg);
            } else if constexpr (std::is_same_v<T, Disconnect>) {
                disconnect_ = msg;
            } else if constexpr (std::is_same_v<T, FairNotice>) {
                fair_.apply(msg);
                if (onFairNotice) onFairNotice(msg);
            } else if constexpr (std::is_same_v<T, VoiceFrom>) {
                ++stats_.voiceFramesIn;
                if (onVoice) onVoice(msg.frame);
            }
        },
        m);
}

void Client::onRoster(const Roster& r) {
    ++rosterVersion_;
    for (const auto& e : r.entries) {
        if (e.op == RosterOp::Leave) {
            participants_.erase(e.id);
            receiver_.forget(e.id);
            continue;
        }
        RemoteParticipant& p = participants_[e.id];
        p = RemoteParticipant{};
        p.id = e.id;
        p.role = e.role;
        p.name = e.name;
        p.hasAvatar = (e.flags & kRosterHasAvatar) != 0;
        receiver_.forget(e.id);
    }
}

void Client::onSnapshot(const Snapshot& s) {
    if (!welcome_) return;
    ++stats_.snapshots;
    observeRelayTime(s.serverTimeMs);
    snapshotServerTimeMs_ = s.serverTimeMs;
    lastPoseWait_ = s.poseWait;
    if (s.poseWait != kNoPoseWait) alignPoses(s.poseWait);
    updates_.clear();
    receiver_.apply(s, updates_);
    stats_.unresolvedEntries = receiver_.unresolved();
    for (const auto& u : updates_) {
        if (!config_.interpolate) {
            if (onAvatarUpdate) onAvatarUpdate(u);
            continue;
        }
        auto it = participants_.find(u.id);
        if (it != participants_.end()) {
            it->second.poseTimeMs = u.poseTimeMs;
            it->second.lastUpdateMicros = clock_.nowMicros();
            it->second.motion.push(s.serverTimeMs, dequantize(u.state, welcome_->bounds));
        }
        if (onAvatarUpdate) onAvatarUpdate(u);
    }
}

void Client::observeRelayTime(std::uint32_t serverTimeMs) {
    const double localMs = static_cast<double>(clock_.nowMicros()) / 1000.0;
    const double offset = static_cast<double>(serverTimeMs) - localMs;
    serverOffsetMs_ = serverOffsetMs_ ? std::max(*serverOffsetMs_, offset) : offset;
}

std::uint32_t Client::poseWaitTarget() const {
    const std::uint32_t id = welcome_ ? welcome_->you : 0;
    // Multiplicative hashing spreads consecutive ids over the whole spread.
    return kPoseWaitMarginUs + static_cast<std::uint32_t>((id * 2654435761u) % kPoseWaitSpreadUs);
}

void Client::alignPoses(std::uint16_t poseWait) {
    if (!config_.alignPosesToTick || !welcome_ || welcome_->tickRateHz == 0 || nextPoseUs_ == 0) return;
    const auto interval = static_cast<std::int64_t>(poseIntervalUs());
    const auto period = static_cast<std::int64_t>(1'000'000 / welcome_->tickRateHz);
    // Only a cadence that puts a pose before every tick can be aimed at the ticks.
    if (interval > period || config_.poseRateHz % welcome_->tickRateHz != 0) return;
    // A pose that arrived just after a tick waited almost a whole period: that is
    // "late by a little", not "early by a lot". Poses interval apart are
    // interchangeable, so the error is taken modulo the interval, nearest to zero.
    std::int64_t error = static_cast<std::int64_t>(poseWait) * 100 - poseWaitTarget();
    error %= interval;
    if (error > interval / 2) error -= interval;
    if (error <= -interval / 2) error += interval;
    // Half of the error per report: the report comes a tick later, when the next
    // pose may already be on its way with the same error, so a full step would
    // correct twice; half a step settles within a few ticks and smooths jitter.
    auto next = static_cast<std::int64_t>(nextPoseUs_) + error / 2;
    // Never two poses closer than half an interval (the relay's rate limit
    // allows bursts, but a pose so close to the last adds nothing).
    next = std::max(next, static_cast<std::int64_t>(lastPoseUs_) + interval / 2);
    nextPoseUs_ = static_cast<std::uint64_t>(std::max<std::int64_t>(next, 1));
}

std::optional<std::uint32_t> Client::relayTimeMs() const {
    if (!serverOffsetMs_) return std::nullopt;
    // The relay's clock is its steady clock in ms, truncated to 32 bits.
    return static_cast<std::uint32_t>(static_cast<std::int64_t>(std::floor(serverNowMs())));
}

bool Client::sendVoice(std::uint16_t seq, std::uint64_t captureMicros, std::uint8_t loudness,
                       std::span<const std::byte> opus) {
    if (state_ != ClientState::Joined || !serverOffsetMs_ || opus.empty() || opus.size() > kMaxVoicePayloadBytes)
        return false;
    Voice v;
    v.frame.seq = seq;
    const double relayMs = static_cast<double>(captureMicros) / 1000.0 + *serverOffsetMs_;
    v.frame.captureTimeMs = static_cast<std::uint32_t>(static_cast<std::int64_t>(std::floor(relayMs)));
    v.frame.loudness = std::min(loudness, kLoudnessFullScale);
    v.frame.opus.assign(opus.begin(), opus.end());
    send(v);
    ++stats_.voiceFramesOut;
    return true;
}

double Client::serverNowMs() const {
    return static_cast<double>(clock_.nowMicros()) / 1000.0 + serverOffsetMs_.value_or(0.0);
}

std::optional<AvatarPose> Client::avatarPose(ParticipantId id) const {
    auto it = participants_.find(id);
    if (it == participants_.end()) return std::nullopt;
    return it->second.motion.sample(serverNowMs() - config_.interpolationDelayMs);
}

bool Client::poseDue() const { return state_ == ClientState::Joined && clock_.nowMicros() >= nextPoseUs_; }

void Client::update() {
    if (state_ != ClientState::Joined) return;
    const std::uint64_t now = clock_.nowMicros();
    if (now < nextPoseUs_) return;
    const std::uint64_t interval = poseIntervalUs();
    if (nextPoseUs_ == 0) nextPoseUs_ = now;  // the first pose sets the cadence's phase
    // Keep the cadence on its grid, and after a stall skip the slots missed
    // instead of sending them in a burst or restarting the grid at `now`: a
    // restart moves the phase to the end of whatever stalled the program, so
    // clients that stall on the relay's burst of snapshots (the bots, many per
    // thread) end up sending in step with the relay's tick.
    nextPoseUs_ += interval * ((now - nextPoseUs_) / interval + 1);
    lastPoseUs_ = now;
    PoseUpdate p;
    p.seq = ++poseSeq_;
    p.ackSnapshot = receiver_.acks().latest();
    p.ackMask = receiver_.acks().mask();
    p.sendTimeMs = static_cast<std::uint32_t>(now / 1000);
    p.state = quantize(pose_, welcome_->bounds);
    send(p);
}

void Client::sendChat(std::string_view text) {
    if (text.empty()) return;
    send(Chat{std::string(text.substr(0, kMaxChatBytes))});
}

void Client::sendEvent(std::uint16_t kind, std::span<const std::byte> payload) {
    send(Event{kind, {payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(std::min(payload.size(), kMaxEventPayloadBytes))}});
}

void Client::moderate(ModerationAction action, ParticipantId target, std::string_view reason) {
    send(Moderate{action, target, std::string(reason.substr(0, kMaxReasonBytes))});
}

void Client::leave() {
    send(Bye{});
    transport_.flush();
    welcome_.reset();  // no resume after leaving on purpose
    state_ = ClientState::Disconnected;
}

}  // namespace places::net

namespace places::net {

bool Client::sendFair(FairOp op, std::string_view key, std::uint16_t target, std::string_view text) {
    if (state_ != ClientState::Joined || key.size() > kMaxFairKeyBytes || text.size() > kMaxChatBytes) return false;
    send(Fair{op, std::string(key), target, std::string(text)});
    return true;
}

}  // namespace places::net
