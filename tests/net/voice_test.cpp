// Spatial voice on the relay (issue 11): the wire format of voice frames, the
// per-listener choice of at most N speakers, and the relay's voice rules (mute,
// hosts, limits) over MemoryTransport with a FakeClock.
#include <catch2/catch.hpp>

#include <limits>
#include <map>
#include <set>

#include "places/net/voice_forwarding.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::poseAt;
using places::net::test::RawPeer;
using places::net::test::RelayHarness;
using places::net::test::ticketFor;

namespace {

std::vector<std::byte> payload(std::size_t n, std::uint8_t fill = 0x5a) {
    return std::vector<std::byte>(n, static_cast<std::byte>(fill));
}

VoiceFrame frame(std::uint16_t seq, std::uint8_t loudness, std::size_t bytes = 60) {
    VoiceFrame f;
    f.seq = seq;
    f.captureTimeMs = 123'456u + seq * kVoiceFrameMs;
    f.loudness = loudness;
    f.opus = payload(bytes);
    return f;
}

std::size_t dropped(const Relay& relay, std::string_view reason) {
    auto it = relay.metrics().dropped.find(reason);
    return it == relay.metrics().dropped.end() ? 0 : it->second;
}

// Who a client heard, frame by frame.
struct Ears {
    explicit Ears(Client& c) {
        c.onVoice = [this](const VoiceFrame& f) {
            ++frames[f.speaker];
            speakersThisStep.insert(f.speaker);
        };
    }
    std::set<ParticipantId> heard() const {
        std::set<ParticipantId> out;
        for (const auto& [id, n] : frames) out.insert(id);
        return out;
    }
    std::map<ParticipantId, int> frames;
    std::set<ParticipantId> speakersThisStep;
};

// Every speaker sends one frame, then the harness steps (poses, one tick).
void talk(RelayHarness& h, const std::vector<Client*>& speakers, std::uint16_t seq,
          const std::map<Client*, std::uint8_t>& loudness = {}) {
    for (Client* s : speakers) {
        const auto it = loudness.find(s);
        const std::uint8_t level = it == loudness.end() ? std::uint8_t{97} : it->second;  // -30 dBFS
        REQUIRE(s->sendVoice(seq, h.clock.nowMicros(), level, payload(60)));
    }
    h.step(20);
}

}  // namespace

TEST_CASE("voice frames: round trip, one encoding, and every bad field refused at its offset", "[voice][protocol]") {
    Voice up{frame(7, 100)};
    const auto bytes = encodeMessage(up);
    CHECK(bytes.size() == 1 + 2 + 4 + 1 + 1 + 60);
    auto decoded = decodeMessage(bytes);
    REQUIRE(decoded);
    CHECK(std::get<Voice>(*decoded.value) == up);
    CHECK(channelOf(MessageType::Voice) == Channel::Voice);

    VoiceFrom down{frame(9, 127, kMaxVoicePayloadBytes)};
    down.frame.speaker = 42;
    decoded = decodeMessage(encodeMessage(down));
    REQUIRE(decoded);
    CHECK(std::get<VoiceFrom>(*decoded.value) == down);
    CHECK(channelOf(MessageType::VoiceFrom) == Channel::Voice);

    // Payload length 0 and over the limit (offset 8: type, seq, time, loudness).
    auto bad = bytes;
    bad[8] = std::byte{0};
    bad.resize(9);
    decoded = decodeMessage(bad);
    CHECK(decoded.error == DecodeError::BadLength);
    CHECK(decoded.offset == 8);
    bad = bytes;
    bad[8] = static_cast<std::byte>(kMaxVoicePayloadBytes + 1);
    bad.resize(9 + kMaxVoicePayloadBytes + 1, std::byte{1});
    decoded = decodeMessage(bad);
    CHECK(decoded.error == DecodeError::BadLength);
    CHECK(decoded.offset == 8);
    // Loudness bit 7 is reserved.
    bad = bytes;
    bad[7] = std::byte{0x80};
    decoded = decodeMessage(bad);
    CHECK(decoded.error == DecodeError::BadEncoding);
    CHECK(decoded.offset == 7);
    // Truncated payload, trailing bytes.
    bad = bytes;
    bad.pop_back();
    CHECK(decodeMessage(bad).error == DecodeError::Truncated);
    bad = bytes;
    bad.push_back(std::byte{0});
    CHECK(decodeMessage(bad).error == DecodeError::TrailingBytes);
    // Speaker 0 is the relay itself, which never speaks.
    auto from = encodeMessage(down);
    from[1] = from[2] = std::byte{0};
    decoded = decodeMessage(from);
    CHECK(decoded.error == DecodeError::BadEncoding);
    CHECK(decoded.offset == 1);
}

TEST_CASE("loudness codes: whole decibels below full scale, silence at 0", "[voice]") {
    CHECK(quantizeLoudness(0.0f) == 127);
    CHECK(quantizeLoudness(6.0f) == 127);
    CHECK(quantizeLoudness(-30.2f) == 97);
    CHECK(quantizeLoudness(-200.0f) == 0);
    CHECK(quantizeLoudness(-std::numeric_limits<float>::infinity()) == 0);
    CHECK(quantizeLoudness(std::numeric_limits<float>::quiet_NaN()) == 0);
    CHECK(loudnessDbfs(97) == -30.0f);
    CHECK(loudnessAmplitude(0) == 0.0f);
    CHECK(loudnessAmplitude(127) == Approx(1.0f));
    CHECK(loudnessAmplitude(107) == Approx(0.1f));
}

TEST_CASE("voice ranking: hosts first, then loudness x distance gain, at most N", "[voice]") {
    VoiceConfig config;
    config.streams = 3;
    CHECK(voiceDistanceGain(0.2f, config) == 1.0f);
    CHECK(voiceDistanceGain(4.0f, config) == Approx(0.25f));
    CHECK(voiceDistanceGain(41.0f, config) == 0.0f);
    const std::vector<VoiceCandidate> candidates{
        {1, {2, 0, 0}, 0.1f, false},     // 0.05
        {2, {4, 0, 0}, 0.1f, false},     // 0.025
        {3, {10, 0, 0}, 1.0f, false},    // 0.1: loud beats near
        {4, {300, 0, 0}, 0.01f, true},   // a host: heard from anywhere
        {5, {1, 0, 0}, 0.0f, false},     // silent
        {6, {50, 0, 0}, 1.0f, false},    // beyond the cutoff
        {9, {0, 0, 0}, 1.0f, false},     // the listener itself
    };
    std::vector<ParticipantId> out;
    pickVoiceStreams({0, 0, 0}, 9, candidates, config, out);
    CHECK(out == std::vector<ParticipantId>{4, 3, 1});
    config.streams = 6;
    pickVoiceStreams({0, 0, 0}, 9, candidates, config, out);
    CHECK(out == std::vector<ParticipantId>{4, 3, 1, 2});
    config.streams = 0;
    pickVoiceStreams({0, 0, 0}, 9, candidates, config, out);
    CHECK(out.empty());
}

TEST_CASE("with 20 speakers a listener hears at most N, the nearest and loudest", "[voice][relay]") {
    RelayConfig config = RelayHarness::openConfig();
    config.voice.streams = 6;
    RelayHarness h(config);
    Client& listener = h.join("hall", "Ear");
    listener.setPose(poseAt(0, 0));
    std::vector<Client*> speakers;
    std::map<Client*, std::uint8_t> loudness;
    for (int i = 0; i < 20; ++i) {
        Client& s = h.join("hall", std::string("Talker").append(std::to_string(i)));
        // Along a line, 1.5 m apart, 1..29.5 m from the listener (inside the cutoff).
        s.setPose(poseAt(1.0f + 1.5f * static_cast<float>(i), 0.0f));
        speakers.push_back(&s);
    }
    // One far talker shouts (0 dBFS at 25 m: 0.04, above -30 dBFS at 1 m: 0.032).
    Client& shouter = *speakers[16];
    loudness[&shouter] = 127;
    Ears ears(listener);
    for (int i = 0; i < 3; ++i) h.step();  // poses in
    for (std::uint16_t seq = 0; seq < 3; ++seq) talk(h, speakers, seq, loudness);  // the ranking settles
    ears.frames.clear();
    for (std::uint16_t seq = 3; seq < 20; ++seq) {
        ears.speakersThisStep.clear();
        talk(h, speakers, seq, loudness);
        CHECK(ears.speakersThisStep.size() <= 6);
    }
    std::set<ParticipantId> expected{shouter.welcome()->you};
    for (int i = 0; i < 5; ++i) expected.insert(speakers[static_cast<std::size_t>(i)]->welcome()->you);
    CHECK(ears.heard() == expected);
    for (const auto& [id, n] : ears.frames) CHECK(n == 17);  // every frame of each chosen voice
    CHECK(h.relay.metrics().voiceStreamsMax == 6);
    CHECK(h.relay.metrics().voiceFramesDropped == 0);
    CHECK(h.relay.metrics().voiceFramesIn == 20u * 20u);
}

TEST_CASE("a muted speaker is never forwarded, to anyone", "[voice][relay]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config;
    config.ticketKey = keys.publicKey;
    RelayHarness h(config);
    const auto exp = h.clock.unixSeconds() + 3600;
    Client& mod = h.join("", "", ticketFor(keys, Role::Moderator, "Mod", exp));
    Client& a = h.join("", "", ticketFor(keys, Role::Visitor, "Ann", exp));
    Client& troll = h.join("", "", ticketFor(keys, Role::Visitor, "Troll", exp));
    mod.setPose(poseAt(0, 0));
    a.setPose(poseAt(2, 0));
    troll.setPose(poseAt(1, 0));
    Ears modEars(mod), annEars(a);
    for (int i = 0; i < 3; ++i) h.step();
    talk(h, {&troll, &a}, 0);
    talk(h, {&troll, &a}, 1);
    REQUIRE(modEars.frames.count(troll.welcome()->you));  // heard before the mute

    mod.moderate(ModerationAction::Mute, troll.welcome()->you, "shouting");
    h.step();
    modEars.frames.clear();
    annEars.frames.clear();
    const std::uint64_t dropsBefore = h.relay.metrics().voiceFramesDropped;
    for (std::uint16_t seq = 2; seq < 12; ++seq) talk(h, {&troll, &a}, seq);
    CHECK(modEars.frames.count(troll.welcome()->you) == 0);
    CHECK(annEars.frames.count(troll.welcome()->you) == 0);
    CHECK(modEars.frames.at(a.welcome()->you) == 10);  // the others still talk
    CHECK(h.relay.metrics().voiceFramesDropped - dropsBefore == 10);
    CHECK(dropped(h.relay, "voice_muted") == 10);

    mod.moderate(ModerationAction::Unmute, troll.welcome()->you, "");
    h.step();
    for (std::uint16_t seq = 12; seq < 16; ++seq) talk(h, {&troll, &a}, seq);
    CHECK(modEars.frames.count(troll.welcome()->you) == 1);
}

TEST_CASE("a stage host is heard from far away and in every overflow instance", "[voice][relay]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config;
    config.ticketKey = keys.publicKey;
    config.avatarCapacity = 2;
    RelayHarness h(config);
    const auto exp = h.clock.unixSeconds() + 3600;
    Client& host = h.join("", "", ticketFor(keys, Role::Host, "Stage", exp));
    Client& near0 = h.join("", "", ticketFor(keys, Role::Visitor, "A", exp));
    Client& far0 = h.join("", "", ticketFor(keys, Role::Visitor, "B", exp));
    Client& overflow = h.join("", "", ticketFor(keys, Role::Visitor, "C", exp));
    REQUIRE(overflow.welcome()->instance == 1);
    host.setPose(poseAt(0, -300));      // the stage, 300 m away from the crowd
    near0.setPose(poseAt(0, 0));
    far0.setPose(poseAt(200, 0));      // 200 m from A: beyond the cutoff
    overflow.setPose(poseAt(0, 0));
    Ears hostEars(host), nearEars(near0), overflowEars(overflow);
    for (int i = 0; i < 3; ++i) h.step();
    for (std::uint16_t seq = 0; seq < 10; ++seq) talk(h, {&host, &far0}, seq);
    CHECK(nearEars.frames.count(host.welcome()->you) == 1);
    CHECK(overflowEars.frames.count(host.welcome()->you) == 1);
    CHECK(nearEars.frames.count(far0.welcome()->you) == 0);      // a visitor 200 m away is not
    CHECK(overflowEars.frames.count(far0.welcome()->you) == 0);  // nor one in another instance
    CHECK(hostEars.frames.count(far0.welcome()->you) == 0);      // the host is 360 m from B
    CHECK(nearEars.frames.at(host.welcome()->you) >= 8);          // from the first tick after it spoke
}

TEST_CASE("garbage, oversized and too-fast voice frames are refused and counted", "[voice][relay][hostile]") {
    RelayHarness h(RelayHarness::openConfig());
    Client& listener = h.join("hall", "Ear");
    listener.setPose(poseAt(0, 0));
    Ears ears(listener);
    RawPeer raw(h);
    raw.send(encodeMessage(Hello{kProtocolVersion, std::nullopt, {}, "hall", "Noisy"}));
    REQUIRE(!raw.received().empty());
    h.step();

    // A 200-byte "Opus" payload: under the message limit, over the voice limit.
    std::vector<std::byte> oversized{std::byte{0x07}, std::byte{1}, std::byte{0}, std::byte{0}, std::byte{0},
                                     std::byte{0}, std::byte{0}, std::byte{100}, std::byte{200}};
    oversized.resize(oversized.size() + 200, std::byte{0xAB});
    raw.send(oversized, Channel::Voice);
    raw.send({std::byte{0x07}, std::byte{0xFF}}, Channel::Voice);  // truncated
    CHECK(h.relay.metrics().voiceFramesDropped == 2);
    CHECK(dropped(h.relay, "voice_malformed") == 2);
    // A valid frame on the pose channel is a protocol error, not voice.
    raw.send(encodeMessage(Voice{frame(1, 100)}), Channel::Unreliable);
    CHECK(dropped(h.relay, "wrong_channel") == 1);

    // 30 frames at once: what is left of the burst (10, less the two bad
    // frames above: the limit counts before decoding) passes, the rest is rate-limited.
    for (std::uint16_t seq = 0; seq < 30; ++seq) raw.send(encodeMessage(Voice{frame(seq, 100)}), Channel::Voice);
    CHECK(dropped(h.relay, "voice_rate_limited") == 22);
    CHECK(h.relay.metrics().voiceFramesDropped == 24);
    CHECK(h.relay.metrics().voiceFramesIn == 32);
    h.step();
    CHECK(ears.frames.empty());  // nothing of it reached anyone (and no speaker chosen yet)
    CHECK(h.relay.sessions().size() == 2);  // strikes: not yet disconnected
}

TEST_CASE("a listener's voice byte budget drops copies rather than queueing them", "[voice][relay]") {
    RelayConfig config = RelayHarness::openConfig();
    config.voice.listenerBytesPerSecond = 1000.0;  // ~14 frames of 70 bytes a second
    config.voice.listenerBurstBytes = 300.0;
    RelayHarness h(config);
    Client& listener = h.join("hall", "Ear");
    Client& a = h.join("hall", "A");
    Client& b = h.join("hall", "B");
    listener.setPose(poseAt(0, 0));
    a.setPose(poseAt(1, 0));
    b.setPose(poseAt(-1, 0));
    Ears ears(listener);
    for (int i = 0; i < 3; ++i) h.step();
    for (std::uint16_t seq = 0; seq < 50; ++seq) talk(h, {&a, &b}, seq);
    int received = 0;
    for (const auto& [id, n] : ears.frames) received += n;
    // 49 ticks x 20 ms ~ 1 s: ~1,000 bytes + the burst, ~70 bytes a copy.
    CHECK(received > 0);
    CHECK(received <= 1300 / 70 + 1);
    CHECK(h.relay.metrics().voiceBudgetDrops > 0);
}
