#include "places/runtime/venue_layer.hpp"

#include <algorithm>
#include <cmath>

#include <glm/trigonometric.hpp>

#include "places/runtime/voice_link.hpp"

namespace places::runtime {

void VenueLayer::update(const render::Camera& camera, double timeSeconds) {
    update(desktopVisitorPose(camera, timeSeconds));
}

void VenueLayer::update(const net::AvatarPose& self) {
    if (client_.hasAvatar()) client_.setPose(self);
    listener_ = {self.head.position, self.head.orientation};
    // Capture times on the client's clock: the relay moves them onto its own
    // and listeners onto theirs, so mouth-to-ear is measured end to end.
    if (voice_) sendVoice(voice_->capture(client_.nowMicros()));
    client_.update();
    if (client_.joined() && client_.hasAvatar()) {
        const double seconds = double(client_.nowMicros()) * 1e-6;
        if (const auto portal = portals_.step(glm::dvec3(self.head.position), seconds))
            if (client_.client().enterPortal(*portal)) ++portalsEntered_;
    }
    const net::FairView& fair = client_.client().fair();
    if (fair.moves != movesSeen_) {
        movesSeen_ = fair.moves;
        arrival_ = PortalArrival{fair.venue, fair.spawn, portals_.sceneFor(fair.venue)};
    }
    avatars_ = client_.avatarStates();
    const std::vector<audio::VoicePacket> received = client_.takeVoice();  // dropped when voice is off
    if (!voice_) return;
    for (const audio::VoicePacket& packet : received) voice_->receive(packet);
    linkVoices(*voice_, listener_, avatars_);
}

bool VenueLayer::enableVoice(const VoiceOptions& options, const char* who) {
    voice_ = openVoice(options, who);
    return voice_.has_value();
}

void VenueLayer::speak(std::span<const float> pcm) {
    if (!voice_) return;
    const std::uint64_t now = client_.nowMicros();
    const std::uint64_t span = std::uint64_t(pcm.size()) * 1000000u / audio::kSampleRateHz;
    sendVoice(voice_->push(pcm, now - std::min(now, span)));
}

void VenueLayer::sendVoice(const std::vector<audio::EncodedFrame>& frames) {
    if (microphoneMuted_) return;
    for (const audio::EncodedFrame& f : frames)
        if (!client_.sendVoice(f)) ++voiceFramesUnsent_;
}

void VenueLayer::addContent(const render::FrameViews& views, const FrameExtent& extent, double seconds,
                            const std::string& status, const std::string& help, bool drawPanel,
                            FrameContent& content) {
    avatarsDrawn_ = presenter_.present(avatars_, views, double(extent.height), content);
    const auto speaking = std::size_t(
        std::count_if(avatars_.begin(), avatars_.end(), [](const render::AvatarState& a) { return a.speaking; }));
    client_.countFrame(avatarsDrawn_, speaking, voice_.has_value());
    if (!panel_) return;
    // The panel runs every frame (typed chat, notices) even when not drawn.
    const ui::PanelActions actions =
        panel_->frame(client_.panelModel(status, help), extent.width, extent.height, seconds);
    for (const std::string& line : actions.chatToSend)
        if (!moderate(line)) client_.say(line);
    for (const ui::FairAction& a : actions.fair) ui::performFairAction(a, client_.client());
    if (drawPanel && !panel_->drawList().empty()) content.ui = &panel_->drawList();
}

bool VenueLayer::moderate(const std::string& line) {
    net::ModerationAction action;
    std::string name;
    if (line.rfind("/mute ", 0) == 0) {
        action = net::ModerationAction::Mute;
        name = line.substr(6);
    } else if (line.rfind("/unmute ", 0) == 0) {
        action = net::ModerationAction::Unmute;
        name = line.substr(8);
    } else {
        return false;
    }
    // The relay refuses it from anyone but a moderator or host and says so.
    for (const auto& [id, p] : client_.client().participants())
        if (p.name == name) {
            client_.client().moderate(action, id, "moderator");
            return true;
        }
    return false;  // nobody by that name: it stays a chat line, so the typist sees it went nowhere
}

void VenueLayer::setPortals(const std::string& sceneFile, const RenderScene& scene) {
    portals_.setScene(sceneFile, scene.zones, scene.portals);
}

std::optional<PortalArrival> VenueLayer::takeArrival() {
    std::optional<PortalArrival> out;
    out.swap(arrival_);
    return out;
}

void VenueLayer::arrive(const std::string& sceneFile, const RenderScene& scene, const render::AvatarModels& models) {
    presenter_ = AvatarPresenter(models);
    setPortals(sceneFile, scene);
    client_.arrived(scene.venueId, scene.title.empty() ? scene.venueId : scene.title, scene.events, scene.booths,
                    !scene.events.empty() || !scene.booths.empty() || !scene.portals.empty());
}

void VenueLayer::followNext() {
    const std::vector<std::string> names = client_.avatarNames();
    if (names.empty()) {
        following_.clear();
        return;
    }
    const auto at = std::find(names.begin(), names.end(), following_);
    following_ = (at == names.end() || at + 1 == names.end()) ? names.front() : *(at + 1);
}

std::optional<render::Camera> VenueLayer::followCamera() const {
    if (following_.empty()) return std::nullopt;
    const std::optional<net::AvatarPose> pose = client_.findAvatar(following_);
    if (!pose) return std::nullopt;
    const glm::vec3 f = pose->head.orientation * glm::vec3(0.0f, 0.0f, -1.0f);
    // The heading the followed head looks along (compass: clockwise from north = -z).
    const double yawDeg = glm::degrees(std::atan2(double(f.x), double(-f.z)));
    const glm::dvec3 ahead(std::sin(glm::radians(yawDeg)), 0.0, -std::cos(glm::radians(yawDeg)));
    render::Camera c;
    c.pose.position = glm::dvec3(pose->head.position) - ahead * 3.5 + glm::dvec3(0.0, 0.9, 0.0);
    c.pose.yawDeg = std::fmod(yawDeg + 360.0, 360.0);
    c.pose.pitchDeg = -12.0;
    return c;
}

}  // namespace places::runtime
