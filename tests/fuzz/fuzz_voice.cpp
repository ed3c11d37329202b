// libFuzzer target for the receiving side of voice: a remote speaker's frames
// are untrusted bytes (any sequence numbers, any Opus payloads, in any order).
// The input is a run of records [u16 sequence LE][u8 length][length bytes];
// after each record one 20 ms slot is played. Every slot must be filled with
// finite samples within full scale, the jitter buffer must stay within its bound, and the
// counters must add up (every slot is exactly one kind).
// Seeds: tests/fuzz/corpus/fuzz_voice/ (real Opus frames in this framing).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "places/audio/voice_stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace places::audio;
    VoiceStream stream;
    std::vector<float> pcm(kFrameSamples);
    std::uint64_t slots = 0;
    for (std::size_t at = 0; at + 3 <= size;) {
        const auto sequence = std::uint16_t(data[at] | (data[at + 1] << 8));
        const std::size_t length = data[at + 2];
        at += 3;
        const std::size_t n = std::min(length, size - at);
        stream.receive(sequence, std::uint32_t(at), {reinterpret_cast<const std::byte*>(data + at), n});
        at += n;
        stream.next(pcm);
        ++slots;
        for (float v : pcm)
            if (!std::isfinite(v) || std::abs(v) > 1.0f) __builtin_trap();
        if (stream.jitter().held() > VoiceJitterBuffer::kMaxHeldFrames) __builtin_trap();
    }
    const StreamCounts& c = stream.counts();
    if (c.decoded + c.recovered + c.concealed + c.silent != slots) __builtin_trap();
    return 0;
}
