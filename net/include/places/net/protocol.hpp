#pragma once
// The Places wire protocol, version 4: every message of the relay and its clients.
// docs/formats/protocol.md is the normative description (byte layouts, limits,
// handshake); this header is its C++ form. One ENet packet holds exactly one
// message: a u8 MessageType, then the fields below in order, little-endian.
// Decoding is bounds-checked and rejects anything inconsistent: a length outside
// its limit, an undefined enum value, reserved bits, invalid UTF-8, trailing bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "places/net/quantize.hpp"
#include "places/net/voice_frame.hpp"
#include "places/net/wire.hpp"

namespace places::net {

inline constexpr std::array<std::byte, 4> kMagic{std::byte{'P'}, std::byte{'L'}, std::byte{'C'}, std::byte{'S'}};
inline constexpr std::uint16_t kProtocolVersion = 4;  // 2: voice (channel 2, Voice/VoiceFrom); 3: fair (Fair/FairNotice); 4: Snapshot::poseWait

// ENet channels. Reliable: handshake, roster, chat, events, moderation (ordered).
// Unreliable: poses up, snapshots down (ENet drops older-than-newest arrivals).
// Voice: voice frames up and down, unreliable and unsequenced (ENet delivers
// every frame that arrives, in arrival order; the receiver's jitter buffer
// orders them by seq, and one speaker's late frame is not dropped because
// another speaker's newer one came first, as sequencing would).
enum class Channel : std::uint8_t { Reliable = 0, Unreliable = 1, Voice = 2 };
inline constexpr std::uint8_t kChannelCount = 3;

// Limits (bytes unless said otherwise). A client message over kMaxClientMessageBytes
// is dropped before decoding.
inline constexpr std::size_t kMaxClientMessageBytes = 1200;
inline constexpr std::size_t kMaxTicketBytes = 512;
inline constexpr std::size_t kMaxVenueBytes = 64;
inline constexpr std::size_t kMaxNameBytes = 64;
inline constexpr std::size_t kMaxChatBytes = 500;
inline constexpr std::size_t kMaxEventPayloadBytes = 255;
inline constexpr std::size_t kMaxReasonBytes = 128;
inline constexpr std::size_t kMaxRosterEntries = 4096;
inline constexpr std::size_t kMaxSnapshotEntries = 255;

// Participant ids: 1..0xFFFE per relay; 0 is the relay itself (system chat).
using ParticipantId = std::uint16_t;
inline constexpr ParticipantId kRelayParticipant = 0;
inline constexpr ParticipantId kMaxParticipantId = 0xFFFE;

using ResumeToken = std::array<std::byte, 16>;

enum class Role : std::uint8_t { Visitor = 0, Spectator = 1, Host = 2, Moderator = 3, Exhibitor = 4 };
inline constexpr std::uint8_t kRoleCount = 5;
std::string_view toString(Role role);
std::optional<Role> parseRole(std::string_view name);
// Spectators watch without an avatar; every other role has one.
constexpr bool hasAvatar(Role role) { return role != Role::Spectator; }
constexpr bool canModerate(Role role) { return role == Role::Host || role == Role::Moderator; }

enum class MessageType : std::uint8_t {
    // client -> relay
    Hello = 0x01,
    PoseUpdate = 0x02,
    Chat = 0x03,
    Event = 0x04,
    Moderate = 0x05,
    Bye = 0x06,
    Voice = 0x07,
    Fair = 0x08,
    // relay -> client
    Welcome = 0x81,
    Refuse = 0x82,
    Roster = 0x83,
    Snapshot = 0x84,
    ChatFrom = 0x85,
    EventFrom = 0x86,
    ModerationNotice = 0x87,
    Disconnect = 0x88,
    VoiceFrom = 0x89,
    FairNotice = 0x8A,
};
constexpr bool isClientMessage(MessageType t) { return static_cast<std::uint8_t>(t) < 0x80; }

// ---- client -> relay --------------------------------------------------------

// Reliable. magic[4] version u16 flags u8 (bit0 = resume, bit1 = spectate) token[16]
// ticketLen u16 ticket venueLen u8 venue nameLen u8 name. With a ticket, venue and
// name come from the ticket and must be empty here; without one (anonymous, only
// on --open relays) venue (>= 1 byte) and name are given here. `spectate` joins
// without an avatar whatever the ticket's role (a visitor watching from a
// desktop, a host checking the stream): the relay admits the session as a
// spectator. It never raises a role.
struct Hello {
    std::uint16_t version = kProtocolVersion;
    std::optional<ResumeToken> resume;
    std::vector<std::byte> ticket;  // Ticket wire form (ticket.hpp); empty = anonymous
    std::string venue;
    std::string name;
    bool spectate = false;
    bool operator==(const Hello&) const = default;
};

// Unreliable, 30-90 Hz. seq u16, ackSnapshot u16, ackMask u32 (bit i set = snapshot
// ackSnapshot - i was received; 0 = none yet), sendTimeMs u32 (sender's clock,
// echoed to others for latency), then the avatar state (32 bytes, see protocol.md).
struct PoseUpdate {
    std::uint16_t seq = 0;
    std::uint16_t ackSnapshot = 0;
    std::uint32_t ackMask = 0;
    std::uint32_t sendTimeMs = 0;
    QuantizedAvatar state;
    bool operator==(const PoseUpdate&) const = default;
};

struct Chat {  // reliable; len u16 (1..500) + UTF-8
    std::string text;
    bool operator==(const Chat&) const = default;
};

struct Event {  // reliable; kind u16, len u8, payload (opaque to the relay)
    std::uint16_t kind = 0;
    std::vector<std::byte> payload;
    bool operator==(const Event&) const = default;
};

enum class ModerationAction : std::uint8_t { Kick = 1, Mute = 2, Unmute = 3, Ban = 4 };
std::string_view toString(ModerationAction action);

struct Moderate {  // reliable; action u8, target u16, reasonLen u8, reason
    ModerationAction action = ModerationAction::Kick;
    ParticipantId target = 0;
    std::string reason;
    bool operator==(const Moderate&) const = default;
};

struct Bye {  // reliable; no fields. Leaving on purpose frees the slot at once.
    bool operator==(const Bye&) const = default;
};

// Voice channel; seq u16, captureTimeMs u32, loudness u8 (bit 7 reserved),
// len u8 (1..kMaxVoicePayloadBytes), opus. `frame.speaker` is not on the wire
// (the relay knows who sent it) and decodes as 0.
struct Voice {
    VoiceFrame frame;
    bool operator==(const Voice&) const = default;
};

// ---- relay -> client --------------------------------------------------------

inline constexpr std::uint8_t kWelcomeHasAvatar = 0x01;
inline constexpr std::uint8_t kWelcomeResumed = 0x02;

struct Welcome {
    std::uint16_t version = kProtocolVersion;
    ParticipantId you = 0;
    Role role = Role::Visitor;
    std::uint8_t flags = 0;  // kWelcome*
    ResumeToken resumeToken{};
    std::uint16_t instance = 0;  // instance of the venue this session sees (0-based)
    std::uint8_t tickRateHz = 30;
    VenueBounds bounds;
    std::uint32_t serverTimeMs = 0;
    bool operator==(const Welcome&) const = default;
};

enum class RefuseReason : std::uint8_t {
    VersionMismatch = 1,
    BadTicket = 2,
    TicketExpired = 3,
    AnonymousNotAllowed = 4,
    Banned = 5,
    VenueFull = 6,
    Malformed = 7,
    ShuttingDown = 8,
};
std::string_view toString(RefuseReason reason);

struct Refuse {  // reliable; reason u8, relayVersion u16, textLen u8, text. The relay disconnects after it.
    RefuseReason reason = RefuseReason::Malformed;
    std::uint16_t relayVersion = kProtocolVersion;
    std::string text;
    bool operator==(const Refuse&) const = default;
};

enum class RosterOp : std::uint8_t { Join = 1, Leave = 2 };
inline constexpr std::uint8_t kRosterHasAvatar = 0x01;

struct RosterEntry {
    RosterOp op = RosterOp::Join;
    ParticipantId id = 0;
    Role role = Role::Visitor;   // Join only
    std::uint8_t flags = 0;      // Join only; kRoster*
    std::string name;            // Join only
    bool operator==(const RosterEntry&) const = default;
};

struct Roster {  // reliable; count u16 then entries; at most one per client per tick
    std::vector<RosterEntry> entries;
    bool operator==(const Roster&) const = default;
};

// One avatar in a snapshot, as a delta against a baseline: the state of the same
// avatar in snapshot (seq - baselineAge) as this client received it. Each of the six
// fields carries a 2-bit code in `mask` (bits 2i..2i+1, field i in FieldIndex order).
enum class FieldCode : std::uint8_t { Same = 0, Absolute = 1, Delta8 = 2, Delta16 = 3 };
enum class FieldIndex : std::uint8_t { HeadPos = 0, HeadRot, LeftPos, LeftRot, RightPos, RightRot };
inline constexpr std::uint16_t kEntryHasBaseline = 1u << 12;

struct SnapshotEntry {
    ParticipantId id = 0;
    std::uint16_t mask = 0;
    std::uint16_t poseTimeMs = 0;   // low 16 bits of the sender's PoseUpdate::sendTimeMs
    std::uint8_t baselineAge = 0;   // present iff kEntryHasBaseline; 1..255
    QuantizedAvatar absolute;       // fields coded Absolute
    std::array<std::array<std::int16_t, 3>, 3> deltas{};  // head, left, right positions coded Delta*

    FieldCode code(FieldIndex f) const {
        return static_cast<FieldCode>((mask >> (2 * static_cast<unsigned>(f))) & 3u);
    }
    bool operator==(const SnapshotEntry&) const = default;
};

// Snapshot::poseWait when this tick took no new pose from the client.
inline constexpr std::uint16_t kNoPoseWait = 0xffff;

struct Snapshot {  // unreliable; seq u16, serverTimeMs u32, poseWait u16, count u8, entries
    std::uint16_t seq = 0;
    std::uint32_t serverTimeMs = 0;  // the relay's clock when the tick began (poses received before are in it)
    // How long the newest pose this client sent waited at the relay for this
    // tick, in tenths of a millisecond (saturating below kNoPoseWait): the
    // client times its poses to arrive just before the relay's tick by it.
    std::uint16_t poseWait = kNoPoseWait;
    std::vector<SnapshotEntry> entries;
    bool operator==(const Snapshot&) const = default;
};

struct ChatFrom {  // reliable; from u16, len u16, text
    ParticipantId from = 0;
    std::string text;
    bool operator==(const ChatFrom&) const = default;
};

struct EventFrom {  // reliable; from u16, kind u16, len u8, payload
    ParticipantId from = 0;
    std::uint16_t kind = 0;
    std::vector<std::byte> payload;
    bool operator==(const EventFrom&) const = default;
};

enum class ModerationStatus : std::uint8_t { Done = 0, NotPermitted = 1, NoSuchTarget = 2, TargetImmune = 3, AppliedToYou = 4 };

struct ModerationNotice {  // reliable; action u8, target u16, by u16, status u8, reasonLen u8, reason
    ModerationAction action = ModerationAction::Kick;
    ParticipantId target = 0;
    ParticipantId by = 0;
    ModerationStatus status = ModerationStatus::Done;
    std::string reason;
    bool operator==(const ModerationNotice&) const = default;
};

enum class DisconnectReason : std::uint8_t {
    Shutdown = 1, Kicked = 2, Banned = 3, Timeout = 4, ProtocolViolation = 5, Replaced = 6, Left = 7,
};
std::string_view toString(DisconnectReason reason);

struct Disconnect {  // reliable; reason u8, textLen u8, text. Sent just before the relay disconnects.
    DisconnectReason reason = DisconnectReason::Shutdown;
    std::string text;
    bool operator==(const Disconnect&) const = default;
};

// Voice channel; speaker u16 (1..65534), then the fields of Voice.
struct VoiceFrom {
    VoiceFrame frame;
    bool operator==(const VoiceFrom&) const = default;
};

// ---- the fair (version 3): schedules, booth queues, private talks, portals --
// One request and one notice type with an op code each (docs/formats/protocol.md
// "Fair"); the relay's rules are in net/src/fair_*.cpp.

inline constexpr std::size_t kMaxFairKeyBytes = 64;  // booth id, portal name, venue id
enum class FairOp : std::uint8_t {
    JoinQueue = 1,   // key = booth
    LeaveQueue = 2,  // key = booth
    CallNext = 3,    // exhibitor; key = booth
    EndTalk = 4,     // a member; target = talk id
    SetAway = 5,     // exhibitor; key = booth, target = 1 away / 0 back
    Skip = 6,        // exhibitor; key = booth, target = the visitor removed from the queue
    TalkChat = 7,    // a member; text
    EnterPortal = 8, // key = portal name
    ReturnPortal = 9, // key empty: the client could not load the venue its last portal led to
};
inline constexpr std::uint8_t kFairOpCount = 9;

struct Fair {  // reliable; op u8, keyLen u8 key, target u16, textLen u16 text (0..500)
    FairOp op = FairOp::JoinQueue;
    std::string key;
    std::uint16_t target = 0;
    std::string text;
    bool operator==(const Fair&) const = default;
};

enum class FairNoticeKind : std::uint8_t {
    Now = 1,            // key = stage zone; text = title, detail = performer, start/end (Unix s); empty title = nothing on
    Next = 2,           // as Now, for the next act
    BoothStatus = 3,    // key = booth; a = queue length, b = kBooth* flags, start = talks now, text = company
    QueuePosition = 4,  // key = booth; a = position (1 = next; 0 = not queued), start = estimated wait (s)
    Called = 5,         // key = booth; a = talk id, b = exhibitor
    TalkStarted = 6,    // key = booth; a = talk id, b = the other member
    TalkEnded = 7,      // key = booth; a = talk id
    TalkChat = 8,       // a = talk id, b = from, text
    ExhibitorQueue = 9, // key = booth; a = queue length, text = names in order, '\n'-separated
    Refused = 10,       // a = the FairOp refused, text = why
    Moved = 11,         // key = venue moved to; a = instance, text = spawn name
};
inline constexpr std::uint8_t kFairNoticeKindCount = 11;
inline constexpr std::uint16_t kBoothOpen = 0x01;
inline constexpr std::uint16_t kBoothAway = 0x02;
inline constexpr std::uint16_t kBoothStaffed = 0x04;

// Reliable; kind u8, keyLen u8 key, a u16, b u16, start u32, end u32,
// textLen u16 text (0..500), detailLen u8 detail (0..128).
struct FairNotice {
    FairNoticeKind kind = FairNoticeKind::Now;
    std::string key;
    std::uint16_t a = 0, b = 0;
    std::uint32_t start = 0, end = 0;
    std::string text;
    std::string detail;
    bool operator==(const FairNotice&) const = default;
};

using Message = std::variant<Hello, PoseUpdate, Chat, Event, Moderate, Bye, Welcome, Refuse, Roster, Snapshot,
                             ChatFrom, EventFrom, ModerationNotice, Disconnect, Voice, VoiceFrom, Fair, FairNotice>;

MessageType typeOf(const Message& message);
Channel channelOf(MessageType type);

// A decoded value, or why not and at which byte offset.
template <class T>
struct Decoded {
    std::optional<T> value;
    DecodeError error = DecodeError::None;
    std::size_t offset = 0;

    explicit operator bool() const { return value.has_value(); }
    // "truncated at byte 12" — for logs and diagnostics.
    std::string describe() const {
        return std::string(toString(error)) + " at byte " + std::to_string(offset);
    }
};

Decoded<Message> decodeMessage(std::span<const std::byte> bytes);
// Reads only magic and version of a Hello: those two never move between protocol
// versions, so a relay can refuse an other-version client clearly.
std::optional<std::uint16_t> peekHelloVersion(std::span<const std::byte> bytes);

// Appends the wire form of `message` to `out`.
void encodeMessage(const Message& message, std::vector<std::byte>& out);
std::vector<std::byte> encodeMessage(const Message& message);

}  // namespace places::net
