#pragma once
// Who is in the venue, for a front end to draw: each frame, from a Client's
// roster and interpolated snapshots, the remote avatars with their names, roles,
// colours and poses, plus short notices (joins, leaves, kicks, the relay's
// shutdown, a lost connection) kept for a few seconds. Plain data, no GPU.
//
// Never a frozen ghost: the relay sends nothing for an avatar that did not move,
// so "no update" alone cannot tell a silent participant from one standing still.
// The relay drops a participant silent for its peer timeout (RelayConfig::
// peerTimeoutMs, 10 s; the Welcome does not carry it, hence kPresenceTimeoutMs)
// and keeps the slot for a resume; an avatar without updates for that long
// fades out over fadeMs and is then no longer listed, until it moves again.
// When the connection ends, every avatar fades out the same way.
// (A front end whose user stands perfectly still keeps a small idle motion so
// it is not faded; head-tracked poses always jitter.)
// Single-threaded, like the Client it reads.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <glm/vec3.hpp>

#include "places/net/client.hpp"

namespace places::net {

// The relay's default peer timeout (RelayConfig::peerTimeoutMs).
inline constexpr std::uint64_t kPresenceTimeoutMs = 10'000;

struct PresenceConfig {
    std::uint64_t timeoutMs = kPresenceTimeoutMs;  // silence before an avatar starts fading
    std::uint64_t fadeMs = 1'000;                  // from fully drawn to gone
    std::uint64_t noticeMs = 5'000;                // how long a notice stays
    std::size_t maxNotices = 8;                    // the oldest go first
};

struct PresenceAvatar {
    ParticipantId id = 0;
    std::string name;
    Role role = Role::Visitor;
    glm::vec3 colour{1.0f};  // linear RGB 0..1, participantColour(id)
    AvatarPose pose;         // venue (local) frame, metres, interpolated
    float alpha = 1.0f;      // 1 = fully drawn; below 1 while fading out
};

enum class NoticeKind : std::uint8_t { Joined, Left, Kicked, Banned, Resumed, Welcome, Shutdown, Ended, ConnectionLost };

struct PresenceNotice {
    NoticeKind kind = NoticeKind::Joined;
    std::string text;               // "Ada joined", "the relay shut down (maintenance)"
    std::uint64_t atMicros = 0;     // Clock::nowMicros() when noticed
};

// A stable colour per participant, the same on every client (ids are the
// relay's): hues spread by the golden ratio so close ids differ most, in three
// lightness steps, saturation kept moderate so name tags stay readable on them.
glm::vec3 participantColour(ParticipantId id);

class Presence {
public:
    explicit Presence(PresenceConfig config = {}) : config_(config) {}

    // Once per frame, after the client handled this frame's events.
    void update(const Client& client, std::uint64_t nowMicros);

    // Remote avatars to draw now (spectators and this client are not listed).
    const std::vector<PresenceAvatar>& avatars() const { return avatars_; }
    // Newest last.
    const std::deque<PresenceNotice>& notices() const { return notices_; }
    // Everyone in the roster, this client and spectators included.
    std::size_t participantCount() const { return known_.size(); }
    std::size_t avatarCount() const { return avatars_.size(); }

private:
    struct Known {
        std::string name;
        Role role = Role::Visitor;
    };
    void notice(NoticeKind kind, std::string text, std::uint64_t now);
    void followRoster(const Client& client, std::uint64_t now);
    void followModeration(const Client& client, std::uint64_t now);
    void followConnection(const Client& client, std::uint64_t now);
    std::string nameOf(ParticipantId id) const;

    PresenceConfig config_;
    std::vector<PresenceAvatar> avatars_;
    std::deque<PresenceNotice> notices_;
    std::unordered_map<ParticipantId, Known> known_;
    std::uint32_t welcomeServerTimeMs_ = 0;  // tells a new Welcome from the last one
    bool haveWelcome_ = false;
    bool seeding_ = false;          // the roster after a Welcome is the venue's state, not news
    std::size_t moderationSeen_ = 0;
    std::optional<std::uint64_t> rosterSeen_;  // Client::rosterVersion() last compared
    ClientState lastState_ = ClientState::Idle;
    std::optional<std::uint64_t> endedAtMicros_;  // when the client stopped being joined
};

}  // namespace places::net
