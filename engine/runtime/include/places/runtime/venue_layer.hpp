#pragma once
// What a joined venue adds to every frame of a front end, the same in a
// window and headless: the network turn (VenueClient::update), this visitor's
// pose from the camera, everyone else as avatars with name tags, the panel
// (its typed chat goes out), and the spectator's follow camera.
// Single-threaded: the frame loop's thread.
#include <optional>
#include <string>
#include <vector>

#include "places/audio/voice_session.hpp"
#include "places/runtime/avatar_presenter.hpp"
#include "places/runtime/venue_client.hpp"
#include "places/ui/panel.hpp"

namespace places::runtime {

class VenueLayer {
public:
    // `client` and `panel` (optional) must outlive the layer.
    VenueLayer(VenueClient& client, const render::AvatarModels& models, ui::Panel* panel)
        : client_(client), presenter_(models), panel_(panel) {}

    // Network in and out; sends this visitor's pose taken from `camera`.
    // Call before the views of the frame are made (a follow camera needs the
    // avatars' new poses).
    void update(const render::Camera& camera, double timeSeconds);
    // The same with this visitor's head and hands given (a headset tracks them).
    void update(const net::AvatarPose& self, double timeSeconds);

    // Avatars, name tags and (when `drawPanel`) the panel for these views.
    void addContent(const render::FrameViews& views, const FrameExtent& extent, double seconds,
                    const std::string& status, const std::string& help, bool drawPanel, FrameContent& content);

    // Spectators: the avatar followed (--follow NAME, Tab for the next one).
    void follow(std::string name) { following_ = std::move(name); }
    void followNext();
    const std::string& following() const { return following_; }
    // A camera behind and above the followed avatar, looking where it looks;
    // none when nobody is followed or the avatar is not (or no longer) there.
    std::optional<render::Camera> followCamera() const;

    // Voice (optional, must outlive the layer): each update captures the
    // microphone, each frame places the voices and lights the speaking rings.
    void setVoice(audio::VoiceSession* voice) { voice_ = voice; }
    // Microphone frames made but not sent: places_net does not carry voice yet.
    std::uint64_t voiceFramesUnsent() const { return voiceFramesUnsent_; }

    std::size_t avatarsDrawn() const { return avatarsDrawn_; }
    VenueClient& client() { return client_; }

private:
    VenueClient& client_;
    AvatarPresenter presenter_;
    ui::Panel* panel_;
    audio::VoiceSession* voice_ = nullptr;
    audio::HeadPose listener_;
    std::uint64_t voiceFramesUnsent_ = 0;
    std::vector<render::AvatarState> avatars_;  // this frame's, speaking flags set
    std::string following_;
    std::size_t avatarsDrawn_ = 0;
};

}  // namespace places::runtime
