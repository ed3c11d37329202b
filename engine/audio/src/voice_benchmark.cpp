#include "places/audio/voice_benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>

#include "places/audio/audio_output.hpp"
#include "places/audio/jitter_buffer.hpp"
#include "places/audio/opus_codec.hpp"
#include "places/audio/speech_signal.hpp"
#include "places/audio/voice_playback.hpp"

namespace places::audio {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

// Median over batches of the mean microseconds per frame of `batch(frames)`.
template <class F>
double timeBatches(const VoiceBenchSettings& s, F&& batch) {
    std::vector<double> perFrame;
    for (std::uint32_t b = 0; b < s.batches; ++b) {
        const auto t0 = Clock::now();
        batch();
        perFrame.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / double(s.frames));
    }
    return median(perFrame);
}

std::vector<std::vector<std::byte>> encodeSpeech(std::uint32_t frames, float phase) {
    const auto speech = speechLikeSignal(std::uint64_t(frames) * kFrameSamples, {.phase = phase});
    OpusVoiceEncoder encoder;
    std::vector<std::vector<std::byte>> packets;
    for (std::uint32_t f = 0; f < frames; ++f)
        packets.push_back(encoder.encode(std::span(speech).subspan(std::size_t(f) * kFrameSamples, kFrameSamples)));
    return packets;
}

double mixCost(const VoiceBenchSettings& s, bool hrtf, bool& active) {
    auto out = AudioOutput::open({.loopback = true, .hrtf = hrtf});
    if (!out.ok()) throw std::runtime_error(out.diagnostics.firstError());
    active = out->hrtf().active;
    VoicePlayback playback({.queuedFrames = 2});
    std::vector<std::vector<std::vector<std::byte>>> packets;
    for (std::uint32_t i = 0; i < s.sources; ++i) packets.push_back(encodeSpeech(s.frames, 0.37f * float(i)));
    playback.setListener({});
    std::vector<float> stereo(kFrameSamples * 2);
    std::vector<double> perFrame;
    std::uint32_t sequence = 0;
    for (std::uint32_t b = 0; b < s.batches; ++b) {
        double micros = 0.0;
        for (std::uint32_t f = 0; f < s.frames; ++f, ++sequence) {
            for (std::uint32_t i = 0; i < s.sources; ++i) {
                playback.receive({i, std::uint16_t(sequence), sequence * 20, packets[i][f]});
                // Around the listener at 2-4 m, as a group of people stands.
                const float a = 6.2831853f * float(i) / float(s.sources);
                playback.setSpeakerPose(i, {{2.0f * std::sin(a) * (1.0f + float(i % 2)), 0.0f,
                                             -2.0f * std::cos(a) * (1.0f + float(i % 2))}});
            }
            playback.update();  // decode: not part of the mix's cost
            const auto t0 = Clock::now();
            out->renderLoopback(stereo);
            micros += std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
        }
        perFrame.push_back(micros / double(s.frames));
    }
    return median(perFrame);
}

LatencyRun latencyRun(std::uint32_t jitterMs, std::uint32_t queuedFrames, std::uint32_t frames) {
    // One speaker, one packet per 20 ms tick, each delayed by a uniform 0..jitter.
    const auto packets = encodeSpeech(64, 0.0f);
    std::mt19937 rng(jitterMs + 1);
    std::uniform_real_distribution<double> transit(0.0, double(jitterMs));
    std::vector<std::vector<std::uint32_t>> arrivals(frames + 16);
    std::vector<double> network(frames);
    for (std::uint32_t s = 0; s < frames; ++s) {
        network[s] = transit(rng);
        // It can be taken at the first tick boundary after it arrived.
        const auto tick = s + std::uint32_t(std::ceil(network[s] / 20.0));
        if (tick < arrivals.size()) arrivals[tick].push_back(s);
    }
    VoiceJitterBuffer jb;
    std::vector<double> wait, total;
    std::uint64_t slots = 0, late = 0;
    for (std::uint32_t t = 0; t < arrivals.size(); ++t) {
        for (std::uint32_t s : arrivals[t]) jb.put(std::uint16_t(s), s * 20, packets[s % packets.size()]);
        const JitterFrame f = jb.take();
        if (t < frames / 5 || t >= frames) continue;  // settle first
        ++slots;
        if (f.kind != JitterFrame::Kind::Packet) {
            ++late;
            continue;
        }
        const auto s = std::size_t(f.sequence);
        wait.push_back(double(t) * 20.0 - (double(s) * 20.0 + network[s]));
        // Framing: the frame's first sample waited 20 ms for its last. The
        // frame taken at tick t reaches the mixer behind queuedFrames - 1 others.
        total.push_back(20.0 + double(t - s) * 20.0 + double(queuedFrames - 1) * 20.0);
    }
    LatencyRun r;
    r.jitterMs = jitterMs;
    r.networkMedianMs = median(network);
    r.jitterWaitMedianMs = median(wait);
    r.captureToMixMedianMs = median(total);
    r.captureToMixP99Ms = percentile(total, 0.99);
    r.lateFraction = slots ? double(late) / double(slots) : 0.0;
    return r;
}

}  // namespace

VoiceBenchResult runVoiceBenchmark(const VoiceBenchSettings& s) {
    VoiceBenchResult r;
    const auto speech = speechLikeSignal(std::uint64_t(s.frames) * kFrameSamples);
    const auto encodeAt = [&](std::int32_t complexity) {
        OpusVoiceEncoder encoder({.complexity = complexity});
        std::size_t bytes = 0;
        const double us = timeBatches(s, [&] {
            for (std::uint32_t f = 0; f < s.frames; ++f)
                bytes += encoder.encode(std::span(speech).subspan(std::size_t(f) * kFrameSamples, kFrameSamples)).size();
        });
        return bytes > 0 ? us : 0.0;
    };
    r.encode = {encodeAt(OpusEncoderSettings{}.complexity), encodeAt(10)};

    const auto packets = encodeSpeech(s.frames, 0.0f);
    std::vector<float> pcm(kFrameSamples);
    OpusVoiceDecoder plain;
    r.decode.baselineMicrosPerFrame = timeBatches(s, [&] {
        for (const auto& p : packets) plain.decode(p, pcm);
    });
    OpusVoiceDecoder decoder;
    VoiceJitterBuffer jb;
    std::uint32_t sequence = 0;
    r.decode.microsPerFrame = timeBatches(s, [&] {
        for (const auto& p : packets) {
            jb.put(std::uint16_t(sequence), sequence * 20, p);
            ++sequence;
            const JitterFrame f = jb.take();
            if (f.kind == JitterFrame::Kind::Packet) decoder.decode(f.opus, pcm);
            else decoder.conceal(pcm);
        }
    });

    bool off = false;
    r.mix.microsPerFrame = mixCost(s, true, r.hrtfActive);
    r.mix.baselineMicrosPerFrame = mixCost(s, false, off);
    r.queuedFrames = PlaybackSettings{}.queuedFrames;
    for (const std::uint32_t j : s.jitterMs) r.latency.push_back(latencyRun(j, r.queuedFrames, 3000));
    return r;
}

}  // namespace places::audio
