#include "places/net/relay_loop.hpp"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace places::net {
namespace {

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

void RelayLoop::run(const std::atomic<bool>& stop) {
    const std::uint64_t interval = 1'000'000 / std::max<std::uint32_t>(relay_.config().tickRateHz, 1);
    std::uint64_t nextTick = clock_.nowMicros() + interval;
    std::uint64_t nextPublish = clock_.nowMicros();
    double lastCpu = threadCpuSeconds();
    std::uint64_t lastTickUs = clock_.nowMicros();
    std::uint64_t lastBytesOut = 0;
    while (!stop.load(std::memory_order_relaxed)) {
        const std::uint64_t now = clock_.nowMicros();
        if (now >= nextTick) {
            // Poses that arrived since the last drain make this tick, but a flood
            // may not delay it by more than a share of the period: what is left
            // waits for the next drain, where newer poses supersede it.
            relay_.pump(0, interval / kPreTickDrainShare);
            const std::uint64_t t0 = clock_.nowMicros();
            const double cpu0 = threadCpuSeconds();
            relay_.tick();
            if (steady.recordWhile && steady.recordWhile->load(std::memory_order_relaxed)) {
                const std::uint64_t took = clock_.nowMicros() - t0;
                steady.tickMicros.push_back(took);
                steady.tickCpuMicros.push_back(static_cast<std::uint64_t>((threadCpuSeconds() - cpu0) * 1e6));
                steady.flushMicros.push_back(relay_.metrics().lastFlushMicros);
                steady.load.push_back(relay_.metrics().tickLoad.total);
                steady.relayedAgeP99Ms.push_back(relay_.metrics().relayedPoseAgeP99Ms);
                steady.sessionsSeen = relay_.metrics().sessions;
                // CPU of the whole interval since the previous tick: packet handling counts too.
                steady.cpuSeconds += threadCpuSeconds() - lastCpu;
                steady.wallSeconds += static_cast<double>(clock_.nowMicros() - lastTickUs) * 1e-6;
                steady.bytesOut += relay_.metrics().bytesOut - lastBytesOut;
                const RelayMetrics& m = relay_.metrics();
                if (steady.tickMicros.size() == 1) {
                    steady.inboundAtStart = m.poseInboundDelay;
                    steady.supersededAtStart = m.posesSuperseded;
                    steady.cutsAtStart = m.receiveCut;
                }
                steady.inboundAtEnd = m.poseInboundDelay;
                steady.supersededAtEnd = m.posesSuperseded;
                steady.cutsAtEnd = m.receiveCut;
            }
            lastBytesOut = relay_.metrics().bytesOut;
            lastCpu = threadCpuSeconds();
            lastTickUs = clock_.nowMicros();
            nextTick += interval;
            // After a stall, skip the missed ticks instead of bursting through them.
            if (clock_.nowMicros() > nextTick + interval) nextTick = clock_.nowMicros() + interval;
            cpuSeconds_.store(threadCpuSeconds());
            if (now >= nextPublish) {
                publish();
                nextPublish = now + 1'000'000;
            }
            continue;
        }
        // Between ticks, draining may use the time until the next one (and no more).
        relay_.pump(0, std::max<std::uint64_t>(nextTick > now ? nextTick - now : 0, kMinDrainMicros));
        const std::uint64_t after = clock_.nowMicros();
        if (after < nextTick)
            std::this_thread::sleep_for(std::chrono::microseconds(std::min(nextTick - after, kDrainMicros)));
    }
    relay_.shutdown("relay shutting down");
    // ENet sends the notices and completes the disconnects only while serviced.
    const std::uint64_t drainUntil = clock_.nowMicros() + 1'000'000;
    while (clock_.nowMicros() < drainUntil && relay_.metrics().peers > 0) {
        relay_.pump(10);
        relay_.tick();
    }
    publish();
}

void RelayLoop::publish() {
    if (onPublish) onPublish(relay_);
    std::string text = renderPrometheus(relay_.metrics());
    std::lock_guard lock(mutex_);
    metricsText_ = std::move(text);
}

std::string RelayLoop::metricsText() const {
    std::lock_guard lock(mutex_);
    return metricsText_;
}

}  // namespace places::net
