// Spatial voice over real ENet on loopback (issue 11): a relay on its own
// thread, 20 talking clients and a listening moderator on one client host.
// Checked on the wire (the listener's raw voice-channel packets): at most N
// speakers, the nearest and loudest; a muted speaker never arrives; poses keep
// flowing while voice flows. Not timed: latencies get a generous bound only.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "loopback_harness.hpp"
#include "relay_harness.hpp"

using namespace places::net;
using places::net::test::LoopbackRelay;
using places::net::test::poseAt;
using places::net::test::ticketFor;

namespace {

struct Member {
    std::unique_ptr<Client> client;
    PeerId peer = kNoPeer;
    std::uint8_t loudness = 97;  // -30 dBFS
    std::uint16_t seq = 0;
    float x = 0.0f;
};

// The listener's side of the wire: voice-channel packets by speaker, and pose ages.
struct Wire {
    std::map<ParticipantId, int> voiceBySpeaker;
    std::vector<std::uint32_t> poseAgesMs;
};

double p99(std::vector<std::uint32_t> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * 99 / 100)];
}

}  // namespace

TEST_CASE("ENet loopback voice: top N on the wire, mute, poses keep flowing", "[integration][voice]") {
    const KeyPair keys = generateKeyPair();
    RelayConfig config = LoopbackRelay::openConfig();
    config.ticketKey = keys.publicKey;
    config.voice.streams = 6;
    LoopbackRelay relay(config);
    const std::uint16_t port = relay.transport->port();

    auto host = ENetTransport::client(21);
    REQUIRE(host);
    ENetTransport& net = **host;
    SteadyClock clock;
    std::vector<Member> members(21);
    std::map<PeerId, Member*> byPeer;
    for (std::size_t i = 0; i < members.size(); ++i) {
        ClientConfig cc;
        if (i == 0) {
            cc.ticket = ticketFor(keys, Role::Moderator, "Ear", clock.unixSeconds() + 3600);
        } else {
            cc.venue = "hall";
            cc.name = std::string("Talker").append(std::to_string(i));
        }
        cc.interpolate = false;
        members[i].client = std::make_unique<Client>(cc, net, clock);
        // Along a line, 1.5 m apart from 1 m: the listener at the origin.
        members[i].x = i == 0 ? 0.0f : -0.5f + 1.5f * static_cast<float>(i);
        members[i].peer = net.connect("127.0.0.1", port);
        REQUIRE(members[i].peer != kNoPeer);
        byPeer[members[i].peer] = &members[i];
    }
    Client& ear = *members[0].client;
    // Talker 17 (25 m away) shouts at full scale: 1/25 beats -30 dBFS at 1 m.
    members[17].loudness = 127;

    Wire wire;
    bool voiceOn = false, measuring = false;
    ear.onAvatarUpdate = [&](const SnapshotReceiver::Update& u) {
        if (measuring)
            wire.poseAgesMs.push_back(static_cast<std::uint16_t>(clock.nowMicros() / 1000 - u.poseTimeMs));
    };
    std::uint64_t nextVoiceUs = 0;
    const auto run = [&](double seconds) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < end) {
            TransportEvent e;
            while (net.poll(e, 0)) {
                auto it = byPeer.find(e.peer);
                if (it == byPeer.end()) continue;
                Member& m = *it->second;
                if (e.kind == TransportEventKind::Connected) m.client->start(e.peer);
                if (measuring && &m == &members[0] && e.kind == TransportEventKind::Received &&
                    e.channel == Channel::Voice && e.data.size() >= 3) {
                    // VoiceFrom: type, then the speaker (u16, little-endian).
                    ++wire.voiceBySpeaker[static_cast<ParticipantId>(std::to_integer<unsigned>(e.data[1]) |
                                                                     std::to_integer<unsigned>(e.data[2]) << 8)];
                }
                m.client->handle(e);
            }
            // Everyone turns their head a little (the relay sends no pose that did not change).
            const float yaw = 0.3f * std::sin(static_cast<float>(clock.nowMicros() % 10'000'000) * 1e-6f);
            for (Member& m : members) {
                m.client->setPose(poseAt(m.x, 0, yaw));
                m.client->update();
            }
            const std::uint64_t now = clock.nowMicros();
            if (voiceOn && now >= nextVoiceUs) {
                nextVoiceUs = now + kVoiceFrameMs * 1000;
                const std::vector<std::byte> opus(60, std::byte{0x5a});
                for (std::size_t i = 1; i < members.size(); ++i)
                    members[i].client->sendVoice(members[i].seq++, now - kVoiceFrameMs * 1000, members[i].loudness, opus);
            }
            net.flush();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    };
    const auto allJoined = [&] {
        return std::all_of(members.begin(), members.end(),
                           [](const Member& m) { return m.client->state() == ClientState::Joined; });
    };
    for (int i = 0; i < 200 && !allJoined(); ++i) run(0.05);
    REQUIRE(allJoined());
    run(0.5);  // poses in

    // Poses alone.
    measuring = true;
    run(1.5);
    const auto posesOff = wire.poseAgesMs;
    measuring = false;

    // Voice on: the ranking settles, then one measured stretch.
    voiceOn = true;
    run(0.3);
    wire = {};
    measuring = true;
    run(1.5);
    measuring = false;
    std::set<ParticipantId> expected{members[17].client->welcome()->you};
    for (std::size_t i = 1; i <= 5; ++i) expected.insert(members[i].client->welcome()->you);
    std::set<ParticipantId> heard;
    for (const auto& [id, n] : wire.voiceBySpeaker) heard.insert(id);
    CHECK(heard == expected);
    for (const auto& [id, n] : wire.voiceBySpeaker) CHECK(n > 40);  // ~75 sent in 1.5 s; loopback loses none
    std::printf("voice loopback: pose age p99 %.0f ms without voice (%zu samples), %.0f ms with 20 talkers "
                "(%zu samples)\n",
                p99(posesOff), posesOff.size(), p99(wire.poseAgesMs), wire.poseAgesMs.size());
    CHECK(wire.poseAgesMs.size() > posesOff.size() / 2);  // poses kept flowing
    CHECK(p99(wire.poseAgesMs) < 500.0);                  // generous: a shared CI machine

    // The moderator mutes the shouter: none of its frames reaches the wire.
    const ParticipantId shouter = members[17].client->welcome()->you;
    ear.moderate(ModerationAction::Mute, shouter, "too loud");
    run(0.3);
    wire = {};
    measuring = true;
    run(1.0);
    measuring = false;
    CHECK(wire.voiceBySpeaker.count(shouter) == 0);
    CHECK(wire.voiceBySpeaker.size() == 6);  // the next nearest takes its place
    CHECK(wire.voiceBySpeaker.count(members[6].client->welcome()->you) == 1);
    relay.halt();
    const RelayMetrics& m = relay.relay->metrics();
    CHECK(m.dropped.at("voice_muted") > 0);
    CHECK(m.voiceStreamsMax <= 6);
}
