#include "places/net/presence.hpp"

#include <algorithm>
#include <cmath>

namespace places::net {
namespace {

glm::vec3 hsv(float h, float s, float v) {
    const float i = std::floor(h * 6.0f);
    const float f = h * 6.0f - i;
    const float p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
    switch (static_cast<int>(i) % 6) {
        case 0: return {v, t, p};
        case 1: return {q, v, p};
        case 2: return {p, v, t};
        case 3: return {p, q, v};
        case 4: return {t, p, v};
        default: return {v, p, q};
    }
}

std::string withReason(std::string text, const std::string& reason) {
    return reason.empty() ? text : text + " (" + reason + ")";
}

}  // namespace

glm::vec3 participantColour(ParticipantId id) {
    constexpr double kGolden = 0.6180339887498949;
    const double hue = std::fmod(static_cast<double>(id) * kGolden, 1.0);
    constexpr float kValue[3] = {0.95f, 0.78f, 0.62f};
    constexpr float kSaturation[3] = {0.55f, 0.7f, 0.65f};
    const unsigned step = (id / 7u) % 3u;  // neighbours share a step; their hues are far apart
    return hsv(static_cast<float>(hue), kSaturation[step], kValue[step]);
}

void Presence::notice(NoticeKind kind, std::string text, std::uint64_t now) {
    notices_.push_back({kind, std::move(text), now});
    while (notices_.size() > config_.maxNotices) notices_.pop_front();
}

std::string Presence::nameOf(ParticipantId id) const {
    auto it = known_.find(id);
    return it == known_.end() ? "participant " + std::to_string(id) : it->second.name;
}

void Presence::update(const Client& client, std::uint64_t now) {
    while (!notices_.empty() && now - notices_.front().atMicros > config_.noticeMs * 1000) notices_.pop_front();
    followConnection(client, now);
    followModeration(client, now);
    followRoster(client, now);

    avatars_.clear();
    // After the connection ended nothing moves any more: everyone fades out.
    float connectionAlpha = 1.0f;
    if (client.state() != ClientState::Joined) {
        if (!endedAtMicros_) endedAtMicros_ = now;
        const std::uint64_t since = now - *endedAtMicros_;
        if (since >= config_.fadeMs * 1000) return;
        connectionAlpha = 1.0f - static_cast<float>(since) / static_cast<float>(std::max<std::uint64_t>(config_.fadeMs, 1) * 1000);
    } else {
        endedAtMicros_.reset();
    }
    const ParticipantId self = client.welcome() ? client.welcome()->you : 0;
    const std::uint64_t timeoutUs = config_.timeoutMs * 1000, fadeUs = std::max<std::uint64_t>(config_.fadeMs, 1) * 1000;
    for (const auto& [id, p] : client.participants()) {
        if (id == self || !p.hasAvatar || p.lastUpdateMicros == 0) continue;
        const std::uint64_t silent = now > p.lastUpdateMicros ? now - p.lastUpdateMicros : 0;
        float alpha = 1.0f;
        if (silent > timeoutUs) {
            if (silent >= timeoutUs + fadeUs) continue;
            alpha = 1.0f - static_cast<float>(silent - timeoutUs) / static_cast<float>(fadeUs);
        }
        const auto pose = client.avatarPose(id);
        if (!pose) continue;
        avatars_.push_back({id, p.name, p.role, participantColour(id), *pose, alpha * connectionAlpha});
    }
}

void Presence::followConnection(const Client& client, std::uint64_t now) {
    const auto& w = client.welcome();
    if (w && (!haveWelcome_ || w->serverTimeMs != welcomeServerTimeMs_)) {
        haveWelcome_ = true;
        welcomeServerTimeMs_ = w->serverTimeMs;
        seeding_ = true;
        if (w->flags & kWelcomeResumed)
            notice(NoticeKind::Resumed, "reconnected (session resumed)", now);
        else
            notice(NoticeKind::Welcome,
                   "joined as " + std::string(toString(w->role)) + ", instance " + std::to_string(w->instance + 1), now);
    }
    const ClientState state = client.state();
    if (state == ClientState::Disconnected && lastState_ == ClientState::Joined) {
        if (const auto& d = client.disconnectNotice()) {
            if (d->reason == DisconnectReason::Shutdown)
                notice(NoticeKind::Shutdown, withReason("the relay shut down", d->text), now);
            else if (d->reason != DisconnectReason::Left)
                notice(NoticeKind::Ended, withReason("disconnected: " + std::string(toString(d->reason)), d->text), now);
        } else if (client.welcome()) {  // leave() forgets the Welcome: leaving on purpose is no news
            notice(NoticeKind::ConnectionLost, "connection to the relay lost", now);
        }
    }
    lastState_ = state;
}

void Presence::followModeration(const Client& client, std::uint64_t now) {
    const auto& list = client.moderation();
    if (moderationSeen_ > list.size()) moderationSeen_ = 0;
    for (; moderationSeen_ < list.size(); ++moderationSeen_) {
        const ModerationNotice& m = list[moderationSeen_];
        if (m.status != ModerationStatus::Done && m.status != ModerationStatus::AppliedToYou) continue;
        if (m.action != ModerationAction::Kick && m.action != ModerationAction::Ban) continue;
        const bool ban = m.action == ModerationAction::Ban;
        notice(ban ? NoticeKind::Banned : NoticeKind::Kicked,
               withReason(nameOf(m.target) + (ban ? " was banned by " : " was kicked by ") + nameOf(m.by), m.reason), now);
    }
}

void Presence::followRoster(const Client& client, std::uint64_t now) {
    if (rosterSeen_ == client.rosterVersion() && !seeding_) return;
    rosterSeen_ = client.rosterVersion();
    const auto& roster = client.participants();
    if (seeding_) {
        // The full roster follows the Welcome with the next tick (it holds this
        // client too, so it is never empty once it came).
        if (roster.empty()) return;
        known_.clear();
        for (const auto& [id, p] : roster) known_[id] = {p.name, p.role};
        seeding_ = false;
        return;
    }
    for (auto it = known_.begin(); it != known_.end();) {
        if (roster.count(it->first)) {
            ++it;
            continue;
        }
        notice(NoticeKind::Left, it->second.name + " left", now);
        it = known_.erase(it);
    }
    for (const auto& [id, p] : roster) {
        if (known_.count(id)) continue;
        known_[id] = {p.name, p.role};
        notice(NoticeKind::Joined,
               p.name + (p.role == Role::Visitor ? "" : " (" + std::string(toString(p.role)) + ")") + " joined", now);
    }
}

}  // namespace places::net
