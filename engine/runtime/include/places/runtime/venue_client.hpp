#pragma once
// A front end's presence in a venue (the desktop view, the headless client,
// later the headset): the relay session, who is there (net::Presence), the
// panel's model (places_ui) and the avatars to draw (places_render), plus the
// counts a `--summary` reports. One object per joined venue.
//
// Frames: the venue's local frame = the scene's (metres, Y up, x east, z
// south); the relay's positions are in it. Single-threaded: the frame loop's
// thread calls everything.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "places/audio/voice_format.hpp"
#include "places/core/diagnostic.hpp"
#include "places/net/presence.hpp"
#include "places/net/relay_session.hpp"
#include "places/render/avatar_instances.hpp"
#include "places/scenes/fair.hpp"
#include "places/ui/fair_panel.hpp"
#include "places/ui/panel.hpp"

namespace places::runtime {

struct VenueClientConfig {
    net::RelaySessionConfig session;  // host, port, ticket (or anonymous name), the scene's venue id
    std::string venueTitle;           // shown in the panel (the scene's name)
    // The scene's event (format 2): the panel's fair tabs when it has one.
    std::vector<scenes::StageSchedule> stages;
    std::vector<scenes::Booth> booths;  // the directory's descriptions
    bool fair = false;                // stages, booths or portals: show the fair's tabs
};

// What `places view --summary` prints (issue #8's JSON).
struct VenueClientSummary {
    bool joined = false;          // a Welcome arrived at some point
    std::string role;             // "visitor", "spectator", ...
    std::size_t participantsSeen = 0;   // distinct participants ever in the roster, this client excluded
    std::size_t avatarsDrawnMax = 0;    // most avatars drawn in one frame
    std::uint64_t frames = 0;
    std::uint64_t snapshots = 0;
    std::uint64_t chatReceived = 0;
    std::uint64_t voiceFramesSent = 0;      // this visitor's microphone frames the relay was sent
    std::uint64_t voiceFramesReceived = 0;  // remote speakers' frames the relay forwarded here
    bool voiceOn = false;                   // a voice session played them (a sound card was there)
    std::size_t speakingMax = 0;            // most avatars shown speaking (heard) in one frame
    std::string error;            // why the session failed or ended, if it did
    std::string toJson() const;
};

class VenueClient {
public:
    // Checks the ticket and starts connecting (see net::RelaySession::open).
    static Result<std::unique_ptr<VenueClient>> connect(VenueClientConfig config, const net::Clock& clock);

    // Once per frame: network in and out, presence.
    void update();
    // This visitor's head and hands (no effect for spectators).
    void setPose(const net::AvatarPose& pose);
    void say(std::string_view text);
    void leave() { session_->leave(); }

    // Voice (issue 11), the two adapters between places_audio and places_net.
    // Sends one microphone frame; `frame.captureMicros` must be on this
    // client's clock (the Clock given to connect()): the client converts it
    // to the relay's clock, so a listener's mouth-to-ear time is real. False
    // (not sent) when not joined or the payload is unusable.
    bool sendVoice(const audio::EncodedFrame& frame);
    // The frames the relay forwarded since the last call, oldest first, with
    // capture times converted to this client's clock (ms, wraps). Bounded:
    // at most kMaxPendingVoice are kept between calls (the oldest go first).
    static constexpr std::size_t kMaxPendingVoice = 256;
    std::vector<audio::VoicePacket> takeVoice();
    // Frames dropped because takeVoice() was not called often enough.
    std::uint64_t voiceOverflow() const { return voiceOverflow_; }

    net::SessionState state() const { return session_->state(); }
    bool joined() const { return session_->state() == net::SessionState::Joined; }
    const std::string& error() const { return session_->error(); }
    bool hasAvatar() const;  // this client's own role has one (not a spectator)
    std::optional<net::Role> role() const;
    // The clock given to connect() now (capture times of voice frames are on it).
    std::uint64_t nowMicros() const { return clock_.nowMicros(); }

    const net::Presence& presence() const { return presence_; }
    const net::Client& client() const { return session_->client(); }
    // Moderation and other requests a front end makes itself (a moderator's mute).
    net::Client& client() { return session_->client(); }

    // The remote avatars, ready for render::buildAvatarInstances.
    std::vector<render::AvatarState> avatarStates() const;
    // The head of the remote avatar named `name` (first match); none if absent.
    std::optional<net::AvatarPose> findAvatar(std::string_view name) const;
    // Names of the remote avatars in roster order (Tab cycles through them).
    std::vector<std::string> avatarNames() const;

    // The panel's view of the session; `status` and `help` are the front end's.
    // The fair's tabs are built at the system clock (Unix seconds).
    ui::PanelModel panelModel(std::string status, std::string help) const;
    // The fair's part of it at `nowUnix` (tests give a fixed clock).
    ui::FairPanelModel fairPanel(std::int64_t nowUnix) const;
    // A portal took this client to another venue (the relay's Moved): the
    // panel names the new venue and shows its programme from now on.
    void arrived(std::string venueId, std::string title, std::vector<scenes::StageSchedule> stages,
                 std::vector<scenes::Booth> booths, bool fair);
    // A notice of the client's own in the panel (a portal's scene that did not load).
    void notify(std::string text) { toasts_.add(std::move(text), double(clock_.nowMicros()) * 1e-6); }
    const std::string& venueId() const { return config_.session.venue; }
    const std::string& venueTitle() const { return config_.venueTitle; }

    // Counts for --summary; `avatarsDrawn` is what the renderer drew this frame.
    // `speaking`: avatars heard speaking this frame; `voiceOn`: a voice session plays.
    void countFrame(std::size_t avatarsDrawn, std::size_t speaking = 0, bool voiceOn = false);
    VenueClientSummary summary() const;

private:
    VenueClient(VenueClientConfig config, std::unique_ptr<net::RelaySession> session, const net::Clock& clock);
    void receiveVoice(const net::VoiceFrame& frame);

    VenueClientConfig config_;
    std::unique_ptr<net::RelaySession> session_;
    const net::Clock& clock_;
    net::Presence presence_;
    bool everJoined_ = false;
    std::string joinedRole_;  // kept after leaving, for the summary
    std::vector<net::ParticipantId> seen_;  // sorted
    std::size_t avatarsDrawnMax_ = 0;
    std::size_t speakingMax_ = 0;
    bool voiceOn_ = false;
    std::uint64_t frames_ = 0;
    ui::FairToasts toasts_;
    std::vector<audio::VoicePacket> voiceIn_;
    std::uint64_t voiceOverflow_ = 0;
};

// Linear RGB (0..1) -> sRGB RGBA8, R in the lowest byte (panel swatches).
std::uint32_t srgbSwatch(const glm::vec3& linear);
render::AvatarRole toAvatarRole(net::Role role);

}  // namespace places::runtime
