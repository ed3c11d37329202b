#include "places/runtime/venue_layer.hpp"

#include <algorithm>
#include <cmath>

#include <glm/trigonometric.hpp>

#include "places/runtime/voice_link.hpp"

namespace places::runtime {

void VenueLayer::update(const render::Camera& camera, double timeSeconds) {
    update(desktopVisitorPose(camera, timeSeconds), timeSeconds);
}

void VenueLayer::update(const net::AvatarPose& self, double timeSeconds) {
    if (client_.hasAvatar()) client_.setPose(self);
    listener_ = {self.head.position, self.head.orientation};
    if (voice_) {
        const std::vector<audio::EncodedFrame> frames = voice_->capture(std::uint64_t(timeSeconds * 1e6));
        // The network side (issue 11) sends each with
        //   client.sendVoice(f.sequence, f.captureMicros, net::quantizeLoudness(f.loudnessDbfs), f.opus)
        // and feeds Client::onVoice frames to voice_->receive(toVoicePacket(frame)).
        voiceFramesUnsent_ += frames.size();
    }
    client_.update();
}

void VenueLayer::addContent(const render::FrameViews& views, const FrameExtent& extent, double seconds,
                            const std::string& status, const std::string& help, bool drawPanel,
                            FrameContent& content) {
    avatars_ = client_.avatarStates();
    if (voice_) linkVoices(*voice_, listener_, avatars_);
    avatarsDrawn_ = presenter_.present(avatars_, views, double(extent.height), content);
    client_.countFrame(avatarsDrawn_);
    if (!panel_) return;
    // The panel runs every frame (typed chat, notices) even when not drawn.
    const ui::PanelActions actions =
        panel_->frame(client_.panelModel(status, help), extent.width, extent.height, seconds);
    for (const std::string& line : actions.chatToSend) client_.say(line);
    if (drawPanel && !panel_->drawList().empty()) content.ui = &panel_->drawList();
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
