#pragma once
// Interest management: which avatars one viewer is sent this tick, best first.
// Two tiers: the `nearCount` nearest avatars within `nearRadius` go every tick
// (full rate), found through a uniform grid rebuilt once per tick; the rest of
// the budget goes by priority (Fiedler's "priority accumulator", amortised):
// an avatar's priority for a viewer is the number of ticks since it was last
// sent to that viewer times a rate that falls with distance and is lower behind
// the viewer. Being sent resets it, so far avatars are sent less often but never
// starve. Accumulating "rate x ticks waited" instead of adding the rate every
// tick means a tick writes nothing per (viewer, avatar) pair it does not send.
// Positions are metres in the venue frame (x east, y up, z south; -Z ahead).
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

namespace places::net {

struct InterestParams {
    std::uint32_t nearCount = 12;        // full-rate avatars at most
    float nearRadius = 8.0f;             // metres
    float halfPriorityDistance = 12.0f;  // priority rate is 1/2 at this distance (metres)
    float behindWeight = 0.35f;          // priority factor for avatars behind the viewer
    // Each tick a viewer ranks only one contiguous block of about this many
    // candidates (the next block on the next tick), so the far tier costs the
    // same per viewer whatever the crowd: a far avatar is ranked every
    // N / rankPerTick ticks, and with a fixed byte budget it could not be sent
    // more often than that anyway. The near tier (grid) always sees everyone.
    std::uint32_t rankPerTick = 96;
    std::uint32_t maxWaitTicks = 1024;   // priority stops growing after this long unsent
};

struct Viewer {
    glm::vec3 position{0.0f};
    glm::vec3 forward{0.0f, 0.0f, -1.0f};  // unit; -Z is "ahead" in the venue frame
};

// The avatars of one table (an instance, or a venue's hosts) at one tick, laid
// out for the interest queries: positions as separate x/y/z arrays, `present`
// 1 for a slot holding an avatar with a state, else 0. Rebuilt once per tick and
// shared by every viewer of the table; allocates nothing once warm.
class InterestGrid {
public:
    // `positions[i]` counts only where `present[i]`; `cellHint` is the near radius.
    void build(std::span<const glm::vec3> positions, std::span<const std::uint8_t> present, float cellHint);

    // The up to `count` present slots nearest to `from` within `radius` metres,
    // nearest first, skipping `exclude`; appended to `out` (cleared first).
    void nearest(const glm::vec3& from, std::size_t count, float radius, std::uint32_t exclude,
                 std::vector<std::uint32_t>& out) const;

    std::size_t size() const { return x_.size(); }
    const float* x() const { return x_.data(); }
    const float* y() const { return y_.data(); }
    const float* z() const { return z_.data(); }
    const float* present() const { return present_.data(); }

private:
    std::vector<float> x_, y_, z_, present_;  // by slot
    // Present slots sorted by cell (counting sort), with their positions copied
    // alongside so a query reads contiguous memory.
    std::vector<std::uint32_t> cellStart_;  // cells_ + 1 entries
    std::vector<std::uint32_t> sortedSlot_;
    std::vector<glm::vec3> sortedPos_;
    std::vector<std::uint32_t> cellOf_, cursor_;  // scratch: cell by slot, fill position by cell
    float minX_ = 0, minZ_ = 0, cell_ = 1;
    std::int32_t nx_ = 0, nz_ = 0;
};

// Reusable buffers so a tick allocates nothing once warm.
struct InterestScratch {
    std::vector<float> score;
    std::vector<std::uint8_t> bucket;
    std::vector<std::pair<float, std::uint32_t>> ranked;
};

// Ranks the slots in [begin, end) by priority for `viewer` at tick `tick`:
// rate(distance, facing) x min(tick - lastSent[i], maxWaitTicks), where
// lastSent[i] is the tick avatar i was last sent to this viewer (0 = never).
// Appends the up to `maxPicks` highest, highest first, to `out` (cleared
// first); slots not present score 0 and are never picked.
void pickByPriority(const Viewer& viewer, const InterestGrid& grid, std::span<const std::uint32_t> lastSent,
                    std::uint32_t begin, std::uint32_t end, std::uint32_t tick, const InterestParams& params,
                    std::size_t maxPicks, InterestScratch& scratch, std::vector<std::uint32_t>& out);

// The block of slots a viewer ranks at `tick`: [first, second), one of
// ceil(slots / rankPerTick) equal blocks, the next one each tick. Viewers are
// staggered by `viewerPhase`.
std::pair<std::uint32_t, std::uint32_t> sliceOf(std::size_t slots, std::uint32_t rankPerTick, std::uint32_t tick,
                                                std::uint32_t viewerPhase);

}  // namespace places::net
