// places bench voice: what spatial voice costs a client per 20 ms frame
// (encode, decode + jitter buffer, mixing N HRTF sources on OpenAL Soft's
// loopback device), each beside a baseline from the same run, and the latency
// the receiving pipeline adds on a network with jitter. docs/performance-audio.md.
#include <cstdio>
#include <stdexcept>

#include "commands.hpp"
#include "places/audio/voice_benchmark.hpp"

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

}  // namespace places::cli
