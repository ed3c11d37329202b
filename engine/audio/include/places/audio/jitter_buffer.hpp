#pragma once
// Per remote speaker: frames arrive late, early, twice or not at all; playback
// takes exactly one 20 ms frame per 20 ms. speexdsp's adaptive jitter buffer
// sits between the two: it orders frames by their sequence, grows its delay
// when frames arrive too late for their turn and shrinks it when the network
// calms down (it aims for about 4 % late frames). Time here is counted in
// frames taken by playback (`take` is one tick), not in wall-clock time.
//
// Sequence numbers are the sender's u16 (wrapping); they are unwrapped around
// the newest one seen into a 64-bit count. A packet further than 2^15 frames
// (11 min) from it is taken as a new talk spurt after a long pause. Memory is
// bounded: at most kMaxHeldFrames frames are held, the oldest go first.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

struct JitterBuffer_;

namespace places::audio {

struct JitterFrame {
    enum class Kind : std::uint8_t { Packet, Missing } kind = Kind::Missing;
    std::int64_t sequence = -1;        // unwrapped; the expected one when missing (-1: nothing yet)
    std::uint32_t captureTimeMs = 0;   // of the packet
    std::vector<std::byte> opus;       // the packet (Kind::Packet)
    // The packet after this frame, when it is already here: a missing frame
    // is rebuilt from its FEC data.
    std::optional<std::vector<std::byte>> next;
};

struct JitterCounts {
    std::uint64_t received = 0;
    std::uint64_t duplicates = 0;   // a sequence already held
    std::uint64_t tooLate = 0;      // arrived after its turn (played as a gap)
    std::uint64_t played = 0;       // frames taken with their packet
    std::uint64_t missing = 0;      // frames taken without one (loss, lateness, a growing delay)
    std::uint64_t dropped = 0;      // held frames evicted by the bound
};

class VoiceJitterBuffer {
public:
    static constexpr std::size_t kMaxHeldFrames = 50;  // 1 s

    VoiceJitterBuffer();
    ~VoiceJitterBuffer();
    VoiceJitterBuffer(VoiceJitterBuffer&&) noexcept;
    VoiceJitterBuffer& operator=(VoiceJitterBuffer&&) noexcept;

    // A packet as it arrives (now, in playback's time).
    void put(std::uint16_t sequence, std::uint32_t captureTimeMs, std::span<const std::byte> opus);
    // The frame to play for the next 20 ms; advances the buffer by one tick.
    JitterFrame take();

    // Frames held and not yet played.
    std::size_t held() const { return held_.size(); }
    const JitterCounts& counts() const { return counts_; }

private:
    struct Free {
        void operator()(JitterBuffer_* j) const;
    };
    std::unique_ptr<JitterBuffer_, Free> speex_;
    // Copies of the packets not yet played, by unwrapped sequence: speex
    // cannot be asked what it holds, and a missing frame needs its successor.
    std::map<std::int64_t, std::vector<std::byte>> held_;
    std::optional<std::int64_t> newest_;  // unwrapped sequence of the newest packet seen
    std::optional<std::int64_t> playhead_;  // the next frame to play, once playback started
    JitterCounts counts_;
};

}  // namespace places::audio
