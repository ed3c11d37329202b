#pragma once
// Transparent huge pages for large buffers that are about to be written.
// Filling fresh memory costs one page fault per 4 KiB page; on a virtual
// machine each fault is an exit to the hypervisor, and the faults of the
// asset cache's decoded textures and the renderer's CPU-device memory were
// most of `places render`'s kernel time. With THP in "madvise" mode (Debian's
// default) the kernel maps such ranges 2 MiB at a time, once advised.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace places {

// The heap of a short-lived, allocation-heavy process (`places import`,
// `places render`, a viewer's start) on huge pages, as glibc's
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 would do, from inside the process (the
// tunable is read at exec only). It fixes malloc's mmap threshold at 32 MiB
// (so buffers up to that size are reused from the heap instead of mmapped
// fresh, and faulted in again, each time), lets the heap keep `reserveBytes`
// free at its top, grows it by that much once and advises the grown range.
// `oneArena` also sends every thread's allocations to that heap (M_ARENA_MAX
// 1): right where other threads allocate most of the fresh memory (lavapipe's
// queue and raster threads), wrong where threads allocate in parallel all the
// time (the importer's workers: measured, docs/performance-render.md).
// Call it before any thread starts. Returns the bytes advised: 0 where the
// heap is not glibc's brk heap (sanitizer builds) or could not grow. Later
// growth past the reserve gets ordinary pages.
struct HeapOnHugePages {
    std::size_t reserveBytes = std::size_t{64} << 20;
    bool oneArena = false;
};
std::size_t useHugePagesForHeap(const HeapOnHugePages& options);

// Advises huge pages for the 2 MiB-aligned part of [data, data + size).
// Advice only: a kernel without THP (or THP=never) ignores it, so nothing is
// checked; ranges under 2 MiB are left alone. Call it before the first write.
void adviseHugePages(void* data, std::size_t size);

// A vector holding a copy of [first, first + size): allocated, advised, then
// written once (no zero-fill first).
template <class T>
std::vector<T> copyIntoAdvisedVector(const T* first, std::size_t size) {
    std::vector<T> v;
    v.reserve(size);
    adviseHugePages(v.data(), size * sizeof(T));
    v.assign(first, first + size);
    return v;
}

}  // namespace places
