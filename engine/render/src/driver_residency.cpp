#include "driver_residency.hpp"

#include "places/core/sanitizers.hpp"

#if defined(PLACES_ASAN)
#include <dlfcn.h>
#include <link.h>

#include <cstring>
#endif

namespace places::render {

#if defined(PLACES_ASAN)

namespace {

bool isVulkanDriverOrLayer(const char* path) {
    const char* slash = std::strrchr(path, '/');
    const char* name = slash ? slash + 1 : path;
    return std::strncmp(name, "libvulkan_", 10) == 0 || std::strncmp(name, "libVkLayer_", 11) == 0;
}

int pinIfDriver(dl_phdr_info* info, std::size_t, void*) {
    if (info->dlpi_name && *info->dlpi_name && isVulkanDriverOrLayer(info->dlpi_name)) {
        // RTLD_NOLOAD: only a library that is already loaded; RTLD_NODELETE:
        // the loader's dlclose no longer unmaps it. The handle is dropped on
        // purpose: the library is to stay.
        (void)dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    }
    return 0;
}

}  // namespace

// Mesa 22.3's lavapipe (Debian 12), on the first uploads and draws, sets up a
// small block allocator (two 56-byte blocks, Mesa's u_mm heap) kept in a static
// that it never frees. The Vulkan loader unloads the driver at vkDestroyInstance,
// so at exit LeakSanitizer finds those blocks referenced from nowhere, reports
// them against an "<unknown module>" (no suppression can name it) and, with
// abort_on_error, turns a clean `places render` into SIGABRT: the ASan run of
// the hostile-scene tests failed that way. Kept loaded, the driver's statics
// stay mapped, LSan sees the blocks as reachable, and any real leak inside a
// driver is still reported, now with the driver's name on it.
void keepDriversResidentForLeakCheck() { dl_iterate_phdr(pinIfDriver, nullptr); }

#else

void keepDriversResidentForLeakCheck() {}

#endif

}  // namespace places::render
