#pragma once
// PLACES_ASAN is defined to 1 in a build with AddressSanitizer, for the few
// places that must behave differently under it (its allocator owns the heap;
// its interceptors keep loaded libraries' memory reachable). GCC says so with
// __SANITIZE_ADDRESS__; clang 14 only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define PLACES_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLACES_ASAN 1
#endif
#endif
