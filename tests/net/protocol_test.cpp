#include <catch2/catch.hpp>

#include <random>

#include "places/net/protocol.hpp"
#include "places/net/snapshot.hpp"

using namespace places::net;

namespace {

QuantizedAvatar sampleState(std::uint32_t seed) {
    std::mt19937 rng(seed);  // 32-bit outputs in a wider type
    std::uniform_int_distribution<std::uint32_t> pos(0, 2'000'000);
    std::uniform_int_distribution<int> hand(-1500, 1500);
    QuantizedAvatar s;
    for (auto& v : s.headPos) v = pos(rng);
    s.headPos[1] = pos(rng) % 200'000;
    for (auto& v : s.leftPos) v = static_cast<std::int16_t>(hand(rng));
    for (auto& v : s.rightPos) v = static_cast<std::int16_t>(hand(rng));
    s.headRot = static_cast<std::uint32_t>(rng());
    s.leftRot = static_cast<std::uint32_t>(rng());
    s.rightRot = static_cast<std::uint32_t>(rng());
    return s;
}

std::vector<Message> everyMessage() {
    Hello anon;
    anon.venue = "stage";
    anon.name = "Zoë";
    Hello ticketed;
    ticketed.ticket = std::vector<std::byte>(100, std::byte{7});
    ticketed.resume = ResumeToken{std::byte{1}, std::byte{2}};
    ticketed.spectate = true;
    Snapshot snap;
    snap.seq = 65535;
    snap.serverTimeMs = 123456;
    snap.poseWait = 417;
    snap.entries.push_back(makeEntry(3, 999, sampleState(1), nullptr, 0));
    const QuantizedAvatar base = sampleState(2);
    QuantizedAvatar moved = base;
    moved.headPos[0] += 40;
    moved.leftPos[2] = static_cast<std::int16_t>(moved.leftPos[2] - 100);
    snap.entries.push_back(makeEntry(4, 1000, moved, &base, 3));
    Roster roster;
    roster.entries.push_back({RosterOp::Join, 5, Role::Host, kRosterHasAvatar, "DJ"});
    roster.entries.push_back({RosterOp::Leave, 6});
    Welcome welcome;
    welcome.you = 9;
    welcome.flags = kWelcomeHasAvatar | kWelcomeResumed;
    return {anon,
            ticketed,
            PoseUpdate{7, 8, 0xF0F0F0F0u, 42, sampleState(3)},
            Chat{"hello\tworld\n✓"},
            Event{2, {std::byte{1}, std::byte{2}}},
            Moderate{ModerationAction::Ban, 12, "spam"},
            Bye{},
            welcome,
            Refuse{RefuseReason::VersionMismatch, 1, "relay speaks 1"},
            roster,
            snap,
            ChatFrom{4, "hi"},
            EventFrom{4, 1, {}},
            ModerationNotice{ModerationAction::Mute, 3, 2, ModerationStatus::AppliedToYou, ""},
            Disconnect{DisconnectReason::Shutdown, "maintenance"},
            Fair{FairOp::JoinQueue, "N1", 0, ""},
            Fair{FairOp::TalkChat, "", 7, "Grüße aus Resse"},
            FairNotice{FairNoticeKind::Now, "Talk stage", 0, 0, 1728460800u, 1728463500u, "Mechatronik", "Ruhr Robotics"},
            FairNotice{FairNoticeKind::ExhibitorQueue, "N1", 2, 0, 0, 0, "Anna\nBen", ""}};
}

}  // namespace

TEST_CASE("every message survives an encode/decode round trip", "[protocol]") {
    for (const Message& m : everyMessage()) {
        const auto bytes = encodeMessage(m);
        const auto decoded = decodeMessage(bytes);
        INFO("type " << int(static_cast<std::uint8_t>(typeOf(m))) << ": " << decoded.describe());
        REQUIRE(decoded);
        CHECK(*decoded.value == m);
    }
}

TEST_CASE("every truncation of every message is rejected as truncated", "[protocol]") {
    for (const Message& m : everyMessage()) {
        const auto bytes = encodeMessage(m);
        for (std::size_t n = 1; n < bytes.size(); ++n) {
            const auto d = decodeMessage(std::span(bytes).first(n));
            INFO("type " << int(bytes[0]) << " cut at " << n);
            REQUIRE_FALSE(d);
            // Length fields cut short can also read as a bad length; never accepted.
            CHECK((d.error == DecodeError::Truncated || d.error == DecodeError::BadLength ||
                   d.error == DecodeError::Inconsistent));
            CHECK(d.offset <= n);
        }
    }
}

TEST_CASE("inconsistent bytes are rejected with the reason and offset", "[protocol]") {
    CHECK(decodeMessage({}).error == DecodeError::Empty);
    const std::byte unknown[] = {std::byte{0x42}};
    CHECK(decodeMessage(unknown).error == DecodeError::UnknownType);
    // Fair ops and notice kinds outside their ranges (op at byte 1).
    const std::byte badOp[] = {std::byte{0x08}, std::byte{10}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}};
    CHECK(decodeMessage(badOp).error == DecodeError::BadEnum);
    CHECK(decodeMessage(badOp).offset == 1);
    auto longKey = encodeMessage(Fair{FairOp::JoinQueue, std::string(kMaxFairKeyBytes, 'k'), 0, ""});
    longKey[2] = std::byte{kMaxFairKeyBytes + 1};
    CHECK(decodeMessage(longKey).error == DecodeError::BadLength);

    auto chat = encodeMessage(Chat{"ok"});
    chat.push_back(std::byte{0});
    auto d = decodeMessage(chat);
    CHECK(d.error == DecodeError::TrailingBytes);
    CHECK(d.offset == 5);

    auto bad = encodeMessage(Chat{"ok"});
    bad[3] = std::byte{0xC0};  // overlong UTF-8 lead byte
    d = decodeMessage(bad);
    CHECK(d.error == DecodeError::BadEncoding);
    CHECK(d.offset == 3);

    auto mod = encodeMessage(Moderate{ModerationAction::Kick, 1, ""});
    mod[1] = std::byte{9};
    CHECK(decodeMessage(mod).error == DecodeError::BadEnum);

    auto hello = encodeMessage(Hello{kProtocolVersion, std::nullopt, {}, "v", "n"});
    hello[2] = std::byte{'X'};
    CHECK(decodeMessage(hello).error == DecodeError::BadMagic);

    // A delta entry without a baseline contradicts itself.
    Snapshot s;
    s.entries.push_back(makeEntry(1, 0, sampleState(4), nullptr, 0));
    auto snap = encodeMessage(s);
    snap[kSnapshotHeaderBytes + 2] = std::byte{0};  // mask low byte: head position "Same" without a baseline
    CHECK(decodeMessage(snap).error == DecodeError::Inconsistent);
}

TEST_CASE("a Hello of another version is recognisable before decoding", "[protocol]") {
    auto bytes = encodeMessage(Hello{7, std::nullopt, {}, "v", "n"});
    CHECK(peekHelloVersion(bytes) == std::optional<std::uint16_t>(7));
    CHECK_FALSE(peekHelloVersion(encodeMessage(Chat{"x"})));
}

TEST_CASE("positions quantise to the millimetre inside the venue bounds", "[quantize]") {
    const VenueBounds bounds;
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> xz(-900.0f, 900.0f), y(-40.0f, 140.0f);
    for (int i = 0; i < 1000; ++i) {
        AvatarPose p;
        p.head.position = {xz(rng), y(rng), xz(rng)};
        p.leftHand.position = p.head.position + glm::vec3(-0.4f, -0.5f, 0.2f);
        p.rightHand.position = p.head.position + glm::vec3(0.4f, -0.5f, -0.2f);
        const AvatarPose back = dequantize(quantize(p, bounds), bounds);
        // float32 holds ~0.06 mm at 1 km: half a millimetre plus float rounding.
        for (int a = 0; a < 3; ++a) {
            CHECK(std::abs(back.head.position[a] - p.head.position[a]) <= 0.0006f);
            CHECK(std::abs(back.leftHand.position[a] - p.leftHand.position[a]) <= 0.0011f);
        }
    }
    AvatarPose outside;
    outside.head.position = {5000.0f, -500.0f, 0.0f};
    const QuantizedAvatar q = quantize(outside, bounds);
    CHECK(insideBounds(q, bounds));
    CHECK(q.headPos[0] == bounds.sizeMm[0]);
    CHECK(q.headPos[1] == 0);
}

TEST_CASE("smallest-three orientations stay within a quarter degree", "[quantize]") {
    std::mt19937 rng(6);
    std::normal_distribution<float> n(0.0f, 1.0f);
    float worst = 0.0f;
    for (int i = 0; i < 20000; ++i) {
        const glm::quat q = glm::normalize(glm::quat(n(rng), n(rng), n(rng), n(rng)));
        const glm::quat r = unpackQuaternion(packQuaternion(q));
        const float dot = std::min(1.0f, std::abs(glm::dot(q, r)));
        worst = std::max(worst, 2.0f * std::acos(dot));
    }
    CHECK(glm::degrees(worst) < 0.25f);
    CHECK(glm::degrees(worst) > 0.0f);
}

TEST_CASE("sequence numbers compare across the wrap-around", "[quantize]") {
    CHECK(sequenceNewer(1, 65535));
    CHECK(sequenceNewer(100, 99));
    CHECK_FALSE(sequenceNewer(65535, 1));
    CHECK_FALSE(sequenceNewer(5, 5));
    CHECK(sequenceDistance(2, 65534) == 4);
}

TEST_CASE("delta entries rebuild the exact state from their baseline", "[snapshot]") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> small(-100, 100), large(-20000, 20000);
    for (std::uint32_t i = 0; i < 2000; ++i) {
        const QuantizedAvatar base = sampleState(i);
        QuantizedAvatar cur = base;
        cur.headPos[0] = static_cast<std::uint32_t>(std::clamp<std::int64_t>(std::int64_t(cur.headPos[0]) + (i % 3 ? small(rng) : large(rng)), 0, kMaxExtentMm));
        cur.leftPos[1] = static_cast<std::int16_t>(std::clamp(cur.leftPos[1] + small(rng), -32768, 32767));
        if (i % 4 == 0) cur.headRot = static_cast<std::uint32_t>(rng());
        if (i % 5 == 0) cur.rightPos[2] = static_cast<std::int16_t>(large(rng));
        const SnapshotEntry e = makeEntry(9, 0, cur, &base, 2);
        Snapshot s;
        s.seq = 10;
        s.entries = {e};
        const auto bytes = encodeMessage(s);
        const auto decoded = decodeMessage(bytes);
        REQUIRE(decoded);
        const auto& back = std::get<Snapshot>(*decoded.value).entries.at(0);
        CHECK(encodedSize(back) + kSnapshotHeaderBytes == bytes.size());
        const auto state = applyEntry(back, &base);
        REQUIRE(state);
        CHECK(*state == cur);
        CHECK_FALSE(applyEntry(back, nullptr));
    }
    // An unchanged avatar costs only the entry header.
    const QuantizedAvatar same = sampleState(1);
    CHECK(encodedSize(makeEntry(1, 0, same, &same, 1)) == 7);
    CHECK(encodedSize(makeEntry(1, 0, same, nullptr, 0)) == kMaxEntryBytes);
}

TEST_CASE("the receiver resolves baselines by sequence and acks what arrived", "[snapshot]") {
    SnapshotReceiver rx;
    std::vector<SnapshotReceiver::Update> out;
    const QuantizedAvatar a = sampleState(11);
    QuantizedAvatar b = a;
    b.headPos[2] += 15;
    rx.apply(Snapshot{65534, 0, kNoPoseWait, {makeEntry(2, 0, a, nullptr, 0)}}, out);
    rx.apply(Snapshot{1, 0, kNoPoseWait, {makeEntry(2, 0, b, &a, 3)}}, out);  // seq wrapped: 1 - 3 = 65534
    REQUIRE(out.size() == 2);
    CHECK(out[1].state == b);
    CHECK(rx.acks().latest() == 1);
    CHECK(rx.acks().mask() == 0b1001u);
    rx.apply(Snapshot{2, 0, kNoPoseWait, {makeEntry(2, 0, b, &a, 30)}}, out);  // unknown baseline
    CHECK(rx.unresolved() == 1);
}
