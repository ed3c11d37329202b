#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "places/net/interest.hpp"

using namespace places::net;

namespace {

std::vector<std::uint32_t> bruteNearest(const std::vector<glm::vec3>& pos, const std::vector<std::uint8_t>& present,
                                        const glm::vec3& from, std::size_t count, float radius, std::uint32_t exclude) {
    std::vector<std::pair<float, std::uint32_t>> all;
    for (std::uint32_t i = 0; i < pos.size(); ++i) {
        const glm::vec3 d = pos[i] - from;
        const float d2 = d.x * d.x + d.y * d.y + d.z * d.z;
        if (present[i] && i != exclude && d2 <= radius * radius) all.emplace_back(d2, i);
    }
    std::sort(all.begin(), all.end());
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < std::min(count, all.size()); ++i) out.push_back(all[i].second);
    return out;
}

}  // namespace

TEST_CASE("the near tier holds the nearest avatars, nearest first", "[interest]") {
    std::vector<glm::vec3> pos;
    for (int i = 0; i < 100; ++i) pos.push_back({static_cast<float>(100 - i) * 0.5f, 0.0f, 0.0f});  // index 99 nearest
    std::vector<std::uint8_t> present(pos.size(), 1);
    InterestGrid grid;
    grid.build(pos, present, 8.0f);
    std::vector<std::uint32_t> near;
    grid.nearest(glm::vec3(0.0f), 5, 10.0f, UINT32_MAX, near);
    CHECK(near == std::vector<std::uint32_t>{99, 98, 97, 96, 95});
    grid.nearest(glm::vec3(0.0f), 5, 10.0f, 99, near);  // the viewer's own slot is skipped
    CHECK(near.front() == 98);
    grid.nearest(glm::vec3(0.0f), 50, 2.0f, UINT32_MAX, near);  // only within the radius
    CHECK(near == std::vector<std::uint32_t>{99, 98, 97, 96});
    present[99] = 0;  // absent slots are never found
    grid.build(pos, present, 8.0f);
    grid.nearest(glm::vec3(0.0f), 1, 10.0f, UINT32_MAX, near);
    CHECK(near == std::vector<std::uint32_t>{98});
}

TEST_CASE("the grid's nearest match a brute-force search, inside and outside the crowd", "[interest]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> area(-30.0f, 30.0f), height(0.0f, 3.0f), unit(0.0f, 1.0f);
    InterestGrid grid;
    std::vector<std::uint32_t> near;
    for (int round = 0; round < 20; ++round) {
        const std::size_t n = 1 + static_cast<std::size_t>(unit(rng) * 600.0f);
        std::vector<glm::vec3> pos(n);
        std::vector<std::uint8_t> present(n);
        for (std::size_t i = 0; i < n; ++i) {
            pos[i] = {area(rng) * (round % 3 == 0 ? 0.1f : 1.0f), height(rng), area(rng)};
            present[i] = unit(rng) < 0.9f ? 1 : 0;
        }
        grid.build(pos, present, 8.0f);
        for (int q = 0; q < 50; ++q) {
            const glm::vec3 from{area(rng) * 1.5f, height(rng), area(rng) * 1.5f};  // some outside the crowd
            const auto exclude = static_cast<std::uint32_t>(unit(rng) * static_cast<float>(n));
            grid.nearest(from, 12, 8.0f, exclude, near);
            REQUIRE(near == bruteNearest(pos, present, from, 12, 8.0f, exclude));
        }
    }
}

TEST_CASE("far avatars gain priority while they wait, so none starves", "[interest]") {
    // One near avatar, ten far ones; two sends per tick as a relay would do them:
    // the near one every tick, the far ones take turns by priority.
    std::vector<glm::vec3> pos{{0.0f, 0.0f, -1.0f}};
    for (int i = 0; i < 10; ++i) pos.push_back({0.0f, 0.0f, -100.0f - static_cast<float>(i)});
    std::vector<std::uint8_t> present(pos.size(), 1);
    InterestGrid grid;
    grid.build(pos, present, 8.0f);
    std::vector<std::uint32_t> lastSent(pos.size(), 0), near, picks;
    InterestScratch scratch;
    std::vector<int> sent(pos.size(), 0);
    const InterestParams params;
    for (std::uint32_t tick = 1; tick <= 50; ++tick) {
        grid.nearest(glm::vec3(0.0f), params.nearCount, params.nearRadius, UINT32_MAX, near);
        REQUIRE(near == std::vector<std::uint32_t>{0});  // full rate
        lastSent[0] = tick;
        ++sent[0];
        pickByPriority(Viewer{}, grid, lastSent, 0, static_cast<std::uint32_t>(pos.size()), tick, params, 4, scratch,
                       picks);
        REQUIRE(!picks.empty());
        CHECK(picks.front() != 0);  // just sent: lowest priority
        lastSent[picks.front()] = tick;
        ++sent[picks.front()];
    }
    CHECK(sent[0] == 50);
    for (std::size_t i = 1; i < pos.size(); ++i) CHECK(sent[i] >= 4);
}

TEST_CASE("avatars in view outrank those behind, nearer outrank farther", "[interest]") {
    std::vector<glm::vec3> pos{{0.0f, 0.0f, 50.0f}, {0.0f, 0.0f, -50.0f}, {0.0f, 0.0f, -20.0f}, {0.0f, 0.0f, -10.0f}};
    std::vector<std::uint8_t> present{1, 1, 1, 0};  // slot 3 holds no avatar
    InterestGrid grid;
    grid.build(pos, present, 8.0f);
    std::vector<std::uint32_t> lastSent(pos.size(), 5), picks;
    InterestScratch scratch;
    pickByPriority(Viewer{}, grid, lastSent, 0, 4, 10, InterestParams{}, 8, scratch, picks);
    CHECK(picks == std::vector<std::uint32_t>{2, 1, 0});  // ahead near, ahead far, behind; absent never
    // Waiting longer outweighs distance.
    lastSent[2] = 9;
    pickByPriority(Viewer{}, grid, lastSent, 0, 4, 10, InterestParams{}, 1, scratch, picks);
    CHECK(picks == std::vector<std::uint32_t>{1});
}

TEST_CASE("sliced ranking covers every slot once per round and ranks only its slice", "[interest]") {
    std::vector<glm::vec3> pos(103, glm::vec3(0.0f, 0.0f, -30.0f));
    std::vector<std::uint8_t> present(pos.size(), 1);
    InterestGrid grid;
    grid.build(pos, present, 8.0f);
    std::vector<std::uint32_t> lastSent(pos.size(), 0), picks;
    InterestScratch scratch;
    for (std::uint32_t phase : {0u, 3u}) {
        std::vector<int> covered(pos.size(), 0);
        for (std::uint32_t tick = 1; tick <= 4; ++tick) {  // 103 slots, 26 per tick: 4 blocks
            const auto [begin, end] = sliceOf(pos.size(), 26, tick, phase);
            CHECK(end - begin <= 26);
            for (std::uint32_t i = begin; i < end; ++i) ++covered[i];
            pickByPriority(Viewer{}, grid, lastSent, begin, end, tick, InterestParams{}, 200, scratch, picks);
            CHECK(picks.size() == end - begin);
            for (auto i : picks) CHECK((i >= begin && i < end));
        }
        for (int c : covered) CHECK(c == 1);
    }
    // A crowd smaller than rankPerTick is ranked whole every tick.
    CHECK(sliceOf(50, 96, 7, 3) == std::pair<std::uint32_t, std::uint32_t>{0, 50});
}
