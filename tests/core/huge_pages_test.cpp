#include <catch2/catch.hpp>

#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "places/core/huge_pages.hpp"
#include "places/core/sanitizers.hpp"

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

namespace {

// The VmFlags line of the mapping holding `address` (/proc/self/smaps).
[[maybe_unused]] std::string vmFlagsAt(const void* address) {  // unused under ASan
    std::ifstream smaps("/proc/self/smaps");
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t first = 0, last = 0;
        char dash = 0;
        std::istringstream header(line);
        if (header >> std::hex >> first >> dash >> last && dash == '-') {
            inside = first <= at && at < last;
        } else if (inside && line.starts_with("VmFlags:")) {
            return line;
        }
    }
    return {};
}

}  // namespace

TEST_CASE("the heap on huge pages: grown once by the reserve, advised, and used for buffers up to 32 MiB") {
    const std::size_t advised = places::useHugePagesForHeap({std::size_t{16} << 20, true});
#if defined(PLACES_ASAN)
    // ASan's allocator replaces glibc's brk heap: nothing grows, nothing is advised.
    CHECK(advised == 0);
#else
    REQUIRE(advised >= std::size_t{16} << 20);
    // A 4 MiB buffer (above glibc's default 128 KiB mmap threshold) now comes
    // from the advised heap: its mapping carries the kernel's "hg" flag
    // (VM_HUGEPAGE), which only madvise(MADV_HUGEPAGE) sets.
    std::vector<std::uint8_t> buffer(std::size_t{4} << 20, 1);
    const std::string flags = vmFlagsAt(buffer.data() + buffer.size() / 2);
    INFO(flags);
    REQUIRE_FALSE(flags.empty());
    CHECK(flags.find(" hg") != std::string::npos);
    // An ordinary allocation elsewhere (a fresh mmap) is not advised.
    void* mapped = mmap(nullptr, std::size_t{4} << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(mapped != MAP_FAILED);
    CHECK(vmFlagsAt(mapped).find(" hg") == std::string::npos);
    munmap(mapped, std::size_t{4} << 20);
#endif
    CHECK(places::useHugePagesForHeap({0, false}) == 0);  // no reserve: nothing done
}
