// The jitter buffer on a simulated network: time is counted in 20 ms ticks,
// packet s is captured at tick s and arrives at tick s + delay(s); each tick
// the arrivals are put, then one frame is taken for playback.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <random>

#include "places/audio/jitter_buffer.hpp"
#include "places/audio/voice_format.hpp"

using namespace places::audio;

namespace {

struct Played {
    std::int64_t tick;
    JitterFrame frame;
};

// Plays `ticks` ticks; packet s (s < packets) arrives at tick arrival(s)
// (negative: lost). The payload of packet s is its number (one byte).
std::vector<Played> simulate(int packets, int ticks, const std::function<int(int)>& arrival,
                             VoiceJitterBuffer& jb, std::uint16_t firstSequence = 0) {
    std::vector<std::vector<int>> arrivals(static_cast<std::size_t>(ticks));
    for (int s = 0; s < packets; ++s)
        if (const int a = arrival(s); a >= 0 && a < ticks) arrivals[std::size_t(a)].push_back(s);
    std::vector<Played> out;
    for (int t = 0; t < ticks; ++t) {
        for (int s : arrivals[std::size_t(t)]) {
            const std::byte payload[1] = {std::byte(s & 0xff)};
            jb.put(std::uint16_t(firstSequence + s), std::uint32_t(s * 20), payload);
        }
        out.push_back({t, jb.take()});
    }
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

TEST_CASE("jitter buffer reorders out-of-order frames", "[audio][jitter]") {
    VoiceJitterBuffer jb;
    // Packets swapped in pairs from packet 4 on: 5 arrives before 4, 7 before 6...
    const auto played = simulate(200, 210, [](int s) { return s < 4 ? s : (s % 2 ? s - 1 : s + 1); }, jb);
    std::int64_t last = -1;
    std::vector<bool> heard(200, false);
    for (const Played& p : played) {
        if (p.frame.kind != JitterFrame::Kind::Packet) continue;
        REQUIRE(p.frame.sequence > last);  // in order, each once
        last = p.frame.sequence;
        REQUIRE(p.frame.opus.size() == 1);
        REQUIRE(int(p.frame.opus[0]) == int(p.frame.sequence & 0xff));
        REQUIRE(p.frame.captureTimeMs == std::uint32_t(p.frame.sequence * 20));
        heard[std::size_t(p.frame.sequence)] = true;
    }
    // After the buffer has grown by the one frame the swaps need, nothing is missed.
    for (std::size_t s = 10; s < 200; ++s) REQUIRE(heard[s]);
    CHECK(jb.counts().tooLate <= 2);
}

TEST_CASE("jitter buffer adapts its delay to the network's jitter", "[audio][jitter]") {
    const auto run = [](int maxJitterFrames, double& medianDelay, double& lateRate) {
        VoiceJitterBuffer jb;
        std::mt19937 rng(42);
        std::vector<int> jitter(3000);
        std::uniform_int_distribution<int> d(0, maxJitterFrames);
        for (int& j : jitter) j = d(rng);
        const auto played = simulate(3000, 3010, [&](int s) { return s + jitter[std::size_t(s)]; }, jb);
        // The last 1000 ticks, once the buffer has settled.
        std::vector<double> delays;
        std::size_t missing = 0, slots = 0;
        for (const Played& p : played) {
            if (p.tick < 2000 || p.tick >= 3000) continue;
            ++slots;
            if (p.frame.kind == JitterFrame::Kind::Packet) delays.push_back(double(p.tick - p.frame.sequence));
            else ++missing;
        }
        medianDelay = median(delays);
        lateRate = double(missing) / double(slots);
    };
    double calmDelay = 0, calmLate = 0, jitteryDelay = 0, jitteryLate = 0;
    run(0, calmDelay, calmLate);
    run(6, jitteryDelay, jitteryLate);  // up to 120 ms of jitter
    INFO("calm: delay " << calmDelay << " late " << calmLate << "; jittery: delay " << jitteryDelay << " late "
                        << jitteryLate);
    CHECK(calmDelay <= 1.0);   // a calm network costs (almost) no buffering
    CHECK(calmLate == 0.0);
    CHECK(jitteryDelay >= 3.0);  // the buffer grew towards the jitter ...
    CHECK(jitteryDelay <= 7.0);  // ... but not beyond it
    CHECK(jitteryLate < 0.08);   // and few frames miss their turn (speex aims at ~4 %)
}

TEST_CASE("jitter buffer plays across the u16 sequence wrap", "[audio][jitter]") {
    VoiceJitterBuffer jb;
    const auto played = simulate(100, 105, [](int s) { return s; }, jb, 65500);
    std::size_t packets = 0;
    std::int64_t last = -1;
    for (const Played& p : played)
        if (p.frame.kind == JitterFrame::Kind::Packet) {
            ++packets;
            REQUIRE(p.frame.sequence > last);
            last = p.frame.sequence;
        }
    CHECK(packets == 100);
    CHECK(last == 65500 + 99);  // unwrapped, not back to 63
}

TEST_CASE("jitter buffer counts duplicates and hands out the next packet for FEC", "[audio][jitter]") {
    VoiceJitterBuffer jb;
    const std::byte a[1] = {std::byte{1}}, b[1] = {std::byte{2}}, c[1] = {std::byte{3}};
    jb.put(0, 0, a);
    CHECK(jb.take().kind == JitterFrame::Kind::Packet);
    jb.put(2, 40, c);  // 1 is lost; 2 is here
    jb.put(2, 40, c);
    CHECK(jb.counts().duplicates == 1);
    const JitterFrame missing = jb.take();
    CHECK(missing.kind == JitterFrame::Kind::Missing);
    CHECK(missing.sequence == 1);
    REQUIRE(missing.next);
    CHECK((*missing.next)[0] == std::byte{3});
    const JitterFrame two = jb.take();
    CHECK(two.kind == JitterFrame::Kind::Packet);
    CHECK(two.sequence == 2);
    jb.put(1, 20, b);  // after its turn
    CHECK(jb.counts().tooLate == 1);
}

TEST_CASE("jitter buffer holds a bounded number of frames whatever arrives", "[audio][jitter]") {
    VoiceJitterBuffer jb;
    const std::byte p[1] = {std::byte{0}};
    for (int s = 0; s < 1000; ++s) jb.put(std::uint16_t(s * 7), 0, p);  // never taken
    CHECK(jb.held() <= VoiceJitterBuffer::kMaxHeldFrames);
    const std::vector<std::byte> huge(kMaxPacketBytes + 1);
    const auto before = jb.counts().received;
    jb.put(5, 0, huge);
    jb.put(6, 0, {});
    CHECK(jb.counts().received == before);  // refused, not held
}
