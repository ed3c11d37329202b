#include "places/runtime/voice_latency_benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <thread>

#include "places/audio/voice_sender.hpp"
#include "places/net/venue_host.hpp"
#include "places/runtime/venue_join.hpp"
#include "places/runtime/venue_layer.hpp"

namespace places::runtime {

namespace {

constexpr std::uint32_t kPeriodSamples = audio::kSampleRateHz / 100;  // the mixer's 10 ms period
constexpr float kOnsetLevel = 0.02f;  // the burst mixes at ~0.1 at 2 m; silence decodes to ~0
constexpr const char* kVenue = "voice-latency";

net::AvatarPose standingAt(glm::vec3 p) {
    net::AvatarPose pose;
    pose.head.position = p;
    return pose;
}

// The talker's microphone: silence, and a 1 kHz burst every period.
class BurstSource {
public:
    explicit BurstSource(const VoiceLatencySettings& s)
        : periodFrames_(std::max(2u, s.burstPeriodMs / audio::kFrameMs)),
          burstFrames_(std::clamp(s.burstMs / audio::kFrameMs, 1u, periodFrames_ - 1)),
          pcm_(audio::kFrameSamples) {}
    // The next 20 ms; `onset` is true when a burst starts with this frame.
    std::span<const float> next(bool& onset) {
        const std::uint64_t inPeriod = frame_ % periodFrames_;
        onset = inPeriod == 0;
        for (std::uint32_t i = 0; i < audio::kFrameSamples; ++i) {
            const double t = double(frame_ * audio::kFrameSamples + i) / audio::kSampleRateHz;
            pcm_[i] = inPeriod < burstFrames_ ? float(0.5 * std::sin(2.0 * std::numbers::pi * 1000.0 * t)) : 0.0f;
        }
        ++frame_;
        return pcm_;
    }
    std::uint32_t quietFramesNeeded() const { return periodFrames_ - burstFrames_; }

private:
    std::uint32_t periodFrames_, burstFrames_;
    std::uint64_t frame_ = 0;
    std::vector<float> pcm_;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(double(v.size()) * p))];
}

// One mode: `send` carries a captured frame toward the listener, `pump`
// runs the listener's side (network, layer) and `session` is what mixes.
LatencyStats measure(const VoiceLatencySettings& s, const net::Clock& clock,
                     const std::function<void(const audio::EncodedFrame&)>& send, const std::function<void()>& pump,
                     audio::VoiceSession& session) {
    BurstSource source(s);
    audio::VoiceSender sender({.pushToTalk = true});
    sender.setTalkKeyHeld(true);
    std::vector<std::uint64_t> onsets;  // capture micros of each burst's first sample
    std::vector<double> latencies;
    std::vector<float> chunk(kPeriodSamples * 2);
    LatencyStats stats;
    const std::uint64_t start = clock.nowMicros();
    const std::uint64_t end = start + std::uint64_t(s.seconds * 1e6);
    std::uint64_t nextFrame = start + audio::kFrameMs * 1000, nextPeriod = start;
    std::uint64_t quietSamples = 0;
    const std::uint64_t quietNeeded = std::uint64_t(source.quietFramesNeeded()) * audio::kFrameSamples / 2;
    for (;;) {
        const std::uint64_t now = clock.nowMicros();
        if (now >= end) break;
        if (now >= nextFrame) {
            // The 20 ms that ended at nextFrame were captured; they are sent now.
            bool onset = false;
            const std::span<const float> pcm = source.next(onset);
            const std::uint64_t captured = nextFrame - audio::kFrameMs * 1000;
            if (onset) onsets.push_back(captured);
            for (const audio::EncodedFrame& f : sender.push(pcm, captured)) send(f);
            nextFrame += audio::kFrameMs * 1000;
        }
        pump();
        while (now >= nextPeriod) {
            // The virtual sound card plays this period from nextPeriod on.
            if (now > nextPeriod + 5000) ++stats.latePeriods;
            session.output().renderLoopback(chunk);
            for (std::uint32_t i = 0; i < kPeriodSamples; ++i) {
                const float level = std::max(std::abs(chunk[2 * i]), std::abs(chunk[2 * i + 1]));
                if (level < kOnsetLevel) {
                    ++quietSamples;
                    continue;
                }
                if (quietSamples >= quietNeeded) {
                    const std::uint64_t heard = nextPeriod + std::uint64_t(i) * 1000000u / audio::kSampleRateHz;
                    // The latest burst captured before it was heard.
                    const auto it = std::upper_bound(onsets.begin(), onsets.end(), heard);
                    if (it != onsets.begin()) latencies.push_back(double(heard - *(it - 1)) / 1000.0);
                }
                quietSamples = 0;
            }
            nextPeriod += kPeriodSamples * 1000000u / audio::kSampleRateHz;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    stats.bursts = onsets.size();
    stats.detected = latencies.size();
    stats.p50Ms = percentile(latencies, 0.50);
    stats.p95Ms = percentile(latencies, 0.95);
    stats.p99Ms = percentile(latencies, 0.99);
    stats.maxMs = percentile(latencies, 1.0);
    return stats;
}

audio::VoiceSession openLoopback(const VoiceLatencySettings& s) {
    auto voice = audio::VoiceSession::open({.loopback = true, .playback = {.queuedFrames = s.queuedFrames}});
    if (!voice.ok()) throw std::runtime_error(voice.diagnostics.firstError());
    return std::move(*voice);
}

}  // namespace

VoiceLatencyResult runVoiceLatencyBenchmark(const VoiceLatencySettings& s) {
    VoiceLatencyResult result;
    const net::SteadyClock clock;
    const glm::vec3 talkerAt{0.0f, 1.6f, -2.0f}, listenerAt{0.0f, 1.6f, 0.0f};
    {
        // Baseline: no network; the listener's session gets the frames as made.
        audio::VoiceSession session = openLoopback(s);
        result.hrtfActive = session.output().hrtf().active;
        session.setListener({listenerAt});
        const auto send = [&](const audio::EncodedFrame& f) {
            session.receive({1, f.sequence, std::uint32_t(f.captureMicros / 1000), f.opus});
            session.setSpeakerPose(1, {talkerAt});
        };
        result.direct = measure(s, clock, send, [&] { session.update(); }, session);
    }
    auto started = net::VenueHost::start();
    if (!started.value) throw std::runtime_error(started.diagnostics.firstError());
    net::VenueHost& host = **started.value;
    RenderScene scene;
    scene.venueId = kVenue;
    const auto join = [&](const char* name) {
        VenueJoinSettings j;
        j.relay = "127.0.0.1:" + std::to_string(host.port());
        j.ticket = host.ticket(kVenue, net::Role::Visitor, name);
        auto joined = joinVenue(j, scene, clock);
        if (!joined.value) throw std::runtime_error(joined.diagnostics.firstError());
        return std::move(*joined.value);
    };
    std::unique_ptr<VenueClient> talker = join("Talker"), ear = join("Listener");
    const render::AvatarModels models;
    VenueLayer layer(*ear, models, nullptr);
    layer.useVoice(openLoopback(s));
    const auto pump = [&] {
        talker->setPose(standingAt(talkerAt));
        talker->update();
        layer.update(standingAt(listenerAt));
    };
    // Until the listener sees the talker where it stands (poses, interpolation delay).
    for (int i = 0; i < 400 && !ear->findAvatar("Talker"); ++i) {
        pump();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!ear->findAvatar("Talker")) throw std::runtime_error("the listener never saw the talker");
    result.relay = measure(s, clock, [&](const audio::EncodedFrame& f) { talker->sendVoice(f); }, pump,
                           *layer.voice());
    talker->leave();
    ear->leave();
    host.stop();
    return result;
}

}  // namespace places::runtime
