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
