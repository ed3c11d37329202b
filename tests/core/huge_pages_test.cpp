#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

#include "places/core/huge_pages.hpp"

// The advice itself is invisible to the program (the kernel may or may not
// back the range with huge pages); what must hold is that the copy is exact
// for any size and that advising odd ranges never fails.
TEST_CASE("an advised copy holds exactly the source bytes") {
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{(5u << 20) + 3}}) {
        std::vector<std::uint8_t> source(size);
        std::iota(source.begin(), source.end(), std::uint8_t{7});
        const auto copy = places::copyIntoAdvisedVector(source.data(), source.size());
        CHECK(copy.size() == size);
        CHECK(copy == source);
    }
    std::vector<std::uint32_t> words(1u << 20);
    std::iota(words.begin(), words.end(), 1u);
    CHECK(places::copyIntoAdvisedVector(words.data(), words.size()) == words);
}

TEST_CASE("advising null, tiny and unaligned ranges leaves the memory as it was") {
    places::adviseHugePages(nullptr, 0);
    places::adviseHugePages(nullptr, std::size_t{8} << 20);
    std::vector<std::uint8_t> block((std::size_t{6} << 20) + 1, 0x5a);
    places::adviseHugePages(block.data() + 1, 100);
    places::adviseHugePages(block.data() + 3, block.size() - 3);
    CHECK(block.front() == 0x5a);
    CHECK(block.back() == 0x5a);
    CHECK(block[std::size_t{3} << 20] == 0x5a);
}
