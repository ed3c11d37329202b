#pragma once
// What a joined venue adds to every frame of a front end, the same in a
// window and headless: the network turn (VenueClient::update), this visitor's
// pose from the camera, everyone else as avatars with name tags, the panel
// (its typed chat goes out), the spectator's follow camera, and spatial voice
// (microphone frames out, the relay's frames into the mix at the avatars'
// heads, speaking rings). Every front end that joins a venue (desktop
// window, headless, headset) gets voice by using this layer.
// Single-threaded: the frame loop's thread.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "places/audio/voice_session.hpp"
#include "places/runtime/avatar_presenter.hpp"
#include "places/runtime/portal_walk.hpp"
#include "places/runtime/venue_client.hpp"
#include "places/runtime/voice_link.hpp"
#include "places/ui/panel.hpp"

namespace places::runtime {

class VenueLayer {
public:
    // `client` and `panel` (optional) must outlive the layer.
    VenueLayer(VenueClient& client, const render::AvatarModels& models, ui::Panel* panel)
        : client_(client), presenter_(models), panel_(panel) {}

    // Network in and out; sends this visitor's pose taken from `camera`
    // (desktop and headless) or `head` (a headset's tracked head), and with
    // voice on, the microphone's frames; the frames received go into the mix,
    // placed at the avatars' interpolated heads.
    // Call before the views of the frame are made (a follow camera needs the
    // avatars' new poses).
    void update(const render::Camera& camera, double timeSeconds);
    // The same with this visitor's head and hands given (a headset tracks them).
    void update(const net::AvatarPose& self);

    // Avatars, name tags and (when `drawPanel`) the panel for these views.
    // A moderator's typed "/mute NAME" or "/unmute NAME" goes to the relay as
    // moderation (the relay then forwards none of NAME's voice), not as chat.
    void addContent(const render::FrameViews& views, const FrameExtent& extent, double seconds,
                    const std::string& status, const std::string& help, bool drawPanel, FrameContent& content);

    // Spectators: the avatar followed (--follow NAME, Tab for the next one).
    void follow(std::string name) { following_ = std::move(name); }
    void followNext();
    const std::string& following() const { return following_; }
    // A camera behind and above the followed avatar, looking where it looks;
    // none when nobody is followed or the avatar is not (or no longer) there.
    std::optional<render::Camera> followCamera() const;

    // Voice: opens the session for `options` (one line on stdout, or the
    // reason there is none on stderr, prefixed by `who`); the layer owns it.
    // False when voice stays off (--no-audio, no output device): the layer
    // carries on silent. Front ends call this once after constructing it.
    bool enableVoice(const VoiceOptions& options, const char* who);
    // Or a session made elsewhere (tests: the loopback device).
    void useVoice(audio::VoiceSession session) { voice_.emplace(std::move(session)); }
    audio::VoiceSession* voice() { return voice_ ? &*voice_ : nullptr; }
    // Microphone samples fed directly instead of the microphone (tests, a
    // scripted talker), captured over the span that ends now: encoded and sent.
    void speak(std::span<const float> pcm);
    // This visitor's own microphone off (M in the window): frames are made and
    // dropped, so unmuting sends the present, not a backlog.
    void setMicrophoneMuted(bool muted) { microphoneMuted_ = muted; }
    bool microphoneMuted() const { return microphoneMuted_; }
    // Microphone frames that could not be sent (not joined yet, or after leaving).
    std::uint64_t voiceFramesUnsent() const { return voiceFramesUnsent_; }

    // Portals (issue #10): the scene's portal zones, from `sceneFile`. Walking
    // in sends EnterPortal (PortalWalk's rules); the relay's Moved becomes an
    // arrival the front end takes, loads (loadArrival) and hands to arrive().
    void setPortals(const std::string& sceneFile, const RenderScene& scene);
    std::optional<PortalArrival> takeArrival();
    // The new venue's scene is loaded: its avatar models (added to its
    // geometry), its portals, the panel's title and programme.
    void arrive(const std::string& sceneFile, const RenderScene& scene, const render::AvatarModels& models);
    std::uint64_t portalsEntered() const { return portalsEntered_; }

    std::size_t avatarsDrawn() const { return avatarsDrawn_; }
    VenueClient& client() { return client_; }

private:
    void sendVoice(const std::vector<audio::EncodedFrame>& frames);
    bool moderate(const std::string& chatLine);  // true when it was a moderation command

    VenueClient& client_;
    AvatarPresenter presenter_;
    ui::Panel* panel_;
    std::optional<audio::VoiceSession> voice_;
    audio::HeadPose listener_;
    std::uint64_t voiceFramesUnsent_ = 0;
    bool microphoneMuted_ = false;
    std::vector<render::AvatarState> avatars_;  // this frame's (from update), speaking flags set
    std::string following_;
    std::size_t avatarsDrawn_ = 0;
    PortalWalk portals_;
    std::uint32_t movesSeen_ = 0;
    std::optional<PortalArrival> arrival_;
    std::uint64_t portalsEntered_ = 0;
};

}  // namespace places::runtime
