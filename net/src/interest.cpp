#include "places/net/interest.hpp"

#include <algorithm>
#include <cassert>

#include <glm/geometric.hpp>

namespace places::net {

namespace {

using Heap = std::vector<std::pair<float, std::uint32_t>>;

// Keeps the `limit` smallest keys: a max-heap whose top is the worst kept one.
inline void keepSmallest(Heap& heap, std::size_t limit, float key, std::uint32_t index) {
    if (heap.size() < limit) {
        heap.emplace_back(key, index);
        std::push_heap(heap.begin(), heap.end());
    } else if (limit > 0 && key < heap.front().first) {
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = {key, index};
        std::push_heap(heap.begin(), heap.end());
    }
}

}  // namespace

void pickInterest(const Viewer& viewer, std::span<const glm::vec3> positions, std::span<const std::uint8_t> eligible,
                  std::span<float> accumulators, const InterestParams& params, std::uint32_t slice,
                  std::size_t maxPicks, InterestScratch& scratch, InterestPicks& picks) {
    assert(positions.size() == eligible.size() && positions.size() == accumulators.size());
    Heap& nearHeap = scratch.nearHeap;  // key: distance^2
    Heap& farHeap = scratch.farHeap;    // key: -accumulated priority
    nearHeap.clear();
    farHeap.clear();
    const std::size_t nearMax = std::min<std::size_t>(params.nearCount, maxPicks);
    const float nearR2 = params.nearRadius * params.nearRadius;
    const float invHalf2 = 1.0f / (params.halfPriorityDistance * params.halfPriorityDistance);
    const std::size_t step = std::max<std::uint32_t>(params.slices, 1);
    const auto weight = static_cast<float>(step);
    for (std::size_t i = slice % step; i < positions.size(); i += step) {
        if (!eligible[i]) continue;
        const glm::vec3 d = positions[i] - viewer.position;
        const float d2 = glm::dot(d, d);
        // The sign of the cosine is enough: no square root per candidate.
        const float facing = glm::dot(d, viewer.forward) >= 0.0f ? 1.0f : params.behindWeight;
        const float acc = accumulators[i] += weight * facing / (1.0f + d2 * invHalf2);
        const auto index = static_cast<std::uint32_t>(i);
        if (d2 <= nearR2) keepSmallest(nearHeap, nearMax, d2, index);
        if (farHeap.size() < maxPicks || -acc < farHeap.front().first) keepSmallest(farHeap, maxPicks, -acc, index);
    }
    std::sort_heap(nearHeap.begin(), nearHeap.end());
    std::sort_heap(farHeap.begin(), farHeap.end());
    picks.nearest.clear();
    picks.byPriority.clear();
    for (const auto& [d2, i] : nearHeap) picks.nearest.push_back(i);
    for (const auto& [negAcc, i] : farHeap) picks.byPriority.push_back(i);
}

}  // namespace places::net
