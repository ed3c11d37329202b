#pragma once
// Independent jobs spread over a few threads, for the import's per-tile and
// per-building work. Results must not depend on which thread ran a job: each
// job writes only its own slot, and the caller combines the slots in index
// order afterwards, so the output is the same for any thread count.
// Private to places_city.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace places::city {

// 0 = one thread per hardware thread (at least 1); otherwise as asked.
inline unsigned jobThreads(unsigned requested) {
    if (requested != 0) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

// Calls job(index, worker) once for every index in [0, count), on at most
// `threads` threads (the calling thread is worker 0). Jobs are taken in index
// order from a shared counter, so a slow job does not hold up the others.
// The first exception a job throws is rethrown here after all threads stop.
template <class Job>
void runJobs(std::size_t count, unsigned threads, Job&& job) {
    const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), count));
    if (workers <= 1) {
        for (std::size_t i = 0; i < count; ++i) job(i, 0u);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&](unsigned worker) {
        try {
            for (std::size_t i = next++; i < count; i = next++) job(i, worker);
        } catch (...) {
            const std::lock_guard lock(failureMutex);
            if (!failure) failure = std::current_exception();
            next = count;  // the others stop after their current job
        }
    };
    std::vector<std::thread> helpers;
    helpers.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) helpers.emplace_back(work, w);
    work(0);
    for (auto& helper : helpers) helper.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace places::city
