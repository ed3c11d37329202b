#include <catch2/catch.hpp>

#include "places/net/interest.hpp"

using namespace places::net;

TEST_CASE("the near tier holds the nearest avatars, nearest first", "[interest]") {
    std::vector<glm::vec3> pos;
    for (int i = 0; i < 100; ++i) pos.push_back({static_cast<float>(100 - i) * 0.5f, 0.0f, 0.0f});  // index 99 nearest
    std::vector<std::uint8_t> eligible(pos.size(), 1);
    std::vector<float> acc(pos.size(), 0.0f);
    InterestParams params;
    params.nearCount = 5;
    params.nearRadius = 10.0f;
    InterestScratch scratch;
    InterestPicks picks;
    pickInterest(Viewer{}, pos, eligible, acc, params, 0, 8, scratch, picks);
    REQUIRE(picks.nearest.size() == 5);
    CHECK(picks.nearest[0] == 99);
    CHECK(picks.nearest[1] == 98);
    CHECK(picks.nearest[4] == 95);
    REQUIRE(picks.byPriority.size() == 8);
    CHECK(picks.byPriority[0] == 99);  // nearest also has the highest priority
    eligible[99] = 0;
    pickInterest(Viewer{}, pos, eligible, acc, params, 0, 8, scratch, picks);
    CHECK(picks.nearest[0] == 98);
}

TEST_CASE("far avatars accumulate priority until they are sent", "[interest]") {
    // One near avatar, ten far ones; two sends per tick as a relay would do them:
    // the near one every tick, the far ones take turns by priority.
    std::vector<glm::vec3> pos{{0.0f, 0.0f, -1.0f}};
    for (int i = 0; i < 10; ++i) pos.push_back({0.0f, 0.0f, -100.0f - static_cast<float>(i)});
    std::vector<std::uint8_t> eligible(pos.size(), 1);
    std::vector<float> acc(pos.size(), 0.0f);
    InterestScratch scratch;
    InterestPicks picks;
    std::vector<int> sent(pos.size(), 0);
    for (int tick = 0; tick < 50; ++tick) {
        pickInterest(Viewer{}, pos, eligible, acc, InterestParams{}, 0, 2, scratch, picks);
        REQUIRE(picks.nearest.size() == 1);
        CHECK(picks.nearest[0] == 0);  // full rate
        std::vector<std::uint32_t> chosen{picks.nearest[0]};
        for (auto i : picks.byPriority)
            if (i != picks.nearest[0] && chosen.size() < 2) chosen.push_back(i);
        for (auto i : chosen) {
            ++sent[i];
            acc[i] = 0.0f;
        }
    }
    CHECK(sent[0] == 50);
    for (std::size_t i = 1; i < pos.size(); ++i) CHECK(sent[i] >= 4);
}

TEST_CASE("avatars in view outrank those behind at equal distance", "[interest]") {
    std::vector<glm::vec3> pos{{0.0f, 0.0f, 50.0f}, {0.0f, 0.0f, -50.0f}};  // behind, ahead (-Z)
    std::vector<std::uint8_t> eligible(2, 1);
    std::vector<float> acc(2, 0.0f);
    InterestScratch scratch;
    InterestPicks picks;
    pickInterest(Viewer{}, pos, eligible, acc, InterestParams{}, 0, 1, scratch, picks);
    CHECK(picks.nearest.empty());
    REQUIRE(picks.byPriority.size() == 1);
    CHECK(picks.byPriority[0] == 1);
    CHECK(acc[0] < acc[1]);
}

TEST_CASE("a sliced sweep visits each candidate once per round, at slices times the priority", "[interest]") {
    std::vector<glm::vec3> pos(10, glm::vec3(0.0f, 0.0f, -30.0f));
    std::vector<std::uint8_t> eligible(pos.size(), 1);
    std::vector<float> acc(pos.size(), 0.0f), full(pos.size(), 0.0f);
    InterestParams sliced;
    sliced.slices = 4;
    InterestScratch scratch;
    InterestPicks picks;
    for (std::uint32_t tick = 0; tick < 4; ++tick) {
        pickInterest(Viewer{}, pos, eligible, acc, sliced, tick, 10, scratch, picks);
        for (auto i : picks.byPriority) CHECK(i % 4 == tick);
    }
    for (std::uint32_t tick = 0; tick < 4; ++tick) pickInterest(Viewer{}, pos, eligible, full, InterestParams{}, tick, 10, scratch, picks);
    for (std::size_t i = 0; i < pos.size(); ++i) CHECK(acc[i] == Approx(full[i]));
}
