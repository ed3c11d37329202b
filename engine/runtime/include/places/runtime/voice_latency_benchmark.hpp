#pragma once
// `places bench voice-latency`: mouth-to-ear latency of spatial voice on
// loopback, from a frame's capture timestamp to the moment its sound leaves
// the mixer. A talker (a VenueClient with places_audio's VoiceSender, push-
// to-talk held) sends silence with a 1 kHz burst every `burstPeriodMs`; the
// listener is a VenueClient with a VenueLayer whose voice session mixes into
// OpenAL Soft's loopback device, rendered in 10 ms periods on a real-time
// schedule (the virtual sound card). The burst's onset is found in the mixed
// samples; its time is the period's scheduled start plus the sample's offset,
// and the latency is that minus the capture time of the burst's first frame.
// Both ends share one steady clock, so no clock offset enters the number.
//
// The same run measures a baseline without the network: the talker's frames
// go straight into a second listener's session (capture times unchanged),
// so the difference is what the relay, ENet and the client's clock
// conversion add. Errors (no loopback device, relay) throw std::runtime_error.
#include <cstdint>
#include <vector>

namespace places::runtime {

struct VoiceLatencySettings {
    double seconds = 30.0;           // per mode
    std::uint32_t burstPeriodMs = 300;
    std::uint32_t burstMs = 60;      // whole frames
    std::uint32_t queuedFrames = 3;  // the playback's 20 ms buffers ahead of the mixer (as front ends use)
};

struct LatencyStats {
    std::size_t bursts = 0;        // sent
    std::size_t detected = 0;      // found in the mix
    double p50Ms = 0, p95Ms = 0, p99Ms = 0, maxMs = 0;
    std::uint64_t latePeriods = 0; // mixer periods rendered > 5 ms behind schedule (this machine's stalls)
};

struct VoiceLatencyResult {
    LatencyStats relay;   // capture -> VenueClient -> relay over ENet -> VenueClient -> VenueLayer -> mix
    LatencyStats direct;  // capture -> the listener's session -> mix (no network)
    bool hrtfActive = false;
};

VoiceLatencyResult runVoiceLatencyBenchmark(const VoiceLatencySettings& settings);

}  // namespace places::runtime
