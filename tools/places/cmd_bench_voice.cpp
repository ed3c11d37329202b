// places bench voice: what spatial voice costs a client per 20 ms frame
// (encode, decode + jitter buffer, mixing N HRTF sources on OpenAL Soft's
// loopback device), each beside a baseline from the same run, and the latency
// the receiving pipeline adds on a network with jitter. docs/performance-audio.md.
// places bench voice-latency: mouth-to-ear through a relay on loopback, to the
// mixed output, beside the same pipeline without the network. docs/performance-net.md.
#include <cstdio>
#include <stdexcept>

#include "commands.hpp"
#include "places/audio/voice_benchmark.hpp"
#include "places/runtime/voice_latency_benchmark.hpp"

namespace places::cli {

void addBenchVoiceCommand(CLI::App& bench) {
    auto options = std::make_shared<audio::VoiceBenchSettings>();
    CLI::App* cmd = bench.add_subcommand("voice", "Voice per 20 ms frame: encode, decode + jitter buffer, HRTF mix; latency");
    cmd->add_option("--sources", options->sources, "Voices mixed at once")->capture_default_str()->check(CLI::Range(1, 32));
    cmd->add_option("--frames", options->frames, "20 ms frames per batch")->capture_default_str()->check(CLI::Range(10, 100000));
    cmd->add_option("--batches", options->batches, "Batches (median reported)")->capture_default_str()->check(CLI::Range(1, 1000));
    cmd->callback([options] {
        audio::VoiceBenchResult r;
        try {
            r = audio::runVoiceBenchmark(*options);
        } catch (const std::runtime_error& e) {
            std::fprintf(stderr, "places bench voice: %s\n", e.what());
            throw CommandExit{1};
        }
        const auto row = [](const char* what, const audio::CostPair& c, const char* baseline) {
            std::printf("  %-26s median %8.1f us/frame (%5.2f %% of 20 ms)   %-14s %8.1f us   ratio %.2f\n", what,
                        c.microsPerFrame, c.microsPerFrame / 200.0, baseline, c.baselineMicrosPerFrame,
                        c.baselineMicrosPerFrame > 0 ? c.microsPerFrame / c.baselineMicrosPerFrame : 0.0);
        };
        std::printf("voice: Opus mono 48 kHz 20 ms, %u frames x %u batches, HRTF %s\n", options->frames,
                    options->batches, r.hrtfActive ? "active" : "NOT active");
        row("encode (complexity 5)", r.encode, "complexity 10");
        row("decode + jitter buffer", r.decode, "decode alone");
        char mix[64];
        std::snprintf(mix, sizeof mix, "mix %u sources, HRTF", options->sources);
        row(mix, r.mix, "HRTF off");
        std::printf("latency, capture to mix (framing 20 ms + network + jitter buffer + %u x 20 ms queued ahead):\n",
                    r.queuedFrames - 1);
        for (const auto& l : r.latency)
            std::printf("  jitter 0-%3u ms: network median %5.1f ms, jitter-buffer wait median %5.1f ms, "
                        "capture to mix median %5.1f ms p99 %5.1f ms, late %.1f %%\n",
                        l.jitterMs, l.networkMedianMs, l.jitterWaitMedianMs, l.captureToMixMedianMs,
                        l.captureToMixP99Ms, l.lateFraction * 100.0);
    });
}

void addBenchVoiceLatencyCommand(CLI::App& bench) {
    auto options = std::make_shared<runtime::VoiceLatencySettings>();
    CLI::App* cmd = bench.add_subcommand(
        "voice-latency", "Mouth-to-ear: capture timestamp to mixed output, through a relay on loopback vs no network");
    cmd->add_option("--seconds", options->seconds, "Seconds per mode")->capture_default_str()->check(CLI::Range(2.0, 600.0));
    cmd->add_option("--burst-period", options->burstPeriodMs, "ms between bursts")->capture_default_str()->check(CLI::Range(100, 2000));
    cmd->add_option("--queued-frames", options->queuedFrames, "20 ms buffers queued ahead of the mixer per voice")
        ->capture_default_str()
        ->check(CLI::Range(1, 8));
    cmd->callback([options] {
        runtime::VoiceLatencyResult r;
        try {
            r = runtime::runVoiceLatencyBenchmark(*options);
        } catch (const std::runtime_error& e) {
            std::fprintf(stderr, "places bench voice-latency: %s\n", e.what());
            throw CommandExit{1};
        }
        std::printf("voice mouth-to-ear, capture timestamp to mixed output (10 ms mixer periods, %u x 20 ms queued, "
                    "HRTF %s), %.0f s per mode:\n",
                    options->queuedFrames, r.hrtfActive ? "active" : "NOT active", options->seconds);
        const auto row = [](const char* what, const runtime::LatencyStats& l) {
            std::printf("  %-34s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%zu of %zu bursts heard, "
                        "%llu late mixer periods)\n",
                        what, l.p50Ms, l.p95Ms, l.p99Ms, l.maxMs, l.detected, l.bursts,
                        static_cast<unsigned long long>(l.latePeriods));
        };
        row("through the relay (ENet loopback)", r.relay);
        row("baseline: no network", r.direct);
        if (r.direct.p50Ms > 0)
            std::printf("  relay - baseline: p50 %+.1f ms, p99 %+.1f ms\n", r.relay.p50Ms - r.direct.p50Ms,
                        r.relay.p99Ms - r.direct.p99Ms);
        std::printf("  target p99 <= 150 ms (ITU-T G.114), goal <= 80 ms: %s\n",
                    r.relay.p99Ms <= 80.0 ? "goal met" : r.relay.p99Ms <= 150.0 ? "target met" : "NOT met");
    });
}

}  // namespace places::cli
