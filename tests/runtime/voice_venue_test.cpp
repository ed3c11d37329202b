// Spatial voice end to end (issue 11), every part real: a relay (VenueHost)
// over ENet on loopback, talkers that are VenueClients sending Opus frames
// made by places_audio's VoiceSender (push-to-talk held, so every 20 ms
// frame goes out), and one listener that is a VenueClient with a VenueLayer
// whose voice session mixes into OpenAL Soft's loopback device (HRTF on),
// so no sound card is needed. The mix is rendered 20 ms per 20 ms of wall
// time, as a sound card would consume it. Checked on the output samples and
// on what arrived: direction, the cutoff, mute, top N of 20, 10 % loss
// concealed, poses flowing while voice flows. Not timed tests: latency
// bounds are generous (a shared CI machine); the numbers are benchmarks'.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <list>
#include <optional>
#include <set>
#include <thread>

#include <glm/gtc/quaternion.hpp>

#include "places/audio/speech_signal.hpp"
#include "places/audio/voice_sender.hpp"
#include "places/render/frame_views.hpp"
#include "places/net/venue_host.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/venue_layer.hpp"

using namespace places;
using namespace std::chrono_literals;

namespace {

constexpr const char* kVenue = "voice-venue";
constexpr float kHeadY = 1.6f;

// Standing at `p`, the head turning a little (the relay sends no pose that did not change).
net::AvatarPose standingAt(glm::vec3 p, double seconds = 0.0) {
    net::AvatarPose pose;
    pose.head.position = p;
    pose.head.orientation = glm::angleAxis(0.3f * float(std::sin(seconds)), glm::vec3(0.0f, 1.0f, 0.0f));
    pose.leftHand.position = p + glm::vec3(-0.3f, -0.6f, -0.2f);
    pose.rightHand.position = p + glm::vec3(0.3f, -0.6f, -0.2f);
    return pose;
}

struct Talker {
    std::unique_ptr<runtime::VenueClient> client;
    audio::VoiceSender sender{{.pushToTalk = true}};
    std::vector<float> signal;  // looped; a whole number of frames
    std::size_t at = 0;
    glm::vec3 position{0.0f};
    bool talking = false;
    std::function<bool(std::uint16_t)> lost = [](std::uint16_t) { return false; };  // dropped before the relay
    std::uint64_t dropped = 0;
    std::uint64_t sent() const { return client->summary().voiceFramesSent; }
    net::ParticipantId id() const { return client->client().welcome()->you; }
};

struct Mix {
    std::vector<float> stereo;  // interleaved L, R
    double rms(int channel) const {
        double sum = 0.0;
        for (std::size_t i = std::size_t(channel); i < stereo.size(); i += 2) sum += double(stereo[i]) * stereo[i];
        return stereo.empty() ? 0.0 : std::sqrt(sum / double(stereo.size() / 2));
    }
    // Longest run of sample frames with both channels below -60 dBFS.
    std::size_t longestGap(std::size_t* endsAt = nullptr) const {
        std::size_t longest = 0, run = 0;
        for (std::size_t i = 0; i + 1 < stereo.size(); i += 2) {
            run = std::abs(stereo[i]) < 1e-3f && std::abs(stereo[i + 1]) < 1e-3f ? run + 1 : 0;
            if (run > longest && endsAt) *endsAt = i / 2;
            longest = std::max(longest, run);
        }
        return longest;
    }
};

class VoiceVenue {
public:
    explicit VoiceVenue(net::RelayConfig config = {}, audio::PlaybackSettings playback = {}) {
        auto started = net::VenueHost::start(config);
        REQUIRE(started.value);
        host_ = std::move(*started.value);
        scene_.venueId = kVenue;
        // The listener is a moderator (it mutes in one test) at the origin, looking north (-z).
        ear_ = join(net::Role::Moderator, "Ear");
        layer_.emplace(*ear_, models_, &panel_);
        auto voice = audio::VoiceSession::open({.loopback = true, .playback = playback});
        INFO(voice.diagnostics.firstError());
        REQUIRE(voice.ok());
        layer_->useVoice(std::move(*voice));
        ear_->client().onAvatarUpdate = [this](const net::SnapshotReceiver::Update& u) {
            if (measurePoses)
                poseAgesMs.push_back(std::uint16_t(clock_.nowMicros() / 1000 - u.poseTimeMs));
        };
    }
    ~VoiceVenue() { host_->stop(); }

    Talker& addTalker(glm::vec3 position, std::vector<float> signal) {
        Talker& t = talkers_.emplace_back();
        REQUIRE(signal.size() % audio::kFrameSamples == 0);
        std::string name = "Talker";
        name += std::to_string(talkers_.size());
        t.client = join(net::Role::Visitor, name);
        t.position = position;
        t.signal = std::move(signal);
        return t;
    }

    // Runs everyone for `seconds` of wall time; the mix rendered meanwhile is kept when `record`.
    Mix run(double seconds, bool record = true) {
        Mix mix;
        const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        std::vector<float> chunk(audio::kFrameSamples * 2);
        while (std::chrono::steady_clock::now() < end) {
            const std::uint64_t now = clock_.nowMicros();
            if (nextFrameUs_ == 0) nextFrameUs_ = nextMixUs_ = now;
            // Every 20 ms frame due by now, also after a stall of this thread
            // (a sound card buffers what it captured meanwhile), at most 5.
            std::vector<std::uint64_t> due;  // capture time of each frame's first sample
            for (; now >= nextFrameUs_ && due.size() < 5; nextFrameUs_ += audio::kFrameMs * 1000)
                due.push_back(nextFrameUs_ - audio::kFrameMs * 1000);
            if (now >= nextFrameUs_) nextFrameUs_ = now + audio::kFrameMs * 1000;
            for (Talker& t : talkers_) {
                t.client->setPose(standingAt(t.position, double(now) * 1e-6));
                t.sender.setTalkKeyHeld(t.talking);
                for (const std::uint64_t captured : due) {
                    std::span<const float> pcm(t.signal.data() + t.at, audio::kFrameSamples);
                    t.at = (t.at + audio::kFrameSamples) % t.signal.size();
                    for (const audio::EncodedFrame& f : t.sender.push(pcm, captured)) {
                        if (t.lost(f.sequence)) ++t.dropped;
                        else t.client->sendVoice(f);
                    }
                }
                t.client->update();
            }
            layer_->update(standingAt({0.0f, kHeadY, 0.0f}));
            // The sound card's side: 20 ms mixed per 20 ms. A stall of this
            // thread longer than the queue is skipped, not caught up in a
            // burst: a real card plays on, and a burst would only measure
            // the machine's load.
            if (now >= nextMixUs_ + 3 * audio::kFrameMs * 1000) nextMixUs_ = now;
            if (now >= nextMixUs_) {
                nextMixUs_ += audio::kFrameMs * 1000;
                layer_->voice()->output().renderLoopback(chunk);
                present();
                if (record) mix.stereo.insert(mix.stereo.end(), chunk.begin(), chunk.end());
            }
            std::this_thread::sleep_for(2ms);
        }
        return mix;
    }

    bool everyoneSeen() const {
        std::set<std::uint32_t> seen;
        for (const net::PresenceAvatar& a : ear_->presence().avatars()) seen.insert(a.id);
        for (const Talker& t : talkers_)
            if (!t.client->joined() || !seen.count(t.id())) return false;
        return true;
    }
    void settle() {
        for (int i = 0; i < 100 && !everyoneSeen(); ++i) run(0.05, false);
        REQUIRE(everyoneSeen());
        run(0.3, false);  // past the interpolation delay: every avatar where it stands
    }

    // As a front end's frame does: avatars, and the panel (typed chat goes out).
    void present() {
        runtime::FrameContent content;
        layer_->addContent(render::monoViews(render::Camera{}, 16.0 / 9.0), {640, 360}, 0.02, "", "", false, content);
    }
    void typeChat(const std::string& line) { panel_.typeChat(line); }
    runtime::VenueClient& ear() { return *ear_; }
    audio::VoiceSession& voice() { return *layer_->voice(); }
    std::uint64_t framesIn() const { return ear_->client().stats().voiceFramesIn; }
    bool measurePoses = false;
    std::vector<std::uint32_t> poseAgesMs;

private:
    std::unique_ptr<runtime::VenueClient> join(net::Role role, const std::string& name) {
        runtime::VenueJoinSettings settings;
        settings.relay = "127.0.0.1:" + std::to_string(host_->port());
        settings.ticket = host_->ticket(kVenue, role, name);
        auto joined = runtime::joinVenue(settings, scene_, clock_);
        INFO(joined.diagnostics.firstError());
        REQUIRE(joined.value);
        return std::move(*joined.value);
    }

    net::SteadyClock clock_;
    std::unique_ptr<net::VenueHost> host_;
    runtime::RenderScene scene_;
    render::AvatarModels models_;
    std::unique_ptr<runtime::VenueClient> ear_;
    ui::Panel panel_;
    std::list<Talker> talkers_;  // stable addresses
    std::optional<runtime::VenueLayer> layer_;
    std::uint64_t nextFrameUs_ = 0, nextMixUs_ = 0;
};

std::vector<float> speech(float phase = 0.0f) {
    return audio::speechLikeSignal(audio::kSampleRateHz * 4, {.phase = phase});
}

double p99(std::vector<std::uint32_t> v) {
    if (v.empty()) return 1e9;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * 99 / 100)];
}

}  // namespace

TEST_CASE("through the relay: a talker on the left is louder on the left, one beyond the cutoff is silent",
          "[integration][voice]") {
    net::RelayConfig config;
    config.voice.cutoffDistance = 200.0f;  // the relay forwards the far talker: the mix must silence it
    VoiceVenue venue(config, {.cutoffM = 40.0f});
    Talker& left = venue.addTalker({-3.0f, kHeadY, 0.0f}, speech());
    Talker& far = venue.addTalker({0.0f, kHeadY, -60.0f}, speech(0.3f));
    venue.settle();

    left.talking = true;
    venue.run(0.5, false);  // the jitter buffer fills
    const std::uint64_t before = venue.framesIn(), sentBefore = left.sent();
    const Mix heard = venue.run(1.5);
    INFO("left talker: L " << heard.rms(0) << " R " << heard.rms(1));
    REQUIRE(left.sent() - sentBefore > 20);  // ~75 in 1.5 s
    CHECK(venue.framesIn() - before > (left.sent() - sentBefore) / 2);
    REQUIRE(heard.rms(0) > 0.005);
    CHECK(heard.rms(0) > 1.4 * heard.rms(1));
    CHECK(venue.voice().speaking(left.id()));
    CHECK(venue.voice().playback().lastCaptureTimeMs(left.id()) != 0);

    left.talking = false;
    far.talking = true;
    venue.run(0.6, false);  // the left talker's last frames play out
    const std::uint64_t farBefore = venue.framesIn(), farSent = far.sent();
    const Mix distant = venue.run(1.5);
    INFO("far talker: L " << distant.rms(0) << " R " << distant.rms(1));
    REQUIRE(far.sent() - farSent > 20);
    CHECK(venue.framesIn() - farBefore > (far.sent() - farSent) / 2);  // it arrives...
    CHECK(distant.rms(0) < 1e-4);              // ...and is not heard
    CHECK(distant.rms(1) < 1e-4);
}

TEST_CASE("through the relay: a talker a moderator mutes (/mute NAME typed in the panel) is never forwarded "
          "and never heard",
          "[integration][voice]") {
    VoiceVenue venue;
    Talker& talker = venue.addTalker({2.0f, kHeadY, -1.0f}, speech());
    venue.settle();
    talker.talking = true;
    venue.run(0.5, false);
    const Mix before = venue.run(1.0);
    REQUIRE(before.rms(1) > 0.005);

    venue.typeChat("/mute Talker1");
    venue.run(0.6, false);  // the mute lands; frames already queued play out
    const std::uint64_t framesBefore = venue.framesIn();
    const Mix after = venue.run(1.5);
    CHECK(venue.framesIn() == framesBefore);  // not one frame on the listener's wire
    CHECK(after.rms(0) < 1e-4);
    CHECK(after.rms(1) < 1e-4);
    CHECK_FALSE(venue.voice().speaking(talker.id()));
    CHECK(talker.client->summary().voiceFramesSent > 50);  // it went on talking
    // The command was not said aloud.
    for (const net::ChatFrom& c : talker.client->client().chat()) CHECK(c.text.find("/mute") == std::string::npos);
}

TEST_CASE("through the relay: of 20 talkers the listener gets the nearest N, and poses keep flowing",
          "[integration][voice]") {
    net::RelayConfig config;
    config.voice.streams = 6;
    VoiceVenue venue(config);
    std::vector<Talker*> talkers;
    // Along a line east, 1.5 m apart from 1 m; a steady tone each, all equally
    // loud, so the relay's ranking is by distance alone.
    for (int i = 0; i < 20; ++i)
        talkers.push_back(&venue.addTalker({1.0f + 1.5f * float(i), kHeadY, 0.0f},
                                           audio::sineTone(audio::kSampleRateHz, 300.0f + 20.0f * float(i), 0.2f)));
    venue.settle();
    venue.measurePoses = true;
    venue.run(1.5, false);
    const std::vector<std::uint32_t> quiet = venue.poseAgesMs;
    venue.poseAgesMs.clear();

    for (Talker* t : talkers) t->talking = true;
    const Mix mix = venue.run(2.0);
    const std::vector<std::uint32_t> talking = venue.poseAgesMs;
    venue.measurePoses = false;

    std::set<std::uint32_t> nearest, heard;
    for (int i = 0; i < 6; ++i) nearest.insert(talkers[std::size_t(i)]->id());
    for (std::uint32_t s : venue.voice().playback().speakers()) heard.insert(s);
    CHECK(heard == nearest);  // never a stream from anyone else, not even for a frame
    CHECK(venue.voice().playback().counts().refusedSpeakers == 0);
    CHECK(mix.rms(1) > 0.005);
    INFO("pose age p99 " << p99(quiet) << " ms without voice (" << quiet.size() << "), " << p99(talking)
                         << " ms with 20 talkers (" << talking.size() << ")");
    CHECK(talking.size() > quiet.size() / 2);  // poses kept flowing
    CHECK(p99(talking) <= 2.0 * p99(quiet) + 100.0);  // generous: a shared CI machine
}

TEST_CASE("through the relay: 10 % of a talker's frames lost are concealed, no gap of even half a frame",
          "[integration][voice]") {
    VoiceVenue venue;
    // A sustained vowel-like tone: speech has pauses of its own between syllables.
    Talker& talker = venue.addTalker({0.0f, kHeadY, -2.0f}, audio::sineTone(audio::kSampleRateHz * 4, 220.0f, 0.3f));
    // A fixed pseudo-random tenth of the frames never reaches the relay.
    talker.lost = [](std::uint16_t seq) { return (seq * 2654435761u >> 16) % 10 == 0; };
    venue.settle();
    talker.talking = true;
    venue.run(0.6, false);
    const Mix mix = venue.run(3.0);
    const audio::PlaybackCounts counts = venue.voice().playback().counts();
    std::size_t gapEnd = 0;
    const std::size_t gap = mix.longestGap(&gapEnd);
    INFO("longest gap " << gap << " samples, ending at " << gapEnd << " of " << mix.stereo.size() / 2 << "; silent "
                        << counts.slots.silent << ", " << counts.packets << " packets; recovered " << counts.slots.recovered << ", concealed "
                        << counts.slots.concealed << ", decoded " << counts.slots.decoded);
    REQUIRE(mix.rms(0) > 0.005);
    INFO(talker.dropped << " frames dropped before the relay");
    REQUIRE(talker.dropped >= 5);
    CHECK(counts.slots.recovered + counts.slots.concealed + 2 >= talker.dropped);  // each was filled
    // The issue asks for no gap longer than a frame; a lost frame left
    // unconcealed makes a gap of ~930 samples, so half a frame is the bound
    // that tells concealment from none.
    CHECK(gap < audio::kFrameSamples / 2);
}
