#include "places/net/interest.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>

namespace places::net {

void InterestGrid::build(std::span<const glm::vec3> positions, std::span<const std::uint8_t> present, float cellHint) {
    assert(positions.size() == present.size());
    const std::size_t n = positions.size();
    x_.resize(n);
    y_.resize(n);
    z_.resize(n);
    present_.resize(n);
    cellOf_.resize(n);
    float minX = std::numeric_limits<float>::max(), maxX = std::numeric_limits<float>::lowest();
    float minZ = minX, maxZ = maxX;
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const glm::vec3 p = positions[i];
        x_[i] = p.x;
        y_[i] = p.y;
        z_[i] = p.z;
        present_[i] = present[i] ? 1.0f : 0.0f;
        if (!present[i]) continue;
        ++count;
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
        minZ = std::min(minZ, p.z);
        maxZ = std::max(maxZ, p.z);
    }
    cellStart_.assign(1, 0);
    sortedSlot_.clear();
    sortedPos_.clear();
    nx_ = nz_ = 0;
    if (count == 0) return;
    // About 8 avatars per cell: a k-nearest query then reads a few cells; never
    // larger than the near radius, and never so small the grid outgrows the crowd.
    const float extentX = maxX - minX, extentZ = maxZ - minZ;
    const float area = std::max(extentX * extentZ, 1.0f);
    cell_ = std::clamp(std::sqrt(area * 8.0f / static_cast<float>(count)), 0.5f, std::max(cellHint, 0.5f));
    const auto cells = [&](float extent) { return static_cast<std::int32_t>(extent / cell_) + 1; };
    while (static_cast<std::int64_t>(cells(extentX)) * cells(extentZ) > 4 * static_cast<std::int64_t>(count) + 64)
        cell_ *= 1.5f;
    minX_ = minX;
    minZ_ = minZ;
    nx_ = cells(extentX);
    nz_ = cells(extentZ);
    cellStart_.assign(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(nz_) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!present[i]) continue;
        const auto cx = std::min(static_cast<std::int32_t>((x_[i] - minX_) / cell_), nx_ - 1);
        const auto cz = std::min(static_cast<std::int32_t>((z_[i] - minZ_) / cell_), nz_ - 1);
        const auto c = static_cast<std::uint32_t>(cz * nx_ + cx);
        cellOf_[i] = c;
        ++cellStart_[c + 1];
    }
    for (std::size_t c = 1; c < cellStart_.size(); ++c) cellStart_[c] += cellStart_[c - 1];
    sortedSlot_.resize(count);
    sortedPos_.resize(count);
    cursor_.assign(cellStart_.begin(), cellStart_.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
        if (!present[i]) continue;
        const std::uint32_t at = cursor_[cellOf_[i]]++;
        sortedSlot_[at] = static_cast<std::uint32_t>(i);
        sortedPos_[at] = positions[i];
    }
}

void InterestGrid::nearest(const glm::vec3& from, std::size_t count, float radius, std::uint32_t exclude,
                           std::vector<std::uint32_t>& out) const {
    out.clear();
    if (nx_ == 0 || count == 0) return;
    constexpr std::size_t kMax = 64;
    count = std::min(count, kMax);
    std::array<std::pair<float, std::uint32_t>, kMax> best;  // ascending by distance^2
    std::size_t found = 0;
    const float r2max = radius * radius;
    const auto cx = std::clamp(static_cast<std::int32_t>(std::floor((from.x - minX_) / cell_)), 0, nx_ - 1);
    const auto cz = std::clamp(static_cast<std::int32_t>(std::floor((from.z - minZ_) / cell_)), 0, nz_ - 1);
    const auto visitCell = [&](std::int32_t x, std::int32_t z) {
        if (x < 0 || z < 0 || x >= nx_ || z >= nz_) return;
        const auto c = static_cast<std::size_t>(z * nx_ + x);
        for (std::uint32_t k = cellStart_[c]; k < cellStart_[c + 1]; ++k) {
            const glm::vec3 d = sortedPos_[k] - from;
            const float d2 = d.x * d.x + d.y * d.y + d.z * d.z;
            if (d2 > r2max || sortedSlot_[k] == exclude) continue;
            if (found == count && d2 >= best[found - 1].first) continue;
            std::size_t at = found < count ? found++ : found - 1;
            while (at > 0 && best[at - 1].first > d2) {
                best[at] = best[at - 1];
                --at;
            }
            best[at] = {d2, sortedSlot_[k]};
        }
    };
    constexpr float kUnbounded = std::numeric_limits<float>::max();
    for (std::int32_t r = 0;; ++r) {
        if (r == 0) {
            visitCell(cx, cz);
        } else {
            for (std::int32_t x = cx - r; x <= cx + r; ++x) {
                visitCell(x, cz - r);
                visitCell(x, cz + r);
            }
            for (std::int32_t z = cz - r + 1; z <= cz + r - 1; ++z) {
                visitCell(cx - r, z);
                visitCell(cx + r, z);
            }
        }
        // Everything not visited yet lies outside the visited block of cells: at
        // least `guard` away (sides past the grid's edge hold nothing).
        const float left = cx - r <= 0 ? kUnbounded : from.x - (minX_ + static_cast<float>(cx - r) * cell_);
        const float right = cx + r >= nx_ - 1 ? kUnbounded : minX_ + static_cast<float>(cx + r + 1) * cell_ - from.x;
        const float low = cz - r <= 0 ? kUnbounded : from.z - (minZ_ + static_cast<float>(cz - r) * cell_);
        const float high = cz + r >= nz_ - 1 ? kUnbounded : minZ_ + static_cast<float>(cz + r + 1) * cell_ - from.z;
        const float guard = std::min({left, right, low, high});
        if (guard == kUnbounded || guard * guard > r2max) break;
        if (found == count && best[found - 1].first < guard * guard) break;
    }
    for (std::size_t i = 0; i < found; ++i) out.push_back(best[i].second);
}

void pickByPriority(const Viewer& viewer, const InterestGrid& grid, std::span<const std::uint32_t> lastSent,
                    std::uint32_t begin, std::uint32_t end, std::uint32_t tick, const InterestParams& params,
                    std::size_t maxPicks, InterestScratch& scratch, std::vector<std::uint32_t>& out) {
    out.clear();
    end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(std::min(grid.size(), lastSent.size())));
    if (begin >= end || maxPicks == 0) return;
    const std::size_t n = end - begin;
    scratch.score.resize(n);
    float* score = scratch.score.data();
    const float* x = grid.x() + begin;
    const float* y = grid.y() + begin;
    const float* z = grid.z() + begin;
    const float* present = grid.present() + begin;
    const std::uint32_t* sent = lastSent.data() + begin;
    const glm::vec3 p = viewer.position, f = viewer.forward;
    const float invHalf2 = 1.0f / (params.halfPriorityDistance * params.halfPriorityDistance);
    const float behind = params.behindWeight;
    const auto maxWait = static_cast<float>(params.maxWaitTicks);
    if (scratch.bucket.size() < n) scratch.bucket.resize(n);
    std::uint8_t* bucket = scratch.bucket.data();
    // The `maxPicks` highest are found without sorting everyone: positive floats
    // order like their bit patterns, so a histogram over bit-pattern buckets
    // (1/8 octave wide: exponent and 3 mantissa bits, from 2^-17 up; scores are
    // at most maxWaitTicks) gives a threshold in one pass. Bucket 0 holds no-score.
    constexpr std::uint32_t kBuckets = 256, kLowest = (127 - 17) << 3;
    // Branch-free so the compiler vectorises it: no square root (the sign of the
    // cosine is enough for "ahead"), waits as signed ints (they are small).
    for (std::size_t i = 0; i < n; ++i) {
        const float dx = x[i] - p.x, dy = y[i] - p.y, dz = z[i] - p.z;
        const float d2 = dx * dx + dy * dy + dz * dz;
        const float facing = dx * f.x + dy * f.y + dz * f.z >= 0.0f ? 1.0f : behind;
        const float waited = std::min(static_cast<float>(static_cast<std::int32_t>(tick - sent[i])), maxWait);
        const float s = present[i] * facing * waited / (1.0f + d2 * invHalf2);
        score[i] = s;
        std::uint32_t bits;
        std::memcpy(&bits, &s, sizeof bits);
        const std::uint32_t key = bits >> 20;
        bucket[i] = static_cast<std::uint8_t>(key <= kLowest ? 0 : std::min(key - kLowest, kBuckets - 1));
    }
    std::array<std::uint32_t, kBuckets> histogram{};
    std::uint32_t top = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ++histogram[bucket[i]];
        top = std::max<std::uint32_t>(top, bucket[i]);
    }
    std::uint32_t threshold = top, taken = histogram[threshold];
    while (threshold > 1 && taken < maxPicks) taken += histogram[--threshold];
    // (threshold >= 1: bucket 0, no score, is never taken)
    // Collect without a branch per candidate (which one passes is random).
    auto& ranked = scratch.ranked;
    ranked.resize(n);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ranked[kept] = {score[i], static_cast<std::uint32_t>(begin + i)};
        kept += bucket[i] >= threshold ? 1 : 0;
    }
    ranked.resize(kept);
    const auto higher = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
    if (ranked.size() > maxPicks) {
        std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(maxPicks), ranked.end(), higher);
        ranked.resize(maxPicks);
    }
    std::sort(ranked.begin(), ranked.end(), higher);
    for (const auto& [s, i] : ranked) out.push_back(i);
}

std::pair<std::uint32_t, std::uint32_t> sliceOf(std::size_t slots, std::uint32_t rankPerTick, std::uint32_t tick,
                                                std::uint32_t viewerPhase) {
    const std::uint64_t per = std::max<std::uint32_t>(rankPerTick, 1);
    const std::uint64_t blocks = std::max<std::uint64_t>((slots + per - 1) / per, 1);
    const std::uint64_t k = (static_cast<std::uint64_t>(tick) + viewerPhase) % blocks;
    return {static_cast<std::uint32_t>(slots * k / blocks), static_cast<std::uint32_t>(slots * (k + 1) / blocks)};
}

}  // namespace places::net
