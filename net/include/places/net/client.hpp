#pragma once
// The client side of the protocol: handshake, pose upload at a fixed rate,
// snapshots into interpolated remote avatars, roster, chat, events, moderation
// and resume. Transport-agnostic: the owner polls its transport and hands this
// client the events of its peer (so one ENet host can serve many bots).
// Single-threaded.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "places/net/fair_view.hpp"
#include "places/net/interpolation.hpp"
#include "places/net/snapshot.hpp"
#include "places/net/transport.hpp"

namespace places::net {

struct ClientConfig {
    std::vector<std::byte> ticket;       // wire form; empty = anonymous (needs an --open relay)
    std::string venue;                   // anonymous only
    std::string name;                    // anonymous only
    bool spectate = false;               // join as a spectator (Hello flag), whatever the ticket's role
    std::uint32_t poseRateHz = 30;       // 30-90 Hz
    std::uint32_t interpolationDelayMs = 100;
    // Keep remote avatars' motion for avatarPose(). Load bots turn it off: they
    // only count and time what arrives, and 1,000 of them share one core.
    bool interpolate = true;
    // Time the poses to reach the relay a few milliseconds before its tick, by the
    // wait it reports for each (Snapshot::poseWait): a pose then waits there
    // about poseWaitTarget() instead of anything up to a whole tick period.
    // Off: the cadence runs free from the first pose (the bench compares both).
    bool alignPosesToTick = true;
};

enum class ClientState : std::uint8_t { Idle, Connecting, Joined, Refused, Disconnected };

struct RemoteParticipant {
    ParticipantId id = 0;
    Role role = Role::Visitor;
    std::string name;
    bool hasAvatar = false;
    std::uint16_t poseTimeMs = 0;        // sender's clock of the latest pose received
    // This client's clock (Clock::nowMicros) when a snapshot last brought this
    // avatar; 0 = none yet. The relay sends nothing for an avatar that did not
    // change, so this also stops for one that stands perfectly still.
    std::uint64_t lastUpdateMicros = 0;
    InterpolationBuffer motion;
};

struct ClientStats {
    std::uint64_t bytesIn = 0, bytesOut = 0;
    std::uint64_t messagesIn = 0, messagesOut = 0;
    std::uint64_t snapshots = 0;
    std::uint64_t malformed = 0;          // messages from the relay that did not decode
    std::uint64_t unresolvedEntries = 0;  // snapshot entries without their baseline
    std::uint64_t voiceFramesOut = 0, voiceFramesIn = 0;
    // Chat lines received since start, all of them and those from others: chat()
    // keeps only the latest Client::kChatKept.
    std::uint64_t chatIn = 0, chatFromOthers = 0;
};

class Client {
public:
    Client(ClientConfig config, Transport& transport, const Clock& clock);

    // Sends the Hello on `peer`, a new connection to the relay; after a lost
    // connection, calling it again with a new peer resumes the same slot.
    void start(PeerId peer);
    // Handles one event of this client's peer.
    void handle(const TransportEvent& event);
    // Sends a pose when one is due at the configured rate.
    void update();
    // Whether update() would send a pose now (so a caller computes poses only then).
    bool poseDue() const;

    void setPose(const AvatarPose& pose) { pose_ = pose; }
    void sendChat(std::string_view text);
    void sendEvent(std::uint16_t kind, std::span<const std::byte> payload);
    void moderate(ModerationAction action, ParticipantId target, std::string_view reason);
    // Sends one voice frame (voice_frame.hpp): `captureMicros` is this client's
    // Clock::nowMicros() when the frame's first sample was captured; the frame
    // carries it in the relay's clock. False, nothing sent, when not joined or
    // the payload is empty or over kMaxVoicePayloadBytes. Loudness codes above
    // kLoudnessFullScale are clamped.
    bool sendVoice(std::uint16_t seq, std::uint64_t captureMicros, std::uint8_t loudness,
                   std::span<const std::byte> opus);
    // The relay's clock now (ms, wraps) as this client estimates it from the
    // Welcome and snapshots; none before the Welcome.
    std::optional<std::uint32_t> relayTimeMs() const;
    // Leaves on purpose (the relay frees the slot at once).
    void leave();

    // The fair (docs/formats/protocol.md "Fair"); the relay answers with
    // FairNotices, folded into fair(). False, nothing sent, when not joined.
    bool sendFair(FairOp op, std::string_view key = {}, std::uint16_t target = 0, std::string_view text = {});
    bool joinQueue(std::string_view booth) { return sendFair(FairOp::JoinQueue, booth); }
    bool leaveQueue(std::string_view booth) { return sendFair(FairOp::LeaveQueue, booth); }
    bool callNext(std::string_view booth) { return sendFair(FairOp::CallNext, booth); }
    bool endTalk(std::uint16_t talk) { return sendFair(FairOp::EndTalk, {}, talk); }
    bool setAway(std::string_view booth, bool away) { return sendFair(FairOp::SetAway, booth, away ? 1 : 0); }
    bool talkChat(std::string_view text, std::uint16_t talk = 0) { return sendFair(FairOp::TalkChat, {}, talk, text); }
    bool enterPortal(std::string_view portal) { return sendFair(FairOp::EnterPortal, portal); }
    // Back to the venue the last portal came from (this client cannot load the one it is in).
    bool returnThroughPortal() { return sendFair(FairOp::ReturnPortal, {}); }
    const FairView& fair() const { return fair_; }
    // Called for every FairNotice after fair() took it in.
    std::function<void(const FairNotice&)> onFairNotice;

    ClientState state() const { return state_; }
    PeerId peer() const { return peer_; }
    const std::optional<Welcome>& welcome() const { return welcome_; }
    const std::optional<Refuse>& refusal() const { return refusal_; }
    const std::optional<Disconnect>& disconnectNotice() const { return disconnect_; }
    const std::map<ParticipantId, RemoteParticipant>& participants() const { return participants_; }
    // Changes whenever participants() gains or loses someone (so a per-frame
    // reader compares the roster only when it changed).
    std::uint64_t rosterVersion() const { return rosterVersion_; }
    // The latest chat lines, oldest first: at most kChatKept, so that hours of a
    // busy venue's chat neither grow a visitor's memory nor the panel's work
    // per frame without bound (stats() counts every line).
    static constexpr std::size_t kChatKept = 1000;
    const std::deque<ChatFrom>& chat() const { return chat_; }
    const std::vector<EventFrom>& events() const { return events_; }
    const std::vector<ModerationNotice>& moderation() const { return moderation_; }
    const ClientStats& stats() const { return stats_; }
    // A remote avatar's pose for drawing now (interpolation delay applied).
    std::optional<AvatarPose> avatarPose(ParticipantId id) const;

    // The relay's clock (ms, wraps) when it wrote the snapshot being handled;
    // valid inside onAvatarUpdate (bots split a pose's latency at it).
    std::uint32_t snapshotServerTimeMs() const { return snapshotServerTimeMs_; }
    // The wait at the relay this client aims its poses at (ClientConfig::
    // alignPosesToTick), microseconds: kPoseWaitMarginUs plus a share of
    // kPoseWaitSpreadUs fixed by the participant id, so that a crowd's poses do
    // not all reach the relay in the same millisecond.
    std::uint32_t poseWaitTarget() const;
    static constexpr std::uint32_t kPoseWaitMarginUs = 3000;
    static constexpr std::uint32_t kPoseWaitSpreadUs = 13000;
    // The wait the relay reported in the latest snapshot for this client's pose
    // (tenths of a ms; kNoPoseWait when that tick took no new pose from it).
    std::uint16_t lastPoseWait() const { return lastPoseWait_; }
    // Called for every avatar update a snapshot brings (bots measure latency here).
    std::function<void(const SnapshotReceiver::Update&)> onAvatarUpdate;
    // Called for every voice frame the relay forwards (frame.speaker says whose).
    std::function<void(const VoiceFrame&)> onVoice;

private:
    void send(const Message& m);
    void onMessage(const Message& m);
    void onSnapshot(const Snapshot& s);
    void onRoster(const Roster& r);
    void observeRelayTime(std::uint32_t serverTimeMs);
    void alignPoses(std::uint16_t poseWait);
    std::uint64_t poseIntervalUs() const { return 1'000'000 / (config_.poseRateHz == 0 ? 1 : config_.poseRateHz); }
    double serverNowMs() const;

    ClientConfig config_;
    Transport& transport_;
    const Clock& clock_;
    PeerId peer_ = kNoPeer;
    ClientState state_ = ClientState::Idle;
    std::optional<Welcome> welcome_;
    std::optional<Refuse> refusal_;
    std::optional<Disconnect> disconnect_;
    std::map<ParticipantId, RemoteParticipant> participants_;
    std::uint64_t rosterVersion_ = 0;
    std::deque<ChatFrom> chat_;
    std::vector<EventFrom> events_;
    std::vector<ModerationNotice> moderation_;
    FairView fair_;
    SnapshotReceiver receiver_;
    std::vector<SnapshotReceiver::Update> updates_;
    AvatarPose pose_;
    std::uint16_t poseSeq_ = 0;
    std::uint64_t nextPoseUs_ = 0;
    std::uint64_t lastPoseUs_ = 0;
    std::uint16_t lastPoseWait_ = kNoPoseWait;
    std::uint32_t snapshotServerTimeMs_ = 0;
    std::optional<double> serverOffsetMs_;  // relay clock minus ours, least-delayed sample
    std::vector<std::byte> buffer_;
    ClientStats stats_;
};

}  // namespace places::net
