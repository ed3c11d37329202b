#include "places/core/huge_pages.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace places {

void adviseHugePages(void* data, std::size_t size) {
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t last = (begin + size) & ~(kHuge - 1);
    if (data != nullptr && last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

std::size_t useHugePagesForHeap(const HeapOnHugePages& options) {
    if (options.reserveBytes == 0) return 0;
    const int reserve = static_cast<int>(std::min<std::size_t>(options.reserveBytes, std::size_t{1} << 30));
    if (options.oneArena) mallopt(M_ARENA_MAX, 1);
    // A fixed threshold also stops malloc from raising it after each free of
    // an mmapped chunk, so the behaviour does not depend on allocation order.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, reserve);
    mallopt(M_TRIM_THRESHOLD, reserve);  // keep the reserve: only more than it is given back
    // One allocation larger than the heap's free top makes malloc grow the
    // heap by it plus the pad; `volatile` keeps the compiler from eliding the
    // malloc/free pair. The free top (keepcost) is counted in: a process that
    // already freed memory there (a test binary running many cases) would
    // otherwise serve a fixed-size probe from it and grow nothing.
    const std::size_t freeTop = mallinfo2().keepcost;
    void* const before = sbrk(0);
    void* volatile probe = std::malloc(freeTop + (std::size_t{1} << 20));
    void* const after = sbrk(0);
    std::size_t grown = 0;
    if (before != reinterpret_cast<void*>(-1) && after != reinterpret_cast<void*>(-1) && after > before) {
        grown = static_cast<std::size_t>(static_cast<char*>(after) - static_cast<char*>(before));
        adviseHugePages(before, grown);  // while all of it is mapped: the free below trims the probe's part
    }
    std::free(probe);
    return grown;
}

}  // namespace places
