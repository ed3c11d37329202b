#pragma once
// The one check helper for Vulkan calls (style.md, 4). A failing call is fatal
// for the renderer: it throws VulkanError naming the call, the VkResult and the
// file:line of the call site. The exception stops at main (exit 1) or in a test.
#include <stdexcept>

#include <vulkan/vulkan.h>

namespace places::render {

class VulkanError : public std::runtime_error {
public:
    VulkanError(const std::string& message, VkResult result)
        : std::runtime_error(message), result_(result) {}
    VkResult result() const { return result_; }

private:
    VkResult result_;
};

const char* toString(VkResult result);

[[noreturn]] void throwVulkanError(VkResult result, const char* call, const char* file, unsigned line);

// __builtin_FILE/__builtin_LINE as default arguments name the caller's line on
// GCC and Clang alike; std::source_location is not usable with Clang 14 +
// libstdc++ 12, which the sanitizer build uses.
inline void checkVk(VkResult result, const char* call, const char* file = __builtin_FILE(),
                    unsigned line = __builtin_LINE()) {
    if (result != VK_SUCCESS) throwVulkanError(result, call, file, line);
}

}  // namespace places::render

// Records the call's text so the message says which call failed.
#define PLACES_VK_CHECK(call) ::places::render::checkVk((call), #call)
