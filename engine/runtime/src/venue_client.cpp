#include "places/runtime/venue_client.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <nlohmann/json.hpp>

namespace places::runtime {

namespace {

render::AvatarPose toRender(const net::Pose& p) { return {p.position, p.orientation}; }

std::uint8_t srgbByte(float linear) {
    const float c = std::clamp(linear, 0.0f, 1.0f);
    const float s = c <= 0.0031308f ? 12.92f * c : 1.055f * std::pow(c, 1.0f / 2.4f) - 0.055f;
    return static_cast<std::uint8_t>(std::lround(s * 255.0f));
}

}  // namespace

std::uint32_t srgbSwatch(const glm::vec3& linear) {
    return render::packRgba8(srgbByte(linear.r), srgbByte(linear.g), srgbByte(linear.b));
}

render::AvatarRole toAvatarRole(net::Role role) {
    switch (role) {
        case net::Role::Host: return render::AvatarRole::Host;
        case net::Role::Moderator: return render::AvatarRole::Moderator;
        case net::Role::Exhibitor: return render::AvatarRole::Exhibitor;
        case net::Role::Spectator: return render::AvatarRole::Spectator;
        case net::Role::Visitor: break;
    }
    return render::AvatarRole::Visitor;
}

std::string VenueClientSummary::toJson() const {
    nlohmann::ordered_json j;
    j["joined"] = joined;
    j["role"] = role;
    j["participants_seen"] = participantsSeen;
    j["avatars_drawn_max"] = avatarsDrawnMax;
    j["frames"] = frames;
    j["snapshots"] = snapshots;
    j["chat_received"] = chatReceived;
    j["voice_frames_sent"] = voiceFramesSent;
    j["voice_frames_received"] = voiceFramesReceived;
    j["voice_on"] = voiceOn;
    j["speaking_max"] = speakingMax;
    if (!error.empty()) j["error"] = error;
    return j.dump();
}

Result<std::unique_ptr<VenueClient>> VenueClient::connect(VenueClientConfig config, const net::Clock& clock) {
    Result<std::unique_ptr<VenueClient>> result;
    auto session = net::RelaySession::open(config.session, clock);
    result.diagnostics.append(session.diagnostics);
    if (!session.value) return result;
    result.value.emplace(new VenueClient(std::move(config), std::move(*session.value), clock));
    return result;
}

VenueClient::VenueClient(VenueClientConfig config, std::unique_ptr<net::RelaySession> session,
                         const net::Clock& clock)
    : config_(std::move(config)), session_(std::move(session)), clock_(clock) {
    // The client calls back from inside service(), i.e. from update().
    session_->client().onVoice = [this](const net::VoiceFrame& f) { receiveVoice(f); };
    session_->client().onFairNotice = [this](const net::FairNotice& n) {
        toasts_.observe(n, session_->client().fair(), double(clock_.nowMicros()) * 1e-6);
    };
}

bool VenueClient::sendVoice(const audio::EncodedFrame& frame) {
    if (!joined()) return false;
    return session_->client().sendVoice(frame.sequence, frame.captureMicros, net::quantizeLoudness(frame.loudnessDbfs),
                                        frame.opus);
}

void VenueClient::receiveVoice(const net::VoiceFrame& f) {
    const std::optional<std::uint32_t> relayNow = session_->client().relayTimeMs();
    if (!relayNow) return;  // cannot happen after the Welcome; nothing to time it by before
    // The frame's age in the relay's clock (both wrap at 2^32 ms) moved onto ours.
    const std::uint32_t age = *relayNow - f.captureTimeMs;
    const auto nowMs = static_cast<std::uint32_t>(clock_.nowMicros() / 1000);
    if (voiceIn_.size() >= kMaxPendingVoice) {
        voiceIn_.erase(voiceIn_.begin());
        ++voiceOverflow_;
    }
    voiceIn_.push_back({f.speaker, f.seq, nowMs - age, f.opus});
}

std::vector<audio::VoicePacket> VenueClient::takeVoice() {
    std::vector<audio::VoicePacket> out;
    out.swap(voiceIn_);
    return out;
}

void VenueClient::update() {
    session_->service();
    presence_.update(session_->client(), clock_.nowMicros());
    if (joined()) {
        everJoined_ = true;
        if (const auto r = role()) joinedRole_ = std::string(net::toString(*r));
    }
    const auto& welcome = session_->client().welcome();
    for (const auto& [id, p] : session_->client().participants()) {
        if (welcome && id == welcome->you) continue;
        const auto at = std::lower_bound(seen_.begin(), seen_.end(), id);
        if (at == seen_.end() || *at != id) seen_.insert(at, id);
    }
}

void VenueClient::setPose(const net::AvatarPose& pose) {
    if (hasAvatar()) session_->setPose(pose);
}

void VenueClient::say(std::string_view text) {
    if (joined() && !text.empty()) session_->sendChat(text);
}

std::optional<net::Role> VenueClient::role() const {
    const auto& welcome = session_->client().welcome();
    if (!welcome) return std::nullopt;
    return welcome->role;
}

bool VenueClient::hasAvatar() const {
    const auto r = role();
    return r && net::hasAvatar(*r);
}

std::vector<render::AvatarState> VenueClient::avatarStates() const {
    std::vector<render::AvatarState> states;
    states.reserve(presence_.avatars().size());
    for (const net::PresenceAvatar& a : presence_.avatars()) {
        render::AvatarState s;
        s.id = a.id;
        s.head = toRender(a.pose.head);
        s.leftHand = toRender(a.pose.leftHand);
        s.rightHand = toRender(a.pose.rightHand);
        s.colour = a.colour;
        s.role = toAvatarRole(a.role);
        s.name = a.name;
        s.alpha = a.alpha;
        states.push_back(std::move(s));
    }
    return states;
}

std::optional<net::AvatarPose> VenueClient::findAvatar(std::string_view name) const {
    for (const net::PresenceAvatar& a : presence_.avatars())
        if (a.name == name) return a.pose;
    return std::nullopt;
}

std::vector<std::string> VenueClient::avatarNames() const {
    std::vector<std::string> names;
    for (const net::PresenceAvatar& a : presence_.avatars()) names.push_back(a.name);
    return names;
}

ui::PanelModel VenueClient::panelModel(std::string status, std::string help) const {
    ui::PanelModel m;
    const net::Client& client = session_->client();
    const auto& welcome = client.welcome();
    m.venue = config_.venueTitle.empty() ? config_.session.venue : config_.venueTitle;
    m.instance = welcome && joined() ? int(welcome->instance) : -1;
    if (welcome) m.role = std::string(net::toString(welcome->role));
    switch (session_->state()) {
        case net::SessionState::Connecting: m.connection = "connecting to " + session_->address(); break;
        case net::SessionState::Joined: m.connection = "connected to " + session_->address(); break;
        case net::SessionState::Left: m.connection = "left the venue"; break;
        case net::SessionState::Failed:
        case net::SessionState::Ended: m.connection = "disconnected: " + session_->error(); break;
    }
    if (const auto rtt = session_->roundTripMs()) m.roundTripMs = double(*rtt);
    m.people = client.participants().size();
    for (const auto& [id, p] : client.participants()) {
        ui::PersonLine line;
        line.name = p.name;
        line.role = std::string(net::toString(p.role));
        line.colour = srgbSwatch(net::participantColour(id));
        line.you = welcome && id == welcome->you;
        m.roster.push_back(std::move(line));
    }
    for (const net::ChatFrom& c : client.chat()) {
        ui::ChatLine line;
        if (c.from != net::kRelayParticipant) {
            const auto p = client.participants().find(c.from);
            if (p != client.participants().end()) {
                line.from = p->second.name;
            } else {  // left before its line arrived
                line.from = "#";
                line.from += std::to_string(c.from);
            }
        }
        line.text = c.text;
        m.chat.push_back(std::move(line));
    }
    for (const net::PresenceNotice& n : presence_.notices()) m.notices.push_back(n.text);
    for (std::string& t : toasts_.current(double(clock_.nowMicros()) * 1e-6)) m.notices.push_back(std::move(t));
    const net::FairView& fair = client.fair();
    if (config_.fair || !fair.booths.empty() || !fair.now.empty())
        m.fair = fairPanel(static_cast<std::int64_t>(std::time(nullptr)));
    m.status = std::move(status);
    m.help = std::move(help);
    return m;
}

ui::FairPanelModel VenueClient::fairPanel(std::int64_t nowUnix) const {
    const net::Client& client = session_->client();
    ui::FairPanelInput in;
    in.view = &client.fair();
    if (const auto& welcome = client.welcome()) {
        in.role = welcome->role;
        in.you = welcome->you;
    }
    for (const auto& [id, p] : client.participants()) in.names[id] = p.name;
    in.stages = config_.stages;
    in.booths = config_.booths;
    in.nowUnix = nowUnix;
    in.where = "You are at: ";
    in.where += config_.venueTitle.empty() ? config_.session.venue : config_.venueTitle;
    return ui::buildFairPanel(in);
}

void VenueClient::arrived(std::string venueId, std::string title, std::vector<scenes::StageSchedule> stages,
                          std::vector<scenes::Booth> booths, bool fair) {
    config_.session.venue = std::move(venueId);
    config_.venueTitle = std::move(title);
    config_.stages = std::move(stages);
    config_.booths = std::move(booths);
    config_.fair = fair;
}

void VenueClient::countFrame(std::size_t avatarsDrawn, std::size_t speaking, bool voiceOn) {
    ++frames_;
    avatarsDrawnMax_ = std::max(avatarsDrawnMax_, avatarsDrawn);
    speakingMax_ = std::max(speakingMax_, speaking);
    voiceOn_ = voiceOn_ || voiceOn;
}

VenueClientSummary VenueClient::summary() const {
    VenueClientSummary s;
    s.joined = everJoined_;
    s.role = joinedRole_;
    s.participantsSeen = seen_.size();
    s.avatarsDrawnMax = avatarsDrawnMax_;
    s.speakingMax = speakingMax_;
    s.voiceOn = voiceOn_;
    s.frames = frames_;
    s.snapshots = session_->client().stats().snapshots;
    s.voiceFramesSent = session_->client().stats().voiceFramesOut;
    s.voiceFramesReceived = session_->client().stats().voiceFramesIn;
    s.chatReceived = session_->client().stats().chatFromOthers;
    s.error = session_->error();
    return s;
}

}  // namespace places::runtime
