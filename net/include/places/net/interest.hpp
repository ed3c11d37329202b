#pragma once
// Interest management: which avatars one viewer is sent this tick, best first.
// Two tiers: the `nearCount` nearest avatars within `nearRadius` go every tick
// (full rate) out of a share of the budget; the rest of the budget goes by
// priority accumulators (Fiedler's "priority accumulator"): each tick an avatar
// gains a priority that falls with distance and is lower behind the viewer, and
// being sent resets it to zero, so far avatars are sent less often but never
// starve, even when the near tier alone could fill the budget. Positions are
// metres in the venue frame.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

namespace places::net {

struct InterestParams {
    std::uint32_t nearCount = 12;        // full-rate avatars at most
    float nearRadius = 8.0f;             // metres
    float halfPriorityDistance = 12.0f;  // priority is 1/2 at this distance (metres)
    float behindWeight = 0.35f;          // priority factor for avatars behind the viewer
    // Each tick sweeps only every `slices`-th candidate (adding `slices` times its
    // priority), so a viewer costs O(N / slices) per tick instead of O(N): with
    // 1,000 avatars the full N x N scan would not fit a 10 ms tick on one core.
    std::uint32_t slices = 1;
};

struct Viewer {
    glm::vec3 position{0.0f};
    glm::vec3 forward{0.0f, 0.0f, -1.0f};  // unit; -Z is "ahead" in the venue frame
};

// Reusable buffers so a relay tick allocates nothing once warm.
struct InterestScratch {
    std::vector<std::pair<float, std::uint32_t>> nearHeap;
    std::vector<std::pair<float, std::uint32_t>> farHeap;
};

struct InterestPicks {
    std::vector<std::uint32_t> nearest;     // near tier, nearest first
    std::vector<std::uint32_t> byPriority;  // every eligible candidate's best, highest accumulator first
};

// Sweeps the candidates i with i % params.slices == slice: adds their priority
// (times slices) to `accumulators[i]` if `eligible[i]`, and fills `picks` (at most
// `maxPicks` per list; a near one may be in both lists). Entries of `eligible`
// outside the slice are not read. The caller sends the near tier first, then by
// priority skipping what it sent, and resets the accumulator of what it sends.
void pickInterest(const Viewer& viewer, std::span<const glm::vec3> positions, std::span<const std::uint8_t> eligible,
                  std::span<float> accumulators, const InterestParams& params, std::uint32_t slice,
                  std::size_t maxPicks, InterestScratch& scratch, InterestPicks& picks);

}  // namespace places::net
